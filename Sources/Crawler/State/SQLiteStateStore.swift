import Foundation
internal import GRDB

/// `StateStore` in one SQLite file, through GRDB.
///
/// - A `DatabasePool`: WAL mode by construction, one writer and concurrent readers, so
///   `newArticles` lookups for many feeds never wait behind a commit's fsync.
/// - `synchronous = FULL`: every commit is fsynced. Output files are synced *before* the
///   state that describes them commits, and renamed into place after; with NORMAL a power
///   loss could undo a commit whose files were already delivered, and they would be written
///   again (https://www.sqlite.org/pragma.html#pragma_synchronous: in WAL mode NORMAL "does
///   lose durability"). Commits are per batch, not per article, so the cost is one fsync per
///   batch (newsboat ran `synchronous = OFF` instead; STYLE.md §4).
/// - One process per state file: `InstanceLock` on `<path>.lock`.
/// - A damaged file is reported, never deleted or recreated (see `StateError+Database`).
public final class SQLiteStateStore: StateStore {
    let path: String
    private let pool: DatabasePool
    private let lock: InstanceLock

    /// Opens (creating if missing) the state database at `path`, its parent directory (0750)
    /// included, then migrates it to the current schema.
    public convenience init(path: String) throws(StateError) {
        try self.init(path: path, quickCheckMaxBytes: Self.quickCheckMaxBytes)
    }

    /// `PRAGMA quick_check` walks every page: measured 3.4 s for a 1 GB file (2 million
    /// articles) with the file in the page cache, more from disk, at every start (newsboat's
    /// slow launch, newsboat#2254). Files up to this size (~130,000 articles, a fraction of
    /// a second) are checked at open; bigger ones rely on SQLite reporting SQLITE_CORRUPT at
    /// the first query that reaches a damaged page, which gets the same "damaged" error.
    static let quickCheckMaxBytes: Int64 = 64 << 20

    init(path: String, quickCheckMaxBytes: Int64) throws(StateError) {
        self.path = path
        try Self.createParentDirectory(of: path)
        self.lock = try InstanceLock(statePath: path)
        do {
            self.pool = try Self.openPool(path: path, quickCheckMaxBytes: quickCheckMaxBytes)
        } catch {
            throw StateError(error, path: path, doing: "cannot open the state database")
        }
    }

