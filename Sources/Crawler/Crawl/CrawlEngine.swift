#if canImport(Glibc)
import Glibc
#endif
import FeedParser
import Fetcher
import Logging

/// Turns poll results into delivered articles, exactly once:
///
/// 1. deduplicate against the state store and the batch being built;
/// 2. write each new article to a hidden temp file (`ArticleWriter.stage`);
/// 3. flush: sync the temp files (one sync per batch), commit the batch as "pending" together
///    with each feed's new validators, rename the files into place, sync the directory, mark
///    the batch delivered.
///
/// Step 3 runs on a BatchCommitter thread while the loop stages the next batch; the next
/// `flush()` (or `settle()`) first waits for it. Until its commit is taken, deduplication also
/// consults the batch in flight, which the store may not hold yet.
///
/// A crash before the commit leaves orphan temp files (removed at start-up; the validators did
/// not advance, so the articles come again); a crash after it leaves a pending batch that
/// start-up finishes. Either way no article is lost or written twice.
public final class CrawlEngine {
    public private(set) var states: [String: FeedState]
    public private(set) var stats = CrawlStats()
    public var settings: CrawlerSettings

    private let store: StateStore
    private let writer: ArticleWriter
    private let logger: Logger

    private var staged: [PendingArticle] = []
    /// Batches renamed into place whose renames await a sync before they are marked delivered
    /// (with the next batch's commit, or by `settle()`). Until then they stay pending, which
    /// start-up recovery handles: their files are found in place.
    private var unmarkedBatches: [Int64] = []
    /// Feeds polled without new articles, waiting to be saved with the next flush.
    private var quietFeeds: [String: FeedState] = [:]
    private var batchFeeds: [String: FeedState] = [:]
    private var stagedIDs: Set<String> = []
    /// Normalised URL + "\n" + title of staged articles, as bytes: hashing the bytes skips the
    /// Unicode normalisation String hashing does (measurable with Cyrillic titles).
    private var stagedStories: [[UInt8]: String] = [:]

    /// A batch is flushed at this many articles even while polls are still arriving: 2,000, or
    /// FEEDCRAWLER_TEST_BATCH_ARTICLES (tests only: small batches make one crawl overlap many
    /// flushes, which the kill tests need).
    public static let maxBatchArticles: Int = {
        guard let raw = getenv("FEEDCRAWLER_TEST_BATCH_ARTICLES"), let n = Int(String(cString: raw)), n > 0 else {
            return 2_000
        }
        return n
    }()

    /// What the committer thread reports for one flush.
    enum FlushOutcome {
        /// Only feeds without articles were saved.
        case saved
        /// Committed and renamed into place (the renames are made durable by the next sync).
        case delivered(batchID: Int64)
        /// Failed before the commit: nothing of the batch counts.
        case notCommitted(CrawlFailure)
        /// Committed as pending, the renames failed: start-up recovery finishes the batch.
        case committedNotPublished(CrawlFailure)
    }

    /// The flush on the committer thread, and what deduplication needs from it meanwhile.
    private struct InFlightBatch {
        var articles: [PendingArticle]
        var feedNames: [String]
        var ids: Set<String>
        var stories: [[UInt8]: String]
    }

    private var inFlight: InFlightBatch?
    private let committer = BatchCommitter<FlushOutcome>()

    public init(settings: CrawlerSettings, store: StateStore, writer: ArticleWriter, logger: Logger) throws(StateError) {
        self.settings = settings
        self.store = store
        self.writer = writer
        self.logger = logger
        self.states = try store.loadFeeds()
    }

    deinit {
        committer.stop()
    }

    /// Articles or feed states wait for `flush()`, or a flush waits to be taken by it.
    public var hasStaged: Bool { !staged.isEmpty || !quietFeeds.isEmpty || inFlight != nil }

    /// Feeds whose next due time changed outside `absorb` (a delivery failed): the runner
    /// puts them back in its queue.
    private var rescheduled: [String] = []

    func takeRescheduled() -> [String] {
        defer { rescheduled.removeAll() }
        return rescheduled
    }

