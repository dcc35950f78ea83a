import Foundation
import Testing

@testable import Crawler
import FeedParser

/// feeds.conf parsing: every expected value below is written from the format's rules
/// (see `FeedsConf`), never computed by the parser.
@Suite struct FeedsConfTests {
    private static let base = "/etc/feedcrawler"

    private func parse(_ text: String) throws(ConfigError) -> CrawlerConfig {
        try FeedsConf.parse(text, file: "feeds.conf", baseDirectory: Self.base)
    }

    // MARK: Valid files

    @Test func fullExampleConfig() throws {
        let text = """
            # feedcrawler configuration
            [crawler]
            output      = ./articles        # new articles land here as JSON files
            state       = ./state/feedcrawler.db
            interval    = 15m               # default poll interval
            concurrency = 64                # transfers in flight, all feeds together
            per_host    = 2
            timeout     = 60s
            max_size    = 10MB              # per response, after decompression
            user_agent  = feedcrawler/0.1 (+https://github.com/feedcrawler/feedcrawler)
            retention   = 90d               # article rows older than this shrink to a tombstone
            cross_feed  = yes               # dedup the same story across feeds
            allow_private = no              ; redirects to loopback/private addresses

            [feed kazpravda]
            url      = https://kazpravda.kz/rss/
            interval = 10m                  # overrides [crawler]
            charset  = windows-1251         # overrides what the server says
            enabled  = no

            [feed tengri_news.kz]
            url = https://tengrinews.kz/news.rss#all
            """
        let config = try parse(text)
        #expect(config.file == "feeds.conf")
        #expect(
            config.settings
                == CrawlerSettings(
                    outputDirectory: "/etc/feedcrawler/articles",
                    statePath: "/etc/feedcrawler/state/feedcrawler.db",
                    interval: .seconds(900),
                    concurrency: 64,
                    perHost: 2,
                    timeout: .seconds(60),
                    connectTimeout: .seconds(15),  // min(timeout 60s, 15s)
                    maxSize: 10_485_760,  // 10 × 1024²
                    userAgent: "feedcrawler/0.1 (+https://github.com/feedcrawler/feedcrawler)",
                    retention: .seconds(7_776_000),  // 90 × 86,400
                    crossFeed: true,
                    allowPrivate: false
                ))
        #expect(
            config.feeds == [
                FeedConfig(
                    name: "kazpravda", url: "https://kazpravda.kz/rss/", interval: .seconds(600),
                    timeout: .seconds(60), maxSize: 10_485_760,
                    userAgent: "feedcrawler/0.1 (+https://github.com/feedcrawler/feedcrawler)",
                    charset: "windows-1251", enabled: false, allowPrivate: false, line: 15),
                // Inherits everything; the URL fragment has no space before '#', so it stays.
                FeedConfig(
                    name: "tengri_news.kz", url: "https://tengrinews.kz/news.rss#all", interval: .seconds(900),
                    timeout: .seconds(60), maxSize: 10_485_760,
                    userAgent: "feedcrawler/0.1 (+https://github.com/feedcrawler/feedcrawler)",
                    charset: nil, enabled: true, allowPrivate: false, line: 21),
            ])
    }

    @Test func emptyFileGivesDefaultsAndNoFeeds() throws {
        // No feeds is allowed: warning about it is the caller's business.
        let config = try parse("")
        #expect(config.feeds == [])
        #expect(
            config.settings
                == CrawlerSettings(
                    outputDirectory: "/etc/feedcrawler/articles",
                    statePath: "/etc/feedcrawler/state/feedcrawler.db",
                    interval: .seconds(900), concurrency: 64, perHost: 2, timeout: .seconds(60),
                    connectTimeout: .seconds(15), maxSize: 10_485_760,
                    userAgent: "feedcrawler/0.1 (+https://github.com/feedcrawler/feedcrawler)",
                    retention: .seconds(7_776_000), crossFeed: true, allowPrivate: false))
    }

    @Test func feedInheritsFromCrawlerSectionWrittenAfterIt() throws {
        let config = try parse(
            """
            [feed a]
            url = http://a.example/feed
            [crawler]
            interval = 1h
            timeout = 20s
            max_size = 512KB
            user_agent = test-agent
            allow_private = on
            """)
        #expect(
            config.feeds == [
                FeedConfig(
                    name: "a", url: "http://a.example/feed", interval: .seconds(3600), timeout: .seconds(20),
                    maxSize: 524_288, userAgent: "test-agent", charset: nil, enabled: true,
                    allowPrivate: true, line: 1)
            ])
    }

    @Test(arguments: [
        // timeout below the 15 s ceiling: connect timeout follows it down.
        ("[crawler]\ntimeout = 10s", Duration.seconds(10)),
        ("[crawler]\ntimeout = 2m", .seconds(15)),
        ("[crawler]\ntimeout = 2m\nconnect_timeout = 500ms", .milliseconds(500)),
    ])
    func connectTimeoutDefaultsToMinOfTimeoutAnd15s(text: String, expected: Duration) throws {
        #expect(try parse(text).settings.connectTimeout == expected)
    }

    @Test(arguments: [
        // A '#' glued to the value is a URL fragment, not a comment.
        ("url = https://a.example/rss#frag", "https://a.example/rss#frag"),
        ("url = https://a.example/rss #comment", "https://a.example/rss"),
        ("url = https://a.example/rss\t; comment", "https://a.example/rss"),
        ("url=https://a.example/rss", "https://a.example/rss"),
        ("   url   =   https://a.example/rss   ", "https://a.example/rss"),
        ("url = https://a.example/a;b", "https://a.example/a;b"),
    ])
    func inlineCommentsNeedWhitespaceBefore(line: String, expectedURL: String) throws {
        let config = try parse("[feed a]\n\(line)\n")
        #expect(config.feeds.map(\.url) == [expectedURL])
    }

    @Test func userAgentKeepsSemicolonsWithoutSpaceBefore() throws {
        let config = try parse("[crawler]\nuser_agent = Mozilla/5.0 (X11; Linux x86_64) # browser-like\n")
        #expect(config.settings.userAgent == "Mozilla/5.0 (X11; Linux x86_64)")
    }

    @Test func commentLinesBlankLinesCRLFAndBOMAreIgnored() throws {
        let text = "\u{FEFF}# comment\r\n; another\r\n\r\n   # indented\r\n[feed a]  # trailing\r\nurl = https://a.example/\r\n"
        let config = try parse(text)
        #expect(config.feeds.map(\.url) == ["https://a.example/"])
        #expect(config.feeds.map(\.line) == [5])
    }

    @Test func relativePathsResolveAgainstTheBaseDirectory() throws {
        let config = try parse(
            """
            [crawler]
            output = ../var/articles/
            state = /var/lib/feedcrawler/state.db
            [feed local]
            url = file://./fixtures/../feeds/local.xml
            [feed absolute]
            url = file:///srv/feeds/a.xml
            """)
        #expect(config.settings.outputDirectory == "/etc/var/articles")
        #expect(config.settings.statePath == "/var/lib/feedcrawler/state.db")
        #expect(config.feeds.map(\.url) == ["file:///etc/feedcrawler/feeds/local.xml", "file:///srv/feeds/a.xml"])
    }

    // MARK: Errors

    @Test(arguments: [
        ("[crawler]\nfoo\n", "feeds.conf:2: expected 'key = value'"),
        ("[crawler]\n= 5\n", "feeds.conf:2: expected 'key = value'"),
        ("[crawler\n", "feeds.conf:1: expected ']' to close the section header"),
        ("[crawler] extra\n", "feeds.conf:1: unexpected text after the section header"),
        ("[crawlers]\n", "feeds.conf:1: unknown section [crawlers] (expected [crawler] or [feed NAME])"),
        (
            "[crawler]\nworkers = 4\n",
            "feeds.conf:2: unknown key 'workers' in [crawler] (valid keys: output, state, interval, concurrency, per_host, timeout, connect_timeout, max_size, user_agent, retention, cross_feed, allow_private, iframe_hosts)"
        ),
        (
            "[feed a]\nurl = https://a.example/\nretention = 1d\n",
            "feeds.conf:3: unknown key 'retention' in [feed a] (valid keys: url, interval, timeout, max_size, user_agent, charset, enabled, allow_private)"
        ),
        ("interval = 5m\n[crawler]\n", "feeds.conf:1: 'interval' is outside any section (start with [crawler] or [feed NAME])"),
        ("[crawler]\ninterval = 5m\n\ninterval = 10m\n", "feeds.conf:4: duplicate key 'interval' in [crawler] (first at line 2)"),
        ("[crawler]\n[feed a]\nurl = https://a.example/\n[crawler]\n", "feeds.conf:4: duplicate section [crawler] (first at line 1)"),
        (
            "[feed a]\nurl = https://a.example/\n\n[feed a]\nurl = https://b.example/\n",
            "feeds.conf:4: duplicate feed name 'a' (first at line 1)"
        ),
        ("[feed kaz/pravda]\n", "feeds.conf:1: invalid feed name 'kaz/pravda' (use letters, digits, '-', '_', '.')"),
        ("[feed]\n", "feeds.conf:1: expected [feed NAME] with one NAME of letters, digits, '-', '_', '.'"),
        ("[feed a b]\n", "feeds.conf:1: expected [feed NAME] with one NAME of letters, digits, '-', '_', '.'"),
        // A feed without url is reported at its header, whether another section follows or the file ends.
        ("[feed a]\ninterval = 5m\n[feed b]\nurl = https://b.example/\n", "feeds.conf:1: feed 'a' has no url"),
        ("[feed b]\nurl = https://b.example/\n\n[feed a]\nenabled = no\n", "feeds.conf:4: feed 'a' has no url"),
        // Scheme and host compare case-insensitively (RFC 3986 §6.2.2.1).
        (
            "[feed a]\nurl = https://a.example/rss\n[feed b]\nurl = HTTPS://A.example/rss\n",
            "feeds.conf:4: same url as feed 'a' at line 1"
        ),
        ("[crawler]\noutput =\n", "feeds.conf:2: missing value for 'output'"),
        ("[crawler]\noutput = # only a comment\n", "feeds.conf:2: missing value for 'output'"),
        (
            "[crawler]\ninterval = 15 minutes\n",
            "feeds.conf:2: invalid duration '15 minutes' for 'interval' (expected e.g. 90s, 15m, 1h30m, 7d)"
        ),
        ("[crawler]\ninterval = 5s\n", "feeds.conf:2: 'interval' must be at least 10s"),
        ("[feed a]\nurl = https://a.example/\ninterval = 9999ms\n", "feeds.conf:3: 'interval' must be at least 10s"),
        ("[feed a]\nurl = https://a.example/\ninterval = 2d\n", "feeds.conf:3: 'interval' must be at most 1d"),
        ("[crawler]\ntimeout = 0s\n", "feeds.conf:2: 'timeout' must be greater than 0"),
        ("[crawler]\nretention = 0\n", "feeds.conf:2: 'retention' must be greater than 0"),
        ("[crawler]\nmax_size = 10XB\n", "feeds.conf:2: invalid size '10XB' for 'max_size' (expected e.g. 512KB, 10MB, 1GB)"),
        ("[crawler]\nmax_size = 0\n", "feeds.conf:2: 'max_size' must be greater than 0"),
        ("[crawler]\nconcurrency = many\n", "feeds.conf:2: invalid number 'many' for 'concurrency'"),
        ("[crawler]\nconcurrency = -3\n", "feeds.conf:2: invalid number '-3' for 'concurrency'"),
        ("[crawler]\nconcurrency = 0\n", "feeds.conf:2: 'concurrency' must be at least 1"),
        ("[crawler]\nper_host = 0\n", "feeds.conf:2: 'per_host' must be at least 1"),
        (
            "[crawler]\ncross_feed = maybe\n",
            "feeds.conf:2: invalid boolean 'maybe' for 'cross_feed' (expected yes/no, true/false, on/off, 1/0)"
        ),
        ("[crawler]\nuser_agent = a\u{01}b\n", "feeds.conf:2: control character in the value of 'user_agent'"),
        ("[feed a]\nurl = https://a.example/\ncharset = windows 1251\n", "feeds.conf:3: invalid charset 'windows 1251' for 'charset'"),
        (
            "[feed a]\nurl = ftp://a.example/rss\n",
            "feeds.conf:2: unsupported url scheme 'ftp' in 'ftp://a.example/rss': use http, https or file"
        ),
        ("[feed a]\nurl = kazpravda.kz/rss/\n", "feeds.conf:2: invalid url 'kazpravda.kz/rss/': expected http://, https:// or file://"),
        ("[feed a]\nurl = https:///rss\n", "feeds.conf:2: invalid url 'https:///rss': no host"),
        ("[feed a]\nurl = https:a.example/rss\n", "feeds.conf:2: invalid url 'https:a.example/rss': expected https://HOST/…"),
        ("[feed a]\nurl = https://a.example:99999/\n", "feeds.conf:2: invalid url 'https://a.example:99999/': bad port '99999'"),
        (
            "[feed a]\nurl = https://a.example/a b\n",
            "feeds.conf:2: invalid url 'https://a.example/a b': spaces and control characters must be percent-encoded"
        ),
        // file://HOST/ would be a remote host per RFC 8089 §2; only /abs and ./rel forms are accepted.
        (
            "[feed a]\nurl = file://server/feed.xml\n",
            "feeds.conf:2: invalid url 'file://server/feed.xml': use file:///absolute/path or file://./relative/path"
        ),
        (
            "[feed a]\nurl = file:feed.xml\n",
            "feeds.conf:2: invalid url 'file:feed.xml': use file:///absolute/path or file://./relative/path"
        ),
    ])
    func errorsNameFileLineAndCause(text: String, expected: String) {
        do {
            _ = try parse(text)
            Issue.record("parsed without error; expected \(expected)")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func errorCarriesFileLineAndMessageFields() {
        #expect(throws: ConfigError(file: "conf/feeds.conf", line: 2, message: "expected 'key = value'")) {
            try FeedsConf.parse("[crawler]\nnonsense\n", file: "conf/feeds.conf", baseDirectory: "/")
        }
    }

    // MARK: Loading files

    @Test func loadResolvesRelativePathsAgainstTheFilesDirectory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/conf/feeds.conf"
        try FileManager.default.createDirectory(atPath: directory.path + "/conf", withIntermediateDirectories: true)
        try Data(
            """
            [crawler]
            output = ../out
            state = state.db
            [feed local]
            url = file://./local.xml
            """.utf8
        ).write(to: URL(fileURLWithPath: path))
        let config = try FeedsConf.load(path: path)
        #expect(config.file == path)
        #expect(config.settings.outputDirectory == directory.path + "/out")
        #expect(config.settings.statePath == directory.path + "/conf/state.db")
        #expect(config.feeds.map(\.url) == ["file://" + directory.path + "/conf/local.xml"])
    }

    @Test func unreadableFileIsLineZeroWithStrerror() {
        let path = "/nonexistent-feedcrawler-test/feeds.conf"
        #expect(throws: ConfigError(file: path, line: 0, message: "cannot read: No such file or directory")) {
            try FeedsConf.load(path: path)
        }
        // Line 0 is printed without a line number (GNU "FILE: message").
        let error = ConfigError(file: path, line: 0, message: "cannot read: No such file or directory")
        #expect(error.description == "/nonexistent-feedcrawler-test/feeds.conf: cannot read: No such file or directory")
    }

    @Test func invalidUTF8IsReportedWithItsLine() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/feeds.conf"
        // 0xFF never occurs in UTF-8 (RFC 3629 §1).
        let bytes = Array("[crawler]\nuser_agent = a".utf8) + [0xFF] + Array("\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigError(file: path, line: 2, message: "invalid UTF-8")) {
            try FeedsConf.load(path: path)
        }
    }

    // MARK: Durations and sizes

    @Test(arguments: [
        ("90s", Duration.seconds(90)),
        ("15m", .seconds(900)),
        ("2h", .seconds(7200)),
        ("7d", .seconds(604_800)),
        ("1h30m", .seconds(5400)),
        ("500ms", .milliseconds(500)),
        ("1d2h3m4s5ms", .milliseconds(93_784_005)),  // 86,400,000 + 7,200,000 + 180,000 + 4,000 + 5
        ("45", .seconds(45)),  // bare number = seconds
        (" 10m ", .seconds(600)),
        ("0", .zero),
    ])
    func durations(text: String, expected: Duration) {
        #expect(FeedsConf.parseDuration(text) == expected)
    }

    @Test(arguments: [
        "", "m", "15M", "1.5h", "-5s", "15 m", "1h30", "30m1h", "1m1m", "5x", "1w",
        "200000000000d",  // 2e11 × 86,400,000 = 1.728e19 ms > Int64.max ≈ 9.22e18
        "99999999999999999999s",
    ])
    func invalidDurations(text: String) {
        #expect(FeedsConf.parseDuration(text) == nil)
    }

    @Test(arguments: [
        ("512KB", 524_288),
        ("10MB", 10_485_760),
        ("1GB", 1_073_741_824),
        ("1024", 1024),
        ("10M", 10_485_760),
        ("10mb", 10_485_760),
        ("1KiB", 1024),
        ("2 MiB", 2_097_152),
        ("100B", 100),
        ("0", 0),
    ])
    func sizesAre1024Based(text: String, expected: Int) {
        #expect(FeedsConf.parseSize(text) == expected)
    }

    @Test(arguments: ["", "MB", "10XB", "1.5MB", "-1", "10 M B", "9999999999G"])
    func invalidSizes(text: String) {
        #expect(FeedsConf.parseSize(text) == nil)
    }
}

