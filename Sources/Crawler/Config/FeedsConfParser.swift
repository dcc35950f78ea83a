import FeedParser
/// The line-by-line state machine behind `FeedsConf.parse`: which section we are in,
/// which keys it has had, and the typed values read so far.
struct FeedsConfParser {
    private enum Section {
        case crawler
        case feed(index: Int)
    }

    /// `[crawler]` values as written; nil means "use the default".
    private struct CrawlerValues {
        var output: String?
        var state: String?
        var interval: Duration?
        var concurrency: Int?
        var perHost: Int?
        var timeout: Duration?
        var connectTimeout: Duration?
        var maxSize: Int?
        var userAgent: String?
        var retention: Duration?
        var crossFeed: Bool?
        var allowPrivate: Bool?
        var iframeHosts: Set<String>?
    }

    /// `[feed NAME]` values as written; nil means "inherit from [crawler]".
    private struct FeedValues {
        var name: String
        var line: Int
        var url: String?
        var interval: Duration?
        var timeout: Duration?
        var maxSize: Int?
        var userAgent: String?
        var charset: String?
        var enabled: Bool?
        var allowPrivate: Bool?
    }

    static let crawlerKeys = [
        "output", "state", "interval", "concurrency", "per_host", "timeout", "connect_timeout",
        "max_size", "user_agent", "retention", "cross_feed", "allow_private", "iframe_hosts",
    ]
    static let feedKeys = [
        "url", "interval", "timeout", "max_size", "user_agent", "charset", "enabled", "allow_private",
    ]

    private let file: String
    private let baseDirectory: String
    private var section: Section?
    private var sectionTitle = ""
    /// Key → line where the current section set it.
    private var keysSeen: [Substring: Int] = [:]
    private var crawlerLine: Int?
    private var crawler = CrawlerValues()
    private var feeds: [FeedValues] = []
    private var feedLines: [String: Int] = [:]
    /// Comparison key of each URL → the feed that has it.
    private var urlOwners: [String: Int] = [:]

    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func consume(_ line: ConfLine, line number: Int) throws(ConfigError) {
        switch line {
        case .blank:
            return
        case .malformed(let message):
            throw error(number, message)
        case .section(let header):
            try closeSection()
            try openSection(header, line: number)
        case .keyValue(let key, let value):
            try set(key: key, value: value, line: number)
        }
    }

    mutating func finish() throws(ConfigError) -> CrawlerConfig {
        try closeSection()
        let timeout = crawler.timeout ?? CrawlerDefaults.timeout
        let settings = CrawlerSettings(
            outputDirectory: LexicalPath.resolve(crawler.output ?? CrawlerDefaults.output, against: baseDirectory),
            statePath: LexicalPath.resolve(crawler.state ?? CrawlerDefaults.state, against: baseDirectory),
            interval: crawler.interval ?? CrawlerDefaults.interval,
            concurrency: crawler.concurrency ?? CrawlerDefaults.concurrency,
            perHost: crawler.perHost ?? CrawlerDefaults.perHost,
            timeout: timeout,
            connectTimeout: crawler.connectTimeout ?? min(timeout, CrawlerDefaults.connectTimeoutCeiling),
            maxSize: crawler.maxSize ?? CrawlerDefaults.maxSize,
            userAgent: crawler.userAgent ?? CrawlerDefaults.userAgent,
            retention: crawler.retention ?? CrawlerDefaults.retention,
            crossFeed: crawler.crossFeed ?? CrawlerDefaults.crossFeed,
            allowPrivate: crawler.allowPrivate ?? CrawlerDefaults.allowPrivate,
            iframeHosts: crawler.iframeHosts ?? SanitizerPolicy.defaultIframeHosts
        )
        let resolved = feeds.map { feed in
            FeedConfig(
                name: feed.name,
                url: feed.url ?? "",  // closeSection guarantees a url
                interval: feed.interval ?? settings.interval,
                timeout: feed.timeout ?? settings.timeout,
                maxSize: feed.maxSize ?? settings.maxSize,
                userAgent: feed.userAgent ?? settings.userAgent,
                charset: feed.charset,
                enabled: feed.enabled ?? true,
                allowPrivate: feed.allowPrivate ?? settings.allowPrivate,
                line: feed.line
            )
        }
        return CrawlerConfig(file: file, settings: settings, feeds: resolved)
    }

    // MARK: Sections