    /// Start-up: finishes batches a crash left pending, removes orphan temp files.
    public func recover() throws(CrawlFailure) {
        let pending: [PendingBatch]
        do { pending = try store.pendingBatches() } catch { throw .state(error) }
        var keep: Set<String> = []
        for batch in pending {
            do {
                let report = try writer.recover(batch.articles)
                logger.notice("finished a batch interrupted by a crash", metadata: [
                    "batch.id": "\(batch.id)", "articles.renamed": "\(report.renamed.count)",
                    "articles.already": "\(report.alreadyDelivered.count)",
                ])
                for lost in report.missing {
                    logger.error("article file missing after a crash", metadata: ["file": "\(lost.fileName)"])
                }
            } catch {
                throw .output(error)
            }
            do { try store.markDelivered(batchID: batch.id) } catch { throw .state(error) }
            for a in batch.articles { keep.insert(a.tempName) }
        }
        do {
            let removed = try writer.removeOrphanTemps(keeping: keep)
            if removed > 0 {
                logger.notice("removed temp files of a batch that was never committed", metadata: ["files": "\(removed)"])
            }
        } catch {
            throw .output(error)
        }
    }

    /// Takes one poll result: updates the feed's state and stages its new articles.
    func absorb(_ r: FeedPollResult) throws(CrawlFailure) {
        let name = r.feed.name
        var state = batchFeeds[name] ?? states[name] ?? FeedState(name: name, url: r.feed.url)
        if state.url != r.feed.url {
            // The configured URL changed: what was learned about the old one no longer applies.
            state = FeedState(name: name, url: r.feed.url, errorCount: 0)
        }
        state.lastPolled = r.fetchedAt
        let now = r.fetchedAt
        var newCount = 0

        switch r.outcome {
        case .fetched(let articles, let info, let warnings):
            stats.fetched += 1
            state.gone = false
            state.lastStatus = r.response?.status ?? 200
            state.lastError = nil
            state.errorCount = 0
            state.etag = r.response?.etag
            state.lastModified = r.response?.lastModified
            state.title = info.title
            state.link = info.link
            rememberPermanentRedirect(r, &state)
            var hints: [Duration] = []
            if let maxAge = r.response?.cacheMaxAge, maxAge > 0 { hints.append(.seconds(maxAge)) }
            if let hint = info.pollHintSeconds { hints.append(.seconds(hint)) }
            state.nextDue = FeedSchedule.nextDueAfterSuccess(now: now, interval: r.feed.interval, hints: hints)
            if !warnings.isEmpty {
                logger.info("feed parsed with warnings", metadata: [
                    "feed.name": "\(name)", "warnings": "\(warnings.count)", "first": "\(warnings[0])",
                ])
            }
            do {
                newCount = try stage(articles, feed: r.feed, fetchedAt: r.fetchedAt)
            } catch {
                // Not delivered: the feed keeps its stored validators and is polled again soon.
                retrySoon(name, url: r.feed.url, now: now)
                throw error
            }
        case .notModified:
            stats.notModified += 1
            state.gone = false
            state.lastStatus = 304
            state.lastError = nil
            state.errorCount = 0
            // A 304 may repeat the validators or omit them (RFC 9110 §15.4.5): keep ours then.
            if let etag = r.response?.etag { state.etag = etag }
            if let lm = r.response?.lastModified { state.lastModified = lm }
            rememberPermanentRedirect(r, &state)
            var hints: [Duration] = []
            if let maxAge = r.response?.cacheMaxAge, maxAge > 0 { hints.append(.seconds(maxAge)) }
            state.nextDue = FeedSchedule.nextDueAfterSuccess(now: now, interval: r.feed.interval, hints: hints)
        case .gone:
            stats.failed += 1
            state.lastStatus = 410
            state.lastError = "gone"
            state.gone = true
            state.nextDue = nil
            logger.warning("feed is gone (HTTP 410); it will not be polled again until its URL changes in the config",
                           metadata: ["feed.name": "\(name)", "feed.url": "\(r.feed.url)"])
        case .failed(let key, let message, let retryAfter):
            stats.failed += 1
            state.lastError = key
            state.errorCount += 1
            var rng = SystemRandomNumberGenerator()
            state.nextDue = FeedSchedule.nextDueAfterFailure(
                now: now, interval: r.feed.interval, errorCount: state.errorCount, retryAfter: retryAfter, using: &rng)
            logger.warning("feed failed", metadata: [
                "feed.name": "\(name)", "feed.url": "\(r.feed.url)", "error": "\(key)", "detail": "\(message)",
                "errors": "\(state.errorCount)", "next.due": "\(FeedDate.rfc3339((state.nextDue ?? now) / 1000))",
            ])
        }
        if newCount > 0 || batchFeeds[name] != nil {
            batchFeeds[name] = state
            quietFeeds[name] = nil
        } else {
            // No article: the state is saved with the next flush, many feeds per transaction
            // (one fsynced commit per 304 made warm crawls on a disk crawl).
            quietFeeds[name] = state
        }
        states[name] = state
        if staged.count >= Self.maxBatchArticles { try flush() }
    }