    /// The feeds' states, read without the instance lock and without writing anything, so
    /// `feedcrawler check` can show them while the daemon runs (WAL readers never block the
    /// writer).
    public static func readFeedsWithoutLock(path: String) throws(StateError) -> [String: FeedState] {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            return try queue.read { db in
                var feeds: [String: FeedState] = [:]
                for row in try Row.fetchAll(db, sql: FeedRecord.selectAllSQL) {
                    let feed = FeedRecord.feedState(row)
                    feeds[feed.name] = feed
                }
                return feeds
            }
        } catch {
            throw StateError(error, path: path, doing: "cannot read the state database")
        }
    }

    // MARK: Feeds

    public func loadFeeds() throws(StateError) -> [String: FeedState] {
        try read("load feeds") { db in
            var feeds: [String: FeedState] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: FeedRecord.selectAllSQL))
            while let row = try rows.next() {
                let feed = FeedRecord.feedState(row)
                feeds[feed.name] = feed
            }
            return feeds
        }
    }

    public func loadFeed(named name: String) throws(StateError) -> FeedState? {
        try read("load feed \(name)") { db in
            try Row.fetchOne(db.cachedStatement(sql: FeedRecord.selectAllSQL + " WHERE name = ?"),
                             arguments: [name]).map(FeedRecord.feedState)
        }
    }

    public func saveFeed(_ feed: FeedState) throws(StateError) {
        try saveFeeds([feed])
    }

    public func saveFeeds(_ feeds: [FeedState]) throws(StateError) {
        guard !feeds.isEmpty else { return }
        let what = feeds.count == 1 ? "save feed \(feeds[0].name)" : "save \(feeds.count) feeds"
        try write(what) { db in
            for feed in feeds { try FeedRecord.upsert(feed, in: db) }
        }
    }

    public func removeFeeds(notIn names: Set<String>) throws(StateError) {
        // Row by row rather than `NOT IN (?, ?, …)`: no bound-parameter limit to hit.
        try write("remove feeds") { db in
            let stored = try String.fetchAll(db, sql: "SELECT name FROM feed")
            let delete = try db.cachedStatement(sql: "DELETE FROM feed WHERE name = ?")
            for name in stored where !names.contains(name) {
                try delete.execute(arguments: [name])
            }
        }
    }

    // MARK: Deduplication

    public func newArticles(_ candidates: [ArticleKey], feedName: String,
                            crossFeed: Bool) throws(StateError) -> [ArticleKey] {
        if candidates.isEmpty { return [] }
        return try read("look up articles of \(feedName)") { db in
            // Point lookups on primary keys and the (normalized_url, title) index, through
            // prepared statements cached on the connection: no scan, no SQL built per call.
            let knownID = try db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM article WHERE id = ?1)
                    OR EXISTS (SELECT 1 FROM tombstone WHERE id = ?1)
                """)
            let sameStoryElsewhere = try db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM article
                               WHERE normalized_url = ? AND title = ? AND feed_name <> ?)
                """)
            var seen = Set<String>()
            seen.reserveCapacity(candidates.count)
            var fresh: [ArticleKey] = []
            for candidate in candidates {
                guard seen.insert(candidate.id).inserted else { continue }
                if try Bool.fetchOne(knownID, arguments: [candidate.id]) == true { continue }
                if crossFeed, let url = candidate.normalizedURL, let title = candidate.title,
                   try Bool.fetchOne(sameStoryElsewhere, arguments: [url, title, feedName]) == true {
                    continue
                }
                fresh.append(candidate)
            }
            return fresh
        }
    }

    // MARK: Delivery

    public func commitPending(_ batch: PendingBatch, markingDelivered delivered: [Int64]) throws(StateError) -> Int64 {
        try write("commit pending batch") { db in
            for id in delivered { try Self.deleteBatch(id, in: db) }
            try db.execute(
                sql: "INSERT INTO batch (created, delivered, last_file_timestamp) VALUES (?, 0, ?)",
                arguments: [Self.nowMilliseconds(), batch.lastFileTimestamp])
            let batchID = db.lastInsertedRowID
            // An id recorded meanwhile keeps its first row (first_seen stays true). Not
            // `INSERT OR IGNORE`: that would also skip rows failing the id CHECK, silently.
            let insertArticle = try db.cachedStatement(sql: """
                INSERT INTO article
                    (id, normalized_url, title, feed_name, file_name, first_seen, last_seen)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """)
            let insertPending = try db.cachedStatement(sql: """
                INSERT INTO batch_article
                    (batch_id, file_name, temp_name, article_id, normalized_url, title, feed_name, seen_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for article in batch.articles {
                let key = article.key
                try insertArticle.execute(arguments: [
                    key.id, key.normalizedURL, key.title, article.feedName, article.fileName,
                    article.seenAt, article.seenAt,
                ])
                try insertPending.execute(arguments: [
                    batchID, article.fileName, article.tempName, key.id, key.normalizedURL,
                    key.title, article.feedName, article.seenAt,
                ])
            }
            for feed in batch.feeds {
                try FeedRecord.upsert(feed, in: db)
            }
            // max(): file names must keep sorting in write order even if the clock stepped back.
            try db.execute(sql: """
                INSERT INTO meta (key, value) VALUES (?, ?)
                ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)
                """, arguments: [StateSchema.lastFileTimestampKey, batch.lastFileTimestamp])
            return batchID
        }
    }

    public func markDelivered(batchID: Int64) throws(StateError) {
        // Idempotent: recovery may deliver a batch that a previous run already marked.
        try write("mark batch \(batchID) delivered") { db in try Self.deleteBatch(batchID, in: db) }
    }

    private static func deleteBatch(_ id: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM batch_article WHERE batch_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM batch WHERE id = ?", arguments: [id])
    }

    public func pendingBatches() throws(StateError) -> [PendingBatch] {
        try read("load pending batches") { db in
            var batches: [PendingBatch] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT b.id, b.last_file_timestamp, a.file_name, a.temp_name, a.article_id,
                       a.normalized_url, a.title, a.feed_name, a.seen_at
                FROM batch b LEFT JOIN batch_article a ON a.batch_id = b.id
                WHERE b.delivered = 0
                ORDER BY b.id, a.rowid
                """)
            while let row = try rows.next() {
                let id: Int64 = row[0]
                if batches.last?.id != id {
                    batches.append(PendingBatch(id: id, articles: [], feeds: [], lastFileTimestamp: row[1]))
                }
                // A batch without articles comes back as one row of NULLs from the LEFT JOIN.
                guard let fileName: String = row[2] else { continue }
                let key = ArticleKey(id: row[4], normalizedURL: row[5], title: row[6])
                batches[batches.count - 1].articles.append(PendingArticle(
                    key: key, feedName: row[7], fileName: fileName, tempName: row[3], seenAt: row[8]))
            }
            return batches
        }
    }

    public func lastFileTimestamp() throws(StateError) -> Int64 {
        try read("read last file timestamp") { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?",
                               arguments: [StateSchema.lastFileTimestampKey]) ?? 0
        }
    }

    // MARK: Retention

    public func compact(before cutoff: Int64) throws(StateError) -> Int {
        try write("compact articles") { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO tombstone (id) SELECT id FROM article WHERE first_seen < ?
                """, arguments: [cutoff])
            try db.execute(sql: "DELETE FROM article WHERE first_seen < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    // MARK: Plumbing

    private func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do { return try pool.read(body) } catch { throw StateError(error, path: path, doing: operation) }
    }

    /// `DatabasePool.write` wraps `body` in one transaction: all of it commits, or none.
    private func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StateError) -> T {
        do { return try pool.write(body) } catch { throw StateError(error, path: path, doing: operation) }
    }

    private static func openPool(path: String, quickCheckMaxBytes: Int64) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.label = "feedcrawler-state"
        // Only this process touches the file (InstanceLock); waits come from WAL checkpoints
        // and reader/writer hand-offs, which are short.
        configuration.busyMode = .timeout(5)
        // GRDB turns foreign keys on by default; said here because batch_article relies on it.
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        // Checked through a plain connection first: opening the pool switches the file to
        // WAL, a write that must not happen to a damaged file or to someone else's database.
        if let size = Self.fileSize(path) {
            let probe = try DatabaseQueue(path: path, configuration: configuration)
            try probe.inDatabase { db in
                try StateIntegrity.check(db, path: path, quickCheck: size <= quickCheckMaxBytes)
            }
            try probe.close()
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try StateSchema.migrator.migrate(pool)
        return pool
    }

    private static func createParentDirectory(of path: String) throws(StateError) {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return }
            throw StateError(path: path, message: "\(parent) is not a directory")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: parent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o750])
        } catch {
            throw StateError(path: path, message: "cannot create directory \(parent): \(error.localizedDescription)")
        }
    }

    /// nil when there is no file yet.
    private static func fileSize(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    private static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
