import Foundation
import GRDB
import Testing
@testable import Crawler

/// SQLiteStateStore against real SQLite files, each test in its own temporary directory.
@Suite struct StateStoreTests {
    // 32 lowercase hex digits, the shape of Entry.id.
    static let idA = "00000000000000000000000000000001"
    static let idB = "00000000000000000000000000000002"
    static let idC = "00000000000000000000000000000003"
    static let idD = "0123456789abcdef0123456789abcdef"

    // MARK: Schema

    @Test func migrationsCreateTheSchemaInWALMode() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            do { _ = try SQLiteStateStore(path: path) }
            let queue = try DatabaseQueue(path: path)
            try queue.read { db throws in
                let tables = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    ORDER BY name
                    """)
                #expect(tables == ["article", "batch", "batch_article", "feed", "grdb_migrations",
                                   "meta", "tombstone"])
                let indexes = try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'article'
                    AND name NOT LIKE 'sqlite_%' ORDER BY name
                    """)
                #expect(indexes == ["article_first_seen", "article_url_title"])
                // The cross-feed lookup is served by the (normalized_url, title) index.
                let indexColumns = try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('article_url_title')")
                #expect(indexColumns == ["normalized_url", "title"])
                let tombstoneSQL = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'tombstone'")
                #expect(tombstoneSQL?.contains("WITHOUT ROWID") == true)
                #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
                #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") == ["v1"])
            }
        }
    }

    @Test func reopeningKeepsDataAndDoesNotRemigrate() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            do {
                let store = try SQLiteStateStore(path: path)
                try store.saveFeed(FeedState(name: "a", url: "https://a.example/feed"))
            }
            let store = try SQLiteStateStore(path: path)
            #expect(try store.loadFeeds().keys.sorted() == ["a"])
        }
    }

    @Test func missingParentDirectoryIsCreatedWithMode0750() throws {
        try withStateDirectory { dir in
            let path = dir + "/var/lib/feedcrawler/state.db"
            _ = try SQLiteStateStore(path: path)
            let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/var/lib/feedcrawler")
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o750)
            #expect(FileManager.default.fileExists(atPath: path))
        }
    }

    // MARK: Feeds

    @Test func feedStateRoundTripsWithByteExactValidators() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            // Validators go back to the server exactly as received (RFC 9110 §13.1.1/§13.1.3:
            // weak ETag comparison and nginx's exact If-Modified-Since match).
            let feed = FeedState(
                name: "example", url: "http://example.org/feed",
                permanentURL: "https://example.org/feed.xml", etag: "W/\"abc\"",
                lastModified: "Wed, 21 Oct 2015 07:28:00 GMT", lastStatus: 200,
                lastError: "http_503", errorCount: 3, nextDue: 1_764_238_953_123,
                lastPolled: 1_764_235_353_000, gone: true, title: "Ex — ample ✓", link: "https://example.org/")
            do {
                let store = try SQLiteStateStore(path: path)
                try store.saveFeed(feed)
            }
            let store = try SQLiteStateStore(path: path)
            let loaded = try store.loadFeeds()
            #expect(loaded == ["example": feed])
            #expect(loaded["example"]?.etag == "W/\"abc\"")
            #expect(loaded["example"]?.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")

            // Saving again replaces every field, nils included.
            let cleared = FeedState(name: "example", url: "http://example.org/feed")
            try store.saveFeed(cleared)
            #expect(try store.loadFeeds() == ["example": cleared])
        }
    }

    @Test func removeFeedsKeepsConfiguredOnesAndTheirArticleIDs() throws {
        try withStore { store throws in
            try store.saveFeed(FeedState(name: "keep", url: "https://k.example/"))
            try store.saveFeed(FeedState(name: "drop", url: "https://d.example/"))
            _ = try store.commitPending(batch([article(Self.idA, feed: "drop")]))
            try store.removeFeeds(notIn: ["keep", "never-saved"])
            #expect(try store.loadFeeds().keys.sorted() == ["keep"])
            // "their article ids are kept": an item of the removed feed is still not new.
            #expect(try store.newArticles([key(Self.idA)], feedName: "other", crossFeed: false) == [])
        }
    }

    // MARK: Deduplication

    @Test func unknownIDIsNewAndRecordedIDIsNot() throws {
        try withStore { store throws in
            #expect(try store.newArticles([key(Self.idA)], feedName: "f", crossFeed: false) == [key(Self.idA)])
            _ = try store.commitPending(batch([article(Self.idA, feed: "f")]))
            #expect(try store.newArticles([key(Self.idA), key(Self.idB)], feedName: "f", crossFeed: false)
                    == [key(Self.idB)])
            // Ids are global: the same id from another feed is known too.
            #expect(try store.newArticles([key(Self.idA)], feedName: "g", crossFeed: false) == [])
        }
    }

    @Test func duplicatesAmongCandidatesKeepTheFirst() throws {
        try withStore { store throws in
            let first = ArticleKey(id: Self.idA, normalizedURL: "https://x.example/1", title: "one")
            let again = ArticleKey(id: Self.idA, normalizedURL: "https://x.example/1b", title: "one b")
            let other = key(Self.idB)
            #expect(try store.newArticles([first, other, again, other], feedName: "f", crossFeed: true)
                    == [first, other])
        }
    }

    @Test func crossFeedMatchesSameURLAndTitleFromAnotherFeedOnlyWhenAsked() throws {
        try withStore { store throws in
            let url = "https://news.example/story"
            _ = try store.commitPending(batch([article(
                ArticleKey(id: Self.idA, normalizedURL: url, title: "Big story"), feed: "wire")]))

            let syndicated = ArticleKey(id: Self.idB, normalizedURL: url, title: "Big story")
            #expect(try store.newArticles([syndicated], feedName: "mirror", crossFeed: false) == [syndicated])
            #expect(try store.newArticles([syndicated], feedName: "mirror", crossFeed: true) == [])

            // Same URL, another title: another article (a live page updated under one URL).
            let retitled = ArticleKey(id: Self.idC, normalizedURL: url, title: "Big story, updated")
            #expect(try store.newArticles([retitled], feedName: "mirror", crossFeed: true) == [retitled])

            // The rule is about ANOTHER feed: the same feed re-using url+title under a new id is new.
            #expect(try store.newArticles([syndicated], feedName: "wire", crossFeed: true) == [syndicated])

            // Both must be non-nil: a missing title matches nothing.
            let untitled = ArticleKey(id: Self.idD, normalizedURL: url, title: nil)
            #expect(try store.newArticles([untitled], feedName: "mirror", crossFeed: true) == [untitled])
        }
    }

    @Test func crossFeedNeverMatchesRowsWithoutURLOrTitle() throws {
        try withStore { store throws in
            _ = try store.commitPending(batch([article(
                ArticleKey(id: Self.idA, normalizedURL: nil, title: "Same"), feed: "wire")]))
            let candidate = ArticleKey(id: Self.idB, normalizedURL: nil, title: "Same")
            #expect(try store.newArticles([candidate], feedName: "mirror", crossFeed: true) == [candidate])
        }
    }

    // MARK: Delivery

    @Test func committedBatchIsPendingUntilDelivered() throws {
        try withStore { store throws in
            let a1 = PendingArticle(
                key: ArticleKey(id: Self.idA, normalizedURL: "https://x.example/a", title: "A"),
                feedName: "f", fileName: "20261127T102233.123456Z-\(Self.idA).json",
                tempName: ".20261127T102233.123456Z-\(Self.idA).json.tmp", seenAt: 1_000)
            let a2 = PendingArticle(
                key: ArticleKey(id: Self.idB, normalizedURL: nil, title: nil),
                feedName: "g", fileName: "20261127T102233.123457Z-\(Self.idB).json",
                tempName: ".20261127T102233.123457Z-\(Self.idB).json.tmp", seenAt: 1_001)
            let feed = FeedState(name: "f", url: "https://x.example/feed", etag: "\"v2\"")
            let id = try store.commitPending(PendingBatch(articles: [a1, a2], feeds: [feed],
                                                          lastFileTimestamp: 1_764_238_953_123_457))
            #expect(id > 0)
            #expect(try store.pendingBatches() == [
                PendingBatch(id: id, articles: [a1, a2], feeds: [], lastFileTimestamp: 1_764_238_953_123_457),
            ])
            #expect(try store.loadFeeds()["f"]?.etag == "\"v2\"")

            try store.markDelivered(batchID: id)
            #expect(try store.pendingBatches() == [])
            // Delivered articles stay known.
            #expect(try store.newArticles([a1.key, a2.key], feedName: "f", crossFeed: false) == [])
            // Marking again (recovery after a crash right after markDelivered) is harmless.
            try store.markDelivered(batchID: id)

            let next = try store.commitPending(batch([article(Self.idC, feed: "f")]))
            #expect(next > id)  // AUTOINCREMENT: ids are never reused.
        }
    }

    @Test func nextCommitMarksEarlierBatchesDeliveredInTheSameTransaction() throws {
        try withStore { store throws in
            let first = try store.commitPending(batch([article(Self.idA, feed: "f")]))
            let second = try store.commitPending(batch([article(Self.idB, feed: "f")]), markingDelivered: [first])
            // Only the newest batch is still pending; the first one's rows are gone.
            #expect(try store.pendingBatches().map(\.id) == [second])
            let third = try store.commitPending(batch([article(Self.idC, feed: "g")]), markingDelivered: [second])
            #expect(try store.pendingBatches().map(\.id) == [third])
            // Every article stays known whatever its batch's state.
            #expect(try store.newArticles([article(Self.idA, feed: "f").key, article(Self.idB, feed: "f").key,
                                           article(Self.idC, feed: "g").key], feedName: "h", crossFeed: false) == [])
        }
    }

    @Test func pendingBatchesSurviveReopenInCommitOrder() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            let first: Int64
            let second: Int64
            do {
                let store = try SQLiteStateStore(path: path)
                first = try store.commitPending(batch([article(Self.idA, feed: "f")]))
                second = try store.commitPending(PendingBatch(articles: [], feeds: [], lastFileTimestamp: 7))
            }
            let store = try SQLiteStateStore(path: path)
            let pending = try store.pendingBatches()
            #expect(pending.map(\.id) == [first, second])
            #expect(pending.map(\.articles.count) == [1, 0])
        }
    }

    @Test func failedCommitLeavesNothingBehind() throws {
        try withStore { store throws in
            let before = FeedState(name: "f", url: "https://x.example/feed", etag: "\"v1\"")
            try store.saveFeed(before)
            _ = try store.commitPending(PendingBatch(articles: [], feeds: [], lastFileTimestamp: 500))
            try store.markDelivered(batchID: 1)

            // The second feed's empty name violates CHECK (name <> ''), after the articles,
            // the batch and the first feed were already written inside the transaction.
            let bad = PendingBatch(
                articles: [article(Self.idA, feed: "f")],
                feeds: [FeedState(name: "f", url: "https://x.example/feed", etag: "\"v2\""),
                        FeedState(name: "", url: "https://y.example/feed")],
                lastFileTimestamp: 900)
            #expect(throws: StateError.self) { try store.commitPending(bad) }

            #expect(try store.loadFeeds() == ["f": before])
            #expect(try store.pendingBatches() == [])
            #expect(try store.newArticles([key(Self.idA)], feedName: "f", crossFeed: false) == [key(Self.idA)])
            #expect(try store.lastFileTimestamp() == 500)
        }
    }

    @Test func articleIDThatIsNotThirtyTwoHexDigitsIsRejected() throws {
        try withStore { store throws in
            let error = #expect(throws: StateError.self) {
                try store.commitPending(batch([article("0000000000000000000000000000000G", feed: "f")]))
            }
            #expect(error?.message.contains("CHECK constraint failed") == true)
            #expect(try store.pendingBatches() == [])
        }
    }

    @Test func lastFileTimestampOnlyMovesForward() throws {
        try withStore { store throws in
            #expect(try store.lastFileTimestamp() == 0)
            _ = try store.commitPending(PendingBatch(articles: [], feeds: [], lastFileTimestamp: 1_764_238_953_000_002))
            #expect(try store.lastFileTimestamp() == 1_764_238_953_000_002)
            // A clock stepped back must not make later names sort before earlier ones.
            _ = try store.commitPending(PendingBatch(articles: [], feeds: [], lastFileTimestamp: 1_764_238_000_000_000))
            #expect(try store.lastFileTimestamp() == 1_764_238_953_000_002)
            _ = try store.commitPending(PendingBatch(articles: [], feeds: [], lastFileTimestamp: 1_764_238_953_000_003))
            #expect(try store.lastFileTimestamp() == 1_764_238_953_000_003)
        }
    }

    // MARK: Retention

    @Test func compactTurnsOldArticlesIntoTombstonesThatStayKnown() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            let store = try SQLiteStateStore(path: path)
            let url = "https://news.example/old"
            _ = try store.commitPending(batch([
                article(ArticleKey(id: Self.idA, normalizedURL: url, title: "Old"), feed: "f", seenAt: 100),
                article(Self.idB, feed: "f", seenAt: 199),
                article(Self.idC, feed: "f", seenAt: 200),
            ]))
            #expect(try store.compact(before: 200) == 2)
            #expect(try store.compact(before: 200) == 0)

            // Tombstoned and live ids are both known, across feeds.
            #expect(try store.newArticles([key(Self.idA), key(Self.idB), key(Self.idC), key(Self.idD)],
                                          feedName: "g", crossFeed: true) == [key(Self.idD)])
            // A tombstone keeps only the id: the old url+title no longer matches cross-feed.
            let mirror = ArticleKey(id: Self.idD, normalizedURL: url, title: "Old")
            #expect(try store.newArticles([mirror], feedName: "g", crossFeed: true) == [mirror])

            let queue = try DatabaseQueue(path: path)
            try queue.read { db throws in
                #expect(try String.fetchAll(db, sql: "SELECT id FROM tombstone ORDER BY id") == [Self.idA, Self.idB])
                #expect(try String.fetchAll(db, sql: "SELECT id FROM article") == [Self.idC])
            }
        }
    }

    // MARK: Single instance

    @Test func secondStoreOnTheSamePathIsRefusedWithThePID() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            do {
                let first = try SQLiteStateStore(path: path)
                // flock locks belong to the open file description: a second open in this very
                // process conflicts like another process would.
                let error = #expect(throws: StateError.self) { try SQLiteStateStore(path: path) }
                #expect(error == StateError(
                    path: path,
                    message: "another feedcrawler process is using this state file (pid \(getpid()))"))
                try first.saveFeed(FeedState(name: "still", url: "https://works.example/"))
            }
            // Released with the first store.
            let again = try SQLiteStateStore(path: path)
            #expect(try again.loadFeeds().keys.sorted() == ["still"])
        }
    }

    // MARK: Damaged files

    @Test func fileOfRandomBytesIsReportedDamagedAndLeftUntouched() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            // Deterministic noise (an LCG), 8 KiB, not starting with "SQLite format 3\0".
            var noise = [UInt8](repeating: 0, count: 8192)
            var x: UInt32 = 12345
            for i in noise.indices {
                x = x &* 1_103_515_245 &+ 12345
                noise[i] = UInt8(truncatingIfNeeded: x >> 16)
            }
            let original = Data(noise)
            try original.write(to: URL(fileURLWithPath: path))

            let error = #expect(throws: StateError.self) { try SQLiteStateStore(path: path) }
            #expect(error?.path == path)
            #expect(error?.message == """
                the state database is damaged (file is not a database). It holds which articles \
                were already written: restore it from a backup, or move it away to start over — \
                every article still in the feeds will then be written again.
                """)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
            // The failed open released its instance lock: trying again reports the damage again.
            let again = #expect(throws: StateError.self) { try SQLiteStateStore(path: path) }
            #expect(again == error)
        }
    }

    @Test func truncatedDatabaseIsReportedDamagedAndLeftUntouched() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            let half = try writeTruncatedDatabase(path)

            let error = #expect(throws: StateError.self) { try SQLiteStateStore(path: path) }
            #expect(error?.path == path)
            #expect(error?.message.hasPrefix("the state database is damaged (") == true)
            #expect(error?.message.hasSuffix("every article still in the feeds will then be written again.") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == half)
        }
    }

    @Test func withoutQuickCheckDamageSurfacesAtTheFirstQueryThatReachesIt() throws {
        try withStateDirectory { dir in
            let path = dir + "/state.db"
            try writeTruncatedDatabase(path)
            // Files above the quick_check limit are opened without the page walk; the damage
            // must then come back as the same "damaged" error from the query that meets it.
            let error = #expect(throws: StateError.self) {
                let store = try SQLiteStateStore(path: path, quickCheckMaxBytes: 0)
                _ = try store.compact(before: .max)  // reads every article page
            }
            #expect(error?.message.hasPrefix("the state database is damaged (") == true)
        }
    }

    @Test func foreignSQLiteDatabaseIsRefusedAndLeftUntouched() throws {
        try withStateDirectory { dir in
            let path = dir + "/notes.db"
            do {
                let queue = try DatabaseQueue(path: path)
                try queue.write { db in try db.execute(sql: "CREATE TABLE note (body TEXT)") }
            }
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            let error = #expect(throws: StateError.self) { try SQLiteStateStore(path: path) }
            #expect(error?.message.hasPrefix("this SQLite database is not a feedcrawler state file") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        }
    }

    // MARK: Helpers

    /// A real state database cut to half its size; returns the bytes left in the file.
    @discardableResult
    private func writeTruncatedDatabase(_ path: String) throws -> Data {
        do {
            let store = try SQLiteStateStore(path: path)
            // Enough rows for many pages (4 KiB each), so half the file cuts B-tree pages.
            let long = String(repeating: "t", count: 300)
            var articles: [PendingArticle] = []
            for n in 0..<400 {
                let id = String(repeating: "0", count: 28) + String(format: "%04x", n)
                articles.append(article(ArticleKey(id: id, normalizedURL: "https://x.example/\(n)",
                                                   title: long), feed: "f"))
            }
            _ = try store.commitPending(batch(articles))
        }
        // Closing the last connection checkpointed the WAL into the main file.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let full = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(full.count > 100 * 4096)
        let half = full.prefix(full.count / 2)
        try half.write(to: URL(fileURLWithPath: path))
        return half
    }

    private func key(_ id: String) -> ArticleKey {
        ArticleKey(id: id, normalizedURL: nil, title: nil)
    }

    private func article(_ id: String, feed: String, seenAt: Int64 = 1_000) -> PendingArticle {
        article(key(id), feed: feed, seenAt: seenAt)
    }

    private func article(_ key: ArticleKey, feed: String, seenAt: Int64 = 1_000) -> PendingArticle {
        PendingArticle(key: key, feedName: feed, fileName: "\(key.id).json",
                       tempName: ".\(key.id).json.tmp", seenAt: seenAt)
    }

    private func batch(_ articles: [PendingArticle]) -> PendingBatch {
        PendingBatch(articles: articles, feeds: [], lastFileTimestamp: 1)
    }

    private func withStore(_ body: (SQLiteStateStore) throws -> Void) throws {
        try withStateDirectory { dir in try body(SQLiteStateStore(path: dir + "/state.db")) }
    }

    /// A fresh directory for one test, removed afterwards whatever happened.
    private func withStateDirectory(_ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("feedcrawler-state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }
}