    /// Hands the staged batch to the committer thread (see the type's comment for the order),
    /// after taking the outcome of the one before; throws that one's failure, if any, and then
    /// leaves the staged batch for the next call.
    public func flush() throws(CrawlFailure) {
        if let failure = finishInFlight() { throw failure }
        guard !staged.isEmpty || !batchFeeds.isEmpty || !quietFeeds.isEmpty else { return }
        let batch = PendingBatch(articles: staged, feeds: Array(batchFeeds.values), lastFileTimestamp: writer.lastTimestamp)
        let quiet = Array(quietFeeds.values)
        let delivered = unmarkedBatches
        inFlight = InFlightBatch(articles: staged, feedNames: Array(batchFeeds.keys) + Array(quietFeeds.keys),
                                 ids: stagedIDs, stories: stagedStories)
        staged.removeAll()
        batchFeeds.removeAll()
        quietFeeds.removeAll()
        stagedIDs.removeAll()
        stagedStories.removeAll()
        let store = self.store
        let writer = self.writer
        committer.submit {
            Self.commit(batch, quiet: quiet, markingDelivered: delivered, store: store, writer: writer)
        }
    }

    /// The flush itself, on the committer thread: quiet feeds saved, temp files synced, batch
    /// committed as pending (marking `delivered` delivered: this sync made their renames
    /// durable), files renamed into place. Touches only the store (thread-safe) and the
    /// writer's sync/publish side (see ArticleWriter).
    private static func commit(
        _ batch: PendingBatch, quiet: [FeedState], markingDelivered delivered: [Int64],
        store: StateStore, writer: ArticleWriter
    ) -> FlushOutcome {
        if !quiet.isEmpty {
            do { try store.saveFeeds(quiet) } catch { return .notCommitted(.state(error)) }
        }
        guard !batch.articles.isEmpty || !batch.feeds.isEmpty else { return .saved }
        CrashPoint.reach(.afterStage)
        do { try writer.syncStaged() } catch { return .notCommitted(.output(error)) }
        CrashPoint.reach(.afterSync)
        let batchID: Int64
        do {
            batchID = try store.commitPending(batch, markingDelivered: delivered)
        } catch {
            return .notCommitted(.state(error))
        }
        CrashPoint.reach(.afterCommit)
        do {
            try writer.publish(batch.articles, syncDirectory: false)
        } catch {
            return .committedNotPublished(.output(error))
        }
        CrashPoint.reach(.afterPublish)
        return .delivered(batchID: batchID)
    }

    /// Waits for the flush in flight, if any, and applies its outcome; returns its failure.
    private func finishInFlight() -> CrawlFailure? {
        guard let flight = inFlight, let outcome = committer.wait() else { return nil }
        inFlight = nil
        switch outcome {
        case .saved:
            return nil
        case .delivered(let batchID):
            // The commit marked the earlier batches delivered; this one waits for the next sync.
            unmarkedBatches = [batchID]
            stats.newArticles += flight.articles.count
            if !flight.articles.isEmpty {
                logger.info("articles written", metadata: [
                    "articles.new": "\(flight.articles.count)", "feeds": "\(Set(flight.articles.map(\.feedName)).count)",
                ])
            }
            return nil
        case .notCommitted(let failure):
            // The temp files go, and the feeds keep their stored validators but are retried
            // in a minute rather than at once.
            writer.discard(flight.articles)
            let now = flight.articles.map(\.seenAt).max() ?? 0
            for name in flight.feedNames { retrySoon(name, now: now) }
            return failure
        case .committedNotPublished(let failure):
            // Committed as pending (which also marked the earlier batches delivered): the next
            // start-up renames what is left.
            unmarkedBatches.removeAll()
            return failure
        }
    }

    /// When the crawl goes idle or stops: waits for the flush in flight, makes the last renames
    /// durable and marks their batches delivered.
    public func settle() throws(CrawlFailure) {
        if let failure = finishInFlight() { throw failure }
        guard !unmarkedBatches.isEmpty else { return }
        do { try writer.syncDirectory() } catch { throw .output(error) }
        for id in unmarkedBatches {
            do { try store.markDelivered(batchID: id) } catch { throw .state(error) }
        }
        unmarkedBatches.removeAll()
    }

