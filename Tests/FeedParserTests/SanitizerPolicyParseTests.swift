import Testing
@testable import FeedParser

/// The iframe host list given to `FeedParser.parse` reaches the sanitiser of every entry.
struct SanitizerPolicyParseTests {
    static let feed = """
        <rss version="2.0"><channel><title>T</title><item><guid>g1</guid><title>Video</title>
        <description><![CDATA[<p>Watch</p><iframe src="https://video.example.kz/embed/1"></iframe><iframe src="https://www.youtube.com/embed/x"></iframe>]]></description>
        </item></channel></rss>
        """

    @Test func defaultPolicyKeepsOnlyKnownVideoHosts() throws {
        let entry = try #require(try FeedParser.parse(Array(Self.feed.utf8)).entries.first)
        #expect(entry.contentHTML == "<p>Watch</p><iframe src=\"https://www.youtube.com/embed/x\"></iframe>")
    }

    @Test func configuredHostsReplaceTheDefault() throws {
        var result: [Entry] = []
        _ = try Array(Self.feed.utf8).withUnsafeBytes { raw throws(ParseError) in
            try FeedParser.parse(raw, sanitizer: SanitizerPolicy(iframeHosts: ["video.example.kz"])) { result.append($0) }
        }
        #expect(result.first?.contentHTML == "<p>Watch</p><iframe src=\"https://video.example.kz/embed/1\"></iframe>")
    }
}
