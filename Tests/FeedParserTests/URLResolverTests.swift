import Testing
import FeedParser

/// RFC 3986 §5.4: every example of §5.4.1 (normal) and §5.4.2 (abnormal), resolved against the RFC's
/// base URI. libxml2 2.9.14 alone gets "/./g" and "/../g" wrong (it keeps the dot segments);
/// URLResolver must give the RFC's answers.
struct RFC3986Example: Sendable, CustomTestStringConvertible {
    let reference: String
    let expected: String
    var testDescription: String { "\"\(reference)\" -> \(expected)" }
}

private let rfcBase = "http://a/b/c/d;p?q"

private let normalExamples: [RFC3986Example] = [
    .init(reference: "g:h", expected: "g:h"),
    .init(reference: "g", expected: "http://a/b/c/g"),
    .init(reference: "./g", expected: "http://a/b/c/g"),
    .init(reference: "g/", expected: "http://a/b/c/g/"),
    .init(reference: "/g", expected: "http://a/g"),
    .init(reference: "//g", expected: "http://g"),
    .init(reference: "?y", expected: "http://a/b/c/d;p?y"),
    .init(reference: "g?y", expected: "http://a/b/c/g?y"),
    .init(reference: "#s", expected: "http://a/b/c/d;p?q#s"),
    .init(reference: "g#s", expected: "http://a/b/c/g#s"),
    .init(reference: "g?y#s", expected: "http://a/b/c/g?y#s"),
    .init(reference: ";x", expected: "http://a/b/c/;x"),
    .init(reference: "g;x", expected: "http://a/b/c/g;x"),
    .init(reference: "g;x?y#s", expected: "http://a/b/c/g;x?y#s"),
    .init(reference: "", expected: "http://a/b/c/d;p?q"),
    .init(reference: ".", expected: "http://a/b/c/"),
    .init(reference: "./", expected: "http://a/b/c/"),
    .init(reference: "..", expected: "http://a/b/"),
    .init(reference: "../", expected: "http://a/b/"),
    .init(reference: "../g", expected: "http://a/b/g"),
    .init(reference: "../..", expected: "http://a/"),
    .init(reference: "../../", expected: "http://a/"),
    .init(reference: "../../g", expected: "http://a/g"),
]

private let abnormalExamples: [RFC3986Example] = [
    .init(reference: "../../../g", expected: "http://a/g"),
    .init(reference: "../../../../g", expected: "http://a/g"),
    .init(reference: "/./g", expected: "http://a/g"),
    .init(reference: "/../g", expected: "http://a/g"),
    .init(reference: "g.", expected: "http://a/b/c/g."),
    .init(reference: ".g", expected: "http://a/b/c/.g"),
    .init(reference: "g..", expected: "http://a/b/c/g.."),
    .init(reference: "..g", expected: "http://a/b/c/..g"),
    .init(reference: "./../g", expected: "http://a/b/g"),
    .init(reference: "./g/.", expected: "http://a/b/c/g/"),
    .init(reference: "g/./h", expected: "http://a/b/c/g/h"),
    .init(reference: "g/../h", expected: "http://a/b/c/h"),
    .init(reference: "g;x=1/./y", expected: "http://a/b/c/g;x=1/y"),
    .init(reference: "g;x=1/../y", expected: "http://a/b/c/y"),
    .init(reference: "g?y/./x", expected: "http://a/b/c/g?y/./x"),
    .init(reference: "g?y/../x", expected: "http://a/b/c/g?y/../x"),
    .init(reference: "g#s/./x", expected: "http://a/b/c/g#s/./x"),
    .init(reference: "g#s/../x", expected: "http://a/b/c/g#s/../x"),
    // §5.4.2: "for strict parsers" http:g is the absolute URI itself.
    .init(reference: "http:g", expected: "http:g"),
]

@Test("RFC 3986 §5.4.1 normal examples", arguments: normalExamples)
func rfc3986NormalExample(_ example: RFC3986Example) {
    #expect(URLResolver.resolve(example.reference, against: rfcBase) == example.expected)
}