    /// After staging failed: the batch being staged is dropped (its temp files go, its feeds
    /// are retried in a minute). The flush in flight is finished first, as it may be the
    /// cause (the same full disk); its own failure is logged here.
    private func abandonBatch() {
        if let failure = finishInFlight() {
            logger.error("could not deliver a batch; its feeds will be polled again", metadata: ["error": "\(failure)"])
        }
        writer.discard(staged)
        let now = (staged.map(\.seenAt).max() ?? 0)
        for name in batchFeeds.keys { retrySoon(name, now: now) }
        staged.removeAll()
        batchFeeds.removeAll()
        stagedIDs.removeAll()
        stagedStories.removeAll()
    }

    /// Forgets what the failed poll learned (validators, metadata) by going back to the
    /// stored state, and schedules the next attempt a minute from now.
    private func retrySoon(_ name: String, url: String? = nil, now: Int64) {
        let stored = (try? store.loadFeed(named: name)) ?? nil
        // A feed polled for the first time has neither: it starts from nothing learned.
        guard var s = stored ?? states[name] ?? url.map({ FeedState(name: name, url: $0) }) else { return }
        s.nextDue = max(now, s.lastPolled ?? 0) + Self.retryAfterDeliveryFailure
        states[name] = s
        rescheduled.append(name)
    }

    /// How long a feed waits after its articles could not be written (disk full, I/O error):
    /// a minute, or FEEDCRAWLER_TEST_DELIVERY_RETRY_MS milliseconds (tests only, like
    /// FEEDCRAWLER_TEST_CRASH_AT: the disk-full test cannot wait a minute per attempt).
    static let retryAfterDeliveryFailure: Int64 = {
        guard let raw = getenv("FEEDCRAWLER_TEST_DELIVERY_RETRY_MS"), let ms = Int64(String(cString: raw)), ms > 0 else {
            return 60_000
        }
        return ms
    }()

    private func rememberPermanentRedirect(_ r: FeedPollResult, _ state: inout FeedState) {
        guard let target = r.response?.permanentRedirect, target != state.permanentURL else { return }
        state.permanentURL = target
        logger.notice("feed moved permanently; polling the new URL from now on (feeds.conf is not rewritten)",
                      metadata: ["feed.name": "\(r.feed.name)", "feed.url": "\(r.feed.url)", "feed.new_url": "\(target)"])
    }

    private func stage(_ articles: [PreparedArticle], feed: FeedConfig, fetchedAt: Int64) throws(CrawlFailure) -> Int {
        guard !articles.isEmpty else { return 0 }
        var keys: [ArticleKey] = []
        var byID: [String: PreparedArticle] = [:]
        keys.reserveCapacity(articles.count)
        for a in articles where byID[a.key.id] == nil {
            byID[a.key.id] = a
            keys.append(a.key)
        }
        let fresh: [ArticleKey]
        do {
            fresh = try store.newArticles(keys, feedName: feed.name, crossFeed: settings.crossFeed)
        } catch {
            throw .state(error)
        }
        var count = 0
        for key in fresh {
            // The batch being built and the one in flight are not in the store yet: check them too.
            if stagedIDs.contains(key.id) || inFlight?.ids.contains(key.id) == true { continue }
            let story = key.normalizedURL.flatMap { url in key.title.map { Array((url + "\n" + $0).utf8) } }
            if settings.crossFeed, let story, let other = stagedStories[story] ?? inFlight?.stories[story],
               other != feed.name { continue }
            do {
                let pending = try writer.stage(json: byID[key.id]!.json, key: key, feedName: feed.name, fetchedAt: fetchedAt)
                staged.append(pending)
            } catch {
                abandonBatch()
                throw .output(error)
            }
            stagedIDs.insert(key.id)
            if let story { stagedStories[story] = feed.name }
            count += 1
        }
        return count
    }
}

/// Why the crawl cannot go on: the output or the state is unusable.
public enum CrawlFailure: Error, CustomStringConvertible {
    case output(OutputError)
    case state(StateError)

    public var description: String {
        switch self {
        case .output(let e): return "output: \(e)"
        case .state(let e): return "state: \(e)"
        }
    }
}
