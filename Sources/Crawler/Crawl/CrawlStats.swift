/// Counters for the summary line, `STATUS=` and `check`.
public struct CrawlStats: Sendable, Equatable {
    public var fetched = 0
    public var notModified = 0
    public var failed = 0
    public var newArticles = 0
    public var feedsPolled: Int { fetched + notModified + failed }

    public init() {}
}
