import FeedParser

/// The `[crawler]` section: settings shared by every feed.
public struct CrawlerSettings: Sendable, Equatable {
    /// Absolute directory new articles are written to (key `output`).
    public var outputDirectory: String
    /// Absolute path of the SQLite state database (key `state`).
    public var statePath: String
    /// Default poll interval (key `interval`), between `PollPolicy.minInterval` and `PollPolicy.maxInterval`.
    public var interval: Duration
    /// Transfers in flight across all feeds (key `concurrency`), at least 1.
    public var concurrency: Int
    /// Transfers in flight per host (key `per_host`), at least 1.
    public var perHost: Int
    /// Whole-transfer timeout (key `timeout`).
    public var timeout: Duration
    /// TCP + TLS connect timeout (key `connect_timeout`); defaults to min(timeout, 15s).
    public var connectTimeout: Duration
    /// Largest accepted response body in bytes, after decompression (key `max_size`).
    public var maxSize: Int
    /// `User-Agent` header (key `user_agent`).
    public var userAgent: String
    /// Article rows older than this shrink to a tombstone (key `retention`).
    public var retention: Duration
    /// Deduplicate the same story across feeds (key `cross_feed`).
    public var crossFeed: Bool
    /// Follow redirects from a public host to loopback/private addresses (key `allow_private`).
    public var allowPrivate: Bool
    /// Hosts whose `<iframe>`s survive sanitising (video players; key `iframe_hosts`).
    public var iframeHosts: Set<String>

    public init(
        outputDirectory: String, statePath: String, interval: Duration, concurrency: Int,
        perHost: Int, timeout: Duration, connectTimeout: Duration, maxSize: Int,
        userAgent: String, retention: Duration, crossFeed: Bool, allowPrivate: Bool,
        iframeHosts: Set<String> = SanitizerPolicy.defaultIframeHosts
    ) {
        self.outputDirectory = outputDirectory
        self.statePath = statePath
        self.interval = interval
        self.concurrency = concurrency
        self.perHost = perHost
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxSize = maxSize
        self.userAgent = userAgent
        self.retention = retention
        self.crossFeed = crossFeed
        self.allowPrivate = allowPrivate
        self.iframeHosts = iframeHosts
    }
}

/// One `[feed NAME]` section, with every per-feed setting already resolved
/// (the feed's own value, else the `[crawler]` one, else the built-in default).
public struct FeedConfig: Sendable, Equatable {
    /// Letters, digits, `-`, `_`, `.` (ASCII): safe in file names and log fields.
    public var name: String
    /// `http://`, `https://`, or `file:///absolute/path` (relative file URLs already resolved).
    public var url: String
    public var interval: Duration
    public var timeout: Duration
    public var maxSize: Int
    public var userAgent: String
    /// Charset that overrides what the server and the document declare, or nil.
    public var charset: String?
    public var enabled: Bool
    public var allowPrivate: Bool
    /// Line of the feed's `[feed NAME]` header, for messages about the feed.
    public var line: Int

    public init(
        name: String, url: String, interval: Duration, timeout: Duration, maxSize: Int,
        userAgent: String, charset: String?, enabled: Bool, allowPrivate: Bool, line: Int
    ) {
        self.name = name
        self.url = url
        self.interval = interval
        self.timeout = timeout
        self.maxSize = maxSize
        self.userAgent = userAgent
        self.charset = charset
        self.enabled = enabled
        self.allowPrivate = allowPrivate
        self.line = line
    }
}

/// A parsed, validated feeds.conf. Feeds keep the order of the file.
public struct CrawlerConfig: Sendable, Equatable {
    /// The path the configuration was read from (as given), used in messages.
    public var file: String
    public var settings: CrawlerSettings
    public var feeds: [FeedConfig]

    public init(file: String, settings: CrawlerSettings, feeds: [FeedConfig]) {
        self.file = file
        self.settings = settings
        self.feeds = feeds
    }
}
