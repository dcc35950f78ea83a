/// Values used when feeds.conf leaves a `[crawler]` key out.
enum CrawlerDefaults {
    static let output = "./articles"
    static let state = "./state/feedcrawler.db"
    static let interval: Duration = .seconds(15 * 60)
    static let concurrency = 64
    static let perHost = 2
    static let timeout: Duration = .seconds(60)
    /// The connect timeout is min(timeout, this): a host that does not answer a SYN in
    /// 15 s is down, and should not hold a slot for the whole transfer timeout.
    static let connectTimeoutCeiling: Duration = .seconds(15)
    static let maxSize = 10 * 1024 * 1024
    static let userAgent = "feedcrawler/0.1 (+https://github.com/feedcrawler/feedcrawler)"
    static let retention: Duration = .seconds(90 * 86_400)
    static let crossFeed = true
    static let allowPrivate = false
}
