import FeedParser
import Foundation
import Logging
import Testing
@testable import Crawler

/// CrawlEngine with a real SQLite store and output directory, fed poll results by hand: the
/// flush runs on the committer thread while the next batch is staged, and neither dedup nor
/// failure handling may lose or repeat an article across that overlap.
@Suite struct CrawlEngineTests {
    static let idX = "0000000000000000000000000000000a"
    static let idY = "0000000000000000000000000000000b"
    static let idZ = "0000000000000000000000000000000c"

    struct Harness {
        var engine: CrawlEngine
        var store: CommitSwitchStore
        var writer: ArticleWriter
        var output: String

        var files: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        }
        var tempFiles: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).filter { $0.hasPrefix(".") }
        }
    }

    static func withEngine(crossFeed: Bool = true, _ body: (Harness) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = CrawlerSettings(
            outputDirectory: dir + "/out", statePath: dir + "/state.db", interval: .seconds(900), concurrency: 4,
            perHost: 2, timeout: .seconds(30), connectTimeout: .seconds(10), maxSize: 1 << 20, userAgent: "test",
            retention: .seconds(90 * 86_400), crossFeed: crossFeed, allowPrivate: false)
        let store = CommitSwitchStore(try SQLiteStateStore(path: settings.statePath))
        let writer = try ArticleWriter(directory: settings.outputDirectory, lastTimestamp: try store.lastFileTimestamp())
        let engine = try CrawlEngine(settings: settings, store: store, writer: writer, logger: Logger(label: "test"))
        try body(Harness(engine: engine, store: store, writer: writer, output: settings.outputDirectory))
    }

    static func feed(_ name: String) -> FeedConfig {
        FeedConfig(name: name, url: "http://feeds.example.test/\(name)", interval: .seconds(900), timeout: .seconds(30),
                   maxSize: 1 << 20, userAgent: "test", charset: nil, enabled: true, allowPrivate: false, line: 1)
    }

    static func fetched(_ feedName: String, _ items: [(id: String, url: String, title: String)], at time: Int64 = 1_000_000)
        -> FeedPollResult {
        let articles = items.map { item in
            PreparedArticle(key: ArticleKey(id: item.id, normalizedURL: item.url, title: item.title),
                            json: Array("{\"id\":\"\(item.id)\"}\n".utf8))
        }
        return FeedPollResult(feed: feed(feedName), outcome: .fetched(articles: articles, feed: FeedInfo(), warnings: []),
                              response: nil, fetchedAt: time)
    }

    @Test func articlesOfTheBatchInFlightAreNotStagedAgain() throws {
        try Self.withEngine { h in
            h.store.holdCommits()
            try h.engine.absorb(Self.fetched("a", [(Self.idX, "https://news.example/x", "X")]))
            try h.engine.flush()  // on the committer thread from here, held before its commit
            // The same id from another feed, and the same story (URL + title) under another id.
            try h.engine.absorb(Self.fetched("b", [(Self.idX, "https://news.example/x", "X")]))
            try h.engine.absorb(Self.fetched("c", [(Self.idY, "https://news.example/x", "X"),
                                                   (Self.idZ, "https://news.example/z", "Z")]))
            h.store.release()
            try h.engine.flush()
            try h.engine.settle()
            #expect(h.files.count == 2)
            #expect(h.files.contains { $0.hasSuffix("-\(Self.idX).json") })
            #expect(h.files.contains { $0.hasSuffix("-\(Self.idZ).json") })
            #expect(h.engine.stats.newArticles == 2)
            #expect(h.tempFiles.isEmpty)
            #expect(try h.store.pendingBatches().isEmpty)
        }
    }

    /// A commit that fails on the committer thread is reported by the next flush: its files
    /// are removed, its feed goes back to the stored validators, and the batch staged in the
    /// meantime is kept and delivered by the flush after.
    @Test func failedCommitInFlightIsReportedAndTheNextBatchStillArrives() throws {
        try Self.withEngine { h in
            h.store.failNextCommit()
            try h.engine.absorb(Self.fetched("a", [(Self.idX, "https://news.example/x", "X")]))
            try h.engine.flush()
            try h.engine.absorb(Self.fetched("b", [(Self.idY, "https://news.example/y", "Y")]))
            #expect(throws: CrawlFailure.self) { try h.engine.flush() }
            #expect(h.engine.takeRescheduled() == ["a"])
            #expect(h.engine.states["a"]?.nextDue == 1_000_000 + CrawlEngine.retryAfterDeliveryFailure)
            try h.engine.flush()
            try h.engine.settle()
            #expect(h.files.count == 1)
            #expect(h.files.first?.hasSuffix("-\(Self.idY).json") == true)
            #expect(h.tempFiles.isEmpty)
            // Feed a's article was not recorded: it is new when the feed is polled again.
            try h.engine.absorb(Self.fetched("a", [(Self.idX, "https://news.example/x", "X")], at: 2_000_000))
            try h.engine.flush()
            try h.engine.settle()
            #expect(h.files.count == 2)
            #expect(h.engine.stats.newArticles == 2)
        }
    }
}

/// The real store, whose next commit can be made to fail (a full or read-only state disk).
/// Counted, not switched: the commit runs on the committer thread whenever it gets there.
final class CommitSwitchStore: StateStore, @unchecked Sendable {
    private let inner: SQLiteStateStore
    private let lock = NSCondition()
    private var failuresLeft = 0
    private var held = false

    init(_ inner: SQLiteStateStore) { self.inner = inner }

    /// Commits wait until `release()`: the batch stays in flight, not in the store, for as
    /// long as the test needs (a slow disk, made deterministic).
    func holdCommits() {
        lock.lock()
        held = true
        lock.unlock()
    }

    func release() {
        lock.lock()
        held = false
        lock.broadcast()
        lock.unlock()
    }

    func failNextCommit() {
        lock.lock()
        failuresLeft += 1
        lock.unlock()
    }

    func commitPending(_ batch: PendingBatch, markingDelivered delivered: [Int64]) throws(StateError) -> Int64 {
        lock.lock()
        let deadline = Date().addingTimeInterval(10)
        while held && lock.wait(until: deadline) {}
        let fail = failuresLeft > 0
        if fail { failuresLeft -= 1 }
        lock.unlock()
        if fail { throw StateError(path: "test", message: "database or disk is full") }
        return try inner.commitPending(batch, markingDelivered: delivered)
    }

    func loadFeeds() throws(StateError) -> [String: FeedState] { try inner.loadFeeds() }
    func loadFeed(named name: String) throws(StateError) -> FeedState? { try inner.loadFeed(named: name) }
    func saveFeed(_ feed: FeedState) throws(StateError) { try inner.saveFeed(feed) }
    func saveFeeds(_ feeds: [FeedState]) throws(StateError) { try inner.saveFeeds(feeds) }
    func newArticles(_ candidates: [ArticleKey], feedName: String, crossFeed: Bool) throws(StateError) -> [ArticleKey] {
        try inner.newArticles(candidates, feedName: feedName, crossFeed: crossFeed)
    }
    func markDelivered(batchID: Int64) throws(StateError) { try inner.markDelivered(batchID: batchID) }
    func pendingBatches() throws(StateError) -> [PendingBatch] { try inner.pendingBatches() }
    func lastFileTimestamp() throws(StateError) -> Int64 { try inner.lastFileTimestamp() }
    func compact(before cutoff: Int64) throws(StateError) -> Int { try inner.compact(before: cutoff) }
    func removeFeeds(notIn names: Set<String>) throws(StateError) { try inner.removeFeeds(notIn: names) }
}
