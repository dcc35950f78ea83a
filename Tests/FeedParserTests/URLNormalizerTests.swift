import Testing
import FeedParser

/// One normalisation: input, the identity form written by hand, and the rule it checks.
struct URLCase: CustomTestStringConvertible, Sendable {
    let input: String
    let expected: String
    let proves: String
    init(_ input: String, _ expected: String, _ proves: String) {
        self.input = input
        self.expected = expected
        self.proves = proves
    }
    var testDescription: String { "\(proves): \"\(input)\"" }
}

private let urlCases: [URLCase] = [
    URLCase("https://example.org/a", "https://example.org/a", "already normal: unchanged"),
    URLCase("  https://example.org/a \n", "https://example.org/a", "surrounding whitespace trimmed"),
    URLCase("HTTPS://Example.ORG/Path/Case", "https://example.org/Path/Case", "scheme and host lowercased, path kept"),
    URLCase("http://example.org", "http://example.org/", "empty path becomes /"),
    URLCase("http://example.org?a=1", "http://example.org/?a=1", "empty path before a query becomes /"),
    URLCase("http://example.org:80/a", "http://example.org/a", "default http port dropped"),
    URLCase("https://example.org:443/a", "https://example.org/a", "default https port dropped"),
    URLCase("https://example.org:80/a", "https://example.org:80/a", "80 is not https's default: kept"),
    URLCase("http://example.org:8080/a", "http://example.org:8080/a", "other port kept"),
    URLCase("http://example.org:/a", "http://example.org/a", "empty port is the default (WHATWG URL)"),
    URLCase("https://example.org/a#comments", "https://example.org/a", "fragment dropped"),
    URLCase("https://User:Pw@Example.org/a", "https://User:Pw@example.org/a", "userinfo kept as written"),
    URLCase("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a",
            "all-tracking query dropped with its ?"),
    URLCase("https://example.org/a?id=7&utm_source=rss&page=2", "https://example.org/a?id=7&page=2",
            "tracking removed, others kept in order"),
    URLCase("https://example.org/a?UTM_Source=x&Fbclid=y&GCLID=z&q=1", "https://example.org/a?q=1",
            "tracking names match case-insensitively"),
    URLCase("https://example.org/a?fbclid=1&gclid=2&dclid=3&gbraid=4&wbraid=5&yclid=6&ysclid=7&msclkid=8",
            "https://example.org/a", "click ids of Meta, Google, Yandex, Microsoft"),
    URLCase("https://example.org/a?mc_cid=1&mc_eid=2&_openstat=3&igshid=4&_hsenc=5&_hsmi=6&mkt_tok=7",
            "https://example.org/a", "Mailchimp, Openstat, Instagram, HubSpot, Marketo"),
    URLCase("https://example.org/a?oly_anon_id=1&oly_enc_id=2&vero_id=3&x=%41",
            "https://example.org/a?x=%41", "Omeda, Vero; percent-escape not decoded"),
    URLCase("https://example.org/a?spm=a2c&utm=1&utmsource=2", "https://example.org/a?spm=a2c&utm=1&utmsource=2",
            "spm kept; only utm_ with underscore is tracking"),
    URLCase("https://example.org/a?q=A%20B&Sort=Desc", "https://example.org/a?q=A%20B&Sort=Desc",
            "query spelling and case kept"),
    URLCase("https://example.org/a?", "https://example.org/a", "empty query dropped with its ?"),
    URLCase("https://example.org/a?&x=1&&utm_source=y&", "https://example.org/a?x=1", "empty segments dropped"),
    URLCase("https://example.org/a?flag&utm_campaign", "https://example.org/a?flag", "parameters without ="),
    URLCase("http://[2001:DB8::1]:80/a", "http://[2001:db8::1]/a", "IPv6 literal lowercased, default port dropped"),
    URLCase("https://example.org:0443/a", "https://example.org/a", "port read as a number"),
    URLCase("https://пример.рф/статья", "https://пример.рф/статья", "non-ASCII host and path kept"),
    URLCase("mailto:someone@example.org", "mailto:someone@example.org", "not http(s): unchanged"),
    URLCase(" /relative/path?utm_source=x ", "/relative/path?utm_source=x", "relative: trimmed only"),
    URLCase("ftp://example.org/A", "ftp://example.org/A", "other scheme: unchanged"),
    URLCase("http://example.org:99999/a", "http://example.org:99999/a", "port out of range: not a URL, unchanged"),
]

@Suite("URLNormalizer")
struct URLNormalizerTests {
    @Test(arguments: urlCases)
    func normalizes(_ url: URLCase) {
        #expect(URLNormalizer.normalize(url.input) == url.expected)
    }

    @Test(arguments: [
        ("http://example.org", true),
        ("HTTPS://example.org/a", true),
        ("  https://example.org/a  ", true),
        ("https://u@h", true),
        ("http://", false),  // no host
        ("http:///path", false),  // empty host
        ("https://user@/path", false),  // userinfo but no host
        ("http://:80/", false),  // port but no host
        ("http:/example.org", false),  // one slash
        ("//example.org/a", false),  // scheme-relative
        ("ftp://example.org", false),
        ("httpx://example.org", false),
        ("/a/b", false),
        ("", false),
        ("http://example.org:8a/", false),  // port is not a number
    ])
    func absoluteHTTP(_ text: String, _ expected: Bool) {
        #expect(URLNormalizer.isAbsoluteHTTP(text) == expected)
    }
}