    private mutating func openSection(_ header: Substring, line: Int) throws(ConfigError) {
        keysSeen = [:]
        let words = header.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words == ["crawler"] {
            if let first = crawlerLine {
                throw error(line, "duplicate section [crawler] (first at line \(first))")
            }
            crawlerLine = line
            section = .crawler
            sectionTitle = "[crawler]"
            return
        }
        guard words.first == "feed" else {
            throw error(line, "unknown section [\(header)] (expected [crawler] or [feed NAME])")
        }
        guard words.count == 2 else {
            throw error(line, "expected [feed NAME] with one NAME of letters, digits, '-', '_', '.'")
        }
        let name = String(words[1])
        guard name.utf8.allSatisfy(Self.isNameByte) else {
            throw error(line, "invalid feed name '\(name)' (use letters, digits, '-', '_', '.')")
        }
        if let first = feedLines[name] {
            throw error(line, "duplicate feed name '\(name)' (first at line \(first))")
        }
        feedLines[name] = line
        feeds.append(FeedValues(name: name, line: line))
        section = .feed(index: feeds.count - 1)
        sectionTitle = "[feed \(name)]"
    }

    private func closeSection() throws(ConfigError) {
        guard case .feed(let index) = section, feeds[index].url == nil else { return }
        throw error(feeds[index].line, "feed '\(feeds[index].name)' has no url")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }

    // MARK: Keys

    private mutating func set(key: Substring, value: Substring, line: Int) throws(ConfigError) {
        guard let section else {
            throw error(line, "'\(key)' is outside any section (start with [crawler] or [feed NAME])")
        }
        let validKeys: [String]
        switch section {
        case .crawler: validKeys = Self.crawlerKeys
        case .feed: validKeys = Self.feedKeys
        }
        guard validKeys.contains(String(key)) else {
            throw error(line, "unknown key '\(key)' in \(sectionTitle) (valid keys: \(validKeys.joined(separator: ", ")))")
        }
        if let first = keysSeen[key] {
            throw error(line, "duplicate key '\(key)' in \(sectionTitle) (first at line \(first))")
        }
        keysSeen[key] = line
        guard !value.isEmpty else { throw error(line, "missing value for '\(key)'") }
        do {
            switch section {
            case .crawler: try setCrawler(key: key, value: value)
            case .feed(let index): try setFeed(index: index, key: key, value: value, line: line)
            }
        } catch {
            throw self.error(line, error.text)
        }
    }

    private mutating func setCrawler(key: Substring, value: Substring) throws(ConfMessage) {
        switch key {
        case "output": crawler.output = try ConfValue.text(value, key: key).get()
        case "state": crawler.state = try ConfValue.text(value, key: key).get()
        case "interval": crawler.interval = try ConfValue.interval(value, key: key).get()
        case "concurrency": crawler.concurrency = try ConfValue.count(value, key: key).get()
        case "per_host": crawler.perHost = try ConfValue.count(value, key: key).get()
        case "timeout": crawler.timeout = try ConfValue.positiveDuration(value, key: key).get()
        case "connect_timeout": crawler.connectTimeout = try ConfValue.positiveDuration(value, key: key).get()
        case "max_size": crawler.maxSize = try ConfValue.size(value, key: key).get()
        case "user_agent": crawler.userAgent = try ConfValue.text(value, key: key).get()
        case "retention": crawler.retention = try ConfValue.positiveDuration(value, key: key).get()
        case "cross_feed": crawler.crossFeed = try ConfValue.boolean(value, key: key).get()
        case "allow_private": crawler.allowPrivate = try ConfValue.boolean(value, key: key).get()
        case "iframe_hosts": crawler.iframeHosts = try ConfValue.hostList(value, key: key).get()
        default: preconditionFailure("key '\(key)' is in crawlerKeys but not handled")
        }
    }

    private mutating func setFeed(index: Int, key: Substring, value: Substring, line: Int) throws(ConfMessage) {
        switch key {
        case "url": try setURL(index: index, value: value)
        case "interval": feeds[index].interval = try ConfValue.interval(value, key: key).get()
        case "timeout": feeds[index].timeout = try ConfValue.positiveDuration(value, key: key).get()
        case "max_size": feeds[index].maxSize = try ConfValue.size(value, key: key).get()
        case "user_agent": feeds[index].userAgent = try ConfValue.text(value, key: key).get()
        case "charset": feeds[index].charset = try ConfValue.charset(value, key: key).get()
        case "enabled": feeds[index].enabled = try ConfValue.boolean(value, key: key).get()
        case "allow_private": feeds[index].allowPrivate = try ConfValue.boolean(value, key: key).get()
        default: preconditionFailure("key '\(key)' is in feedKeys but not handled")
        }
    }

    /// Two sections polling one URL would store its articles twice under two feeds.
    private mutating func setURL(index: Int, value: Substring) throws(ConfMessage) {
        let checked = try FeedURL.check(String(value), baseDirectory: baseDirectory).get()
        if let owner = urlOwners[checked.comparisonKey] {
            throw ConfMessage("same url as feed '\(feeds[owner].name)' at line \(feeds[owner].line)")
        }
        urlOwners[checked.comparisonKey] = index
        feeds[index].url = checked.url
    }

    private func error(_ line: Int, _ message: String) -> ConfigError {
        ConfigError(file: file, line: line, message: message)
    }
}