/// A fresh directory under the system temp dir, removed when the value goes away.
private final class TemporaryDirectory {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("feedcrawler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Resolve symlinks (macOS /var → /private/var) so expected paths match what the code sees.
        path = url.resolvingSymlinksInPath().path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// `iframe_hosts`: which video players' iframes survive sanitising.
@Suite struct IframeHostsConfTests {
    private func parse(_ text: String) throws(ConfigError) -> CrawlerConfig {
        try FeedsConf.parse(text, file: "feeds.conf", baseDirectory: "/srv")
    }

    @Test func defaultIsTheSanitizersVideoHosts() throws {
        #expect(try parse("").settings.iframeHosts == SanitizerPolicy.defaultIframeHosts)
        #expect(SanitizerPolicy.defaultIframeHosts.contains("www.youtube.com"))
    }

    @Test func listIsLowercasedAndSplitOnCommasAndSpaces() throws {
        let config = try parse("[crawler]\niframe_hosts = Player.Vimeo.com, www.youtube-nocookie.com  rutube.ru\n")
        #expect(config.settings.iframeHosts == ["player.vimeo.com", "www.youtube-nocookie.com", "rutube.ru"])
    }

    @Test func noneAllowsNoIframe() throws {
        #expect(try parse("[crawler]\niframe_hosts = none\n").settings.iframeHosts == [])
    }

    @Test func invalidHostIsAConfigError() {
        #expect(throws: ConfigError(file: "feeds.conf", line: 2, message: "invalid host name 'https://x.example' in 'iframe_hosts'")) {
            try parse("[crawler]\niframe_hosts = www.youtube.com, https://x.example\n")
        }
    }
}
