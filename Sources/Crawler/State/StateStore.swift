/// Everything the crawler remembers between polls, behind one interface: the crawl logic
/// never sees SQL, so a shared PostgreSQL backend can implement this protocol later without
/// touching it. All times are epoch milliseconds (UTC).
public protocol StateStore: AnyObject, Sendable {
    /// Every feed known to the store, keyed by feed name.
    func loadFeeds() throws(StateError) -> [String: FeedState]

    /// One feed's stored state, nil when unknown.
    func loadFeed(named name: String) throws(StateError) -> FeedState?

    /// Records a poll that delivered no article (304, failure, 200 with nothing new)
    /// together with the feed's new validators and schedule.
    func saveFeed(_ feed: FeedState) throws(StateError)

    /// `saveFeed` for many feeds in one transaction.
    func saveFeeds(_ feeds: [FeedState]) throws(StateError)

    /// The candidates that are new: their id was never recorded and, when `crossFeed`, no
    /// article with the same normalised URL and title was recorded from another feed.
    /// Candidates are checked against each other too (first one wins).
    func newArticles(_ candidates: [ArticleKey], feedName: String, crossFeed: Bool) throws(StateError) -> [ArticleKey]

    /// Step 1 of delivery, one transaction: the batch's articles recorded as pending (so
    /// they count as written for deduplication from now on), each feed's new state (its
    /// validators advance only here), and the highest file timestamp used; in the same
    /// transaction, the earlier batches listed in `delivered` are marked delivered (their
    /// renames were made durable by the sync that preceded this commit). Returns the batch id.
    func commitPending(_ batch: PendingBatch, markingDelivered delivered: [Int64]) throws(StateError) -> Int64

    /// Step 2, once every file of the batch was renamed into place and the directory synced.
    func markDelivered(batchID: Int64) throws(StateError)

    /// Batches committed but not marked delivered: a crash came between the two steps.
    func pendingBatches() throws(StateError) -> [PendingBatch]

    /// The highest output-file timestamp ever used (microseconds), so names keep sorting in
    /// write order across restarts and clock steps.
    func lastFileTimestamp() throws(StateError) -> Int64

    /// Shrinks article rows first seen before `cutoff` to tombstones: the id is kept for
    /// good (an old item pushed back into a feed is never new again), the rest is dropped.
    func compact(before cutoff: Int64) throws(StateError) -> Int

    /// Forgets feeds no longer configured (their article ids are kept).
    func removeFeeds(notIn names: Set<String>) throws(StateError)
}

public struct FeedState: Sendable, Equatable {
    public var name: String
    /// The URL in feeds.conf.
    public var url: String
    /// Where every hop of a redirect chain was permanent (301/308): used from then on.
    public var permanentURL: String?
    /// Validators exactly as the server sent them.
    public var etag: String?
    public var lastModified: String?
    public var lastStatus: Int?
    /// A `FetchError.key` or parse error text; nil after a success.
    public var lastError: String?
    public var errorCount: Int
    public var nextDue: Int64?
    public var lastPolled: Int64?
    /// 410 Gone: not polled any more.
    public var gone: Bool
    /// Feed-level metadata of the last successful parse, for the output's "feed" object.
    public var title: String?
    public var link: String?

    public init(name: String, url: String, permanentURL: String? = nil, etag: String? = nil,
                lastModified: String? = nil, lastStatus: Int? = nil, lastError: String? = nil,
                errorCount: Int = 0, nextDue: Int64? = nil, lastPolled: Int64? = nil, gone: Bool = false,
                title: String? = nil, link: String? = nil) {
        self.name = name
        self.url = url
        self.permanentURL = permanentURL
        self.etag = etag
        self.lastModified = lastModified
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.errorCount = errorCount
        self.nextDue = nextDue
        self.lastPolled = lastPolled
        self.gone = gone
        self.title = title
        self.link = link
    }
}

extension StateStore {
    public func commitPending(_ batch: PendingBatch) throws(StateError) -> Int64 {
        try commitPending(batch, markingDelivered: [])
    }
}

/// What deduplication looks at.
public struct ArticleKey: Sendable, Equatable, Hashable {
    public var id: String
    /// `URLNormalizer.normalize(entry.url)`, nil without a link.
    public var normalizedURL: String?
    public var title: String?

    public init(id: String, normalizedURL: String?, title: String?) {
        self.id = id
        self.normalizedURL = normalizedURL
        self.title = title
    }
}

public struct PendingArticle: Sendable, Equatable {
    public var key: ArticleKey
    public var feedName: String
    /// Final name in the output directory, e.g. "20261127T102233.123456Z-<id>.json".
    public var fileName: String
    /// Hidden temporary name the file was written and synced under.
    public var tempName: String
    public var seenAt: Int64

    public init(key: ArticleKey, feedName: String, fileName: String, tempName: String, seenAt: Int64) {
        self.key = key
        self.feedName = feedName
        self.fileName = fileName
        self.tempName = tempName
        self.seenAt = seenAt
    }
}

public struct PendingBatch: Sendable, Equatable {
    /// Assigned by `commitPending` when 0.
    public var id: Int64
    public var articles: [PendingArticle]
    public var feeds: [FeedState]
    public var lastFileTimestamp: Int64

    public init(id: Int64 = 0, articles: [PendingArticle], feeds: [FeedState], lastFileTimestamp: Int64) {
        self.id = id
        self.articles = articles
        self.feeds = feeds
        self.lastFileTimestamp = lastFileTimestamp
    }
}

public struct StateError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }
    public var description: String { "\(path): \(message)" }
}