@Test("RFC 3986 §5.4.2 abnormal examples", arguments: abnormalExamples)
func rfc3986AbnormalExample(_ example: RFC3986Example) {
    #expect(URLResolver.resolve(example.reference, against: rfcBase) == example.expected)
}

private let articleBase = "https://example.org/blog/2024/post.html?id=7&lang=en"

@Test("a protocol-relative reference takes the base's scheme (RFC 3986 §4.2 network-path reference)")
func resolverProtocolRelativeReference() {
    #expect(URLResolver.resolve("//cdn.example/x.png", against: articleBase) == "https://cdn.example/x.png")
}

@Test("a query-only reference replaces the base's query and keeps its path (RFC 3986 §5.2.2)")
func resolverQueryOnlyReference() {
    #expect(URLResolver.resolve("?page=2", against: articleBase) == "https://example.org/blog/2024/post.html?page=2")
}

@Test("a fragment-only reference keeps the base's query")
func resolverFragmentOnlyReference() {
    #expect(URLResolver.resolve("#comments", against: articleBase)
        == "https://example.org/blog/2024/post.html?id=7&lang=en#comments")
}

@Test("a relative path against a base with no path resolves under the root (RFC 3986 §5.2.3 merge)")
func resolverBaseWithoutPath() {
    #expect(URLResolver.resolve("feed.xml", against: "https://example.org") == "https://example.org/feed.xml")
}

@Test("surrounding whitespace (a newline-wrapped href) is trimmed before resolving")
func resolverTrimsWhitespace() {
    #expect(URLResolver.resolve("  \n../about \t", against: articleBase) == "https://example.org/blog/about")
}

@Test("without a base, or with an empty one, the reference comes back trimmed and unchanged")
func resolverMissingBase() {
    #expect(URLResolver.resolve(" img/a.png ", against: nil) == "img/a.png")
    #expect(URLResolver.resolve("img/a.png", against: "") == "img/a.png")
    #expect(URLResolver.resolve("img/a.png", against: "   ") == "img/a.png")
}

@Test("an absolute reference is returned as is, not normalised")
func resolverAbsoluteReferenceUntouched() {
    #expect(URLResolver.resolve("HTTPS://Example.ORG/a/../b", against: articleBase) == "HTTPS://Example.ORG/a/../b")
    #expect(URLResolver.resolve("mailto:editor@example.org", against: articleBase) == "mailto:editor@example.org")
    #expect(URLResolver.resolve("data:image/png;base64,iVBO", against: articleBase) == "data:image/png;base64,iVBO")
}

@Test("a space or UTF-8 in a relative reference is percent-encoded as browsers do, not left unresolved")
func resolverPercentEncodesLikeBrowsers() {
    #expect(URLResolver.resolve("my photo.jpg", against: "https://example.org/gallery/")
        == "https://example.org/gallery/my%20photo.jpg")
    // "/статья/1": с=D1 81, т=D1 82, а=D0 B0, т=D1 82, ь=D1 8C, я=D1 8F
    #expect(URLResolver.resolve("/статья/1", against: "https://example.org/news/")
        == "https://example.org/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F/1")
}

@Test("a reference libxml2 cannot parse is returned unchanged")
func resolverUnresolvableReferenceKept() {
    // "%zz" is not a percent-encoding (RFC 3986 §2.1) and "a#b#c" has two fragments.
    #expect(URLResolver.resolve("%zz", against: articleBase) == "%zz")
    #expect(URLResolver.resolve("a#b#c", against: articleBase) == "a#b#c")
}

@Test("dot segments in an absolute-path reference are removed (RFC 3986 §5.2.4), query untouched")
func resolverDotSegmentsInAbsolutePath() {
    #expect(URLResolver.resolve("/a/b/../c/./d?x=/../y", against: articleBase) == "https://example.org/a/c/d?x=/../y")
}
