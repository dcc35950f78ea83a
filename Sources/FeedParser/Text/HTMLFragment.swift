#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTML of an entry after `HTMLFragment.render`, and its readable text.
public struct RenderedHTML: Sendable, Equatable {
    public var html: String
    public var text: String

    public init(html: String, text: String) {
        self.html = html
        self.text = text
    }
}

/// HTML fragments from feeds (content:encoded, Atom `type="html"`, JSON Feed content_html).
public enum HTMLFragment {
    /// Parses an HTML fragment held as UTF-8 with libxml2's HTML parser in SAX mode (no tree is built) and
    /// returns the re-serialised HTML, sanitised by the allow-list (`HTMLOutputPolicy`, with `policy`'s
    /// iframe hosts) and with URL attributes made absolute against `baseURL`, and its readable text.
    /// The readable text follows its own rules and is not sanitised: it is text, and keeps the text of
    /// elements the HTML drops but readers see (a `<button>` label, a `<textarea>`).
    ///
    /// NUL bytes are removed first (U+0000 is never a valid HTML character; libxml2 2.9.14 reports it as
    /// an error and passes a space instead: `ab\0cd` gave "ab cd", measured).
    public static func render(
        _ html: String, baseURL: String?, policy: SanitizerPolicy = .default
    ) -> RenderedHTML {
        var copy = html
        return copy.withUTF8 { render($0, baseURL: baseURL, policy: policy) }
    }

    /// `render` of HTML held as UTF-8 bytes (an invalid sequence becomes U+FFFD in the output).
    static func render(utf8 html: [UInt8], baseURL: String?, policy: SanitizerPolicy) -> RenderedHTML {
        html.withUnsafeBufferPointer { render($0, baseURL: baseURL, policy: policy) }
    }

    private static func render(
        _ html: UnsafeBufferPointer<UInt8>, baseURL: String?, policy: SanitizerPolicy
    ) -> RenderedHTML {
        let renderer = FragmentRenderer(mode: .fragment(baseURL: baseURL, policy: policy), expectedSize: html.count)
        withoutNUL(html) { HTMLSAXReader.parse($0, into: renderer) }
        let serialized = renderer.serializer.map { String(decoding: $0.output, as: UTF8.self) } ?? ""
        return RenderedHTML(html: serialized, text: renderer.text.string)
    }

    /// Plain one-line text of a string that may contain markup or entities (titles, summaries):
    /// tags removed, entities decoded, whitespace collapsed to single spaces, trimmed. Fast path: when
    /// the string has no '<' and no '&', only collapse whitespace (no libxml2 call).
    ///
    /// Entities are decoded once: a double-escaped `&amp;lt;b&amp;gt;` gives the text `&lt;b&gt;`, and
    /// `&lt;b&gt;` gives `<b>` (the author escaped the markup, so it is text). Script and style content
    /// is dropped; the text of every other element is kept.
    public static func plainText(_ text: String) -> String {
        var copy = text
        return copy.withUTF8(plainText)
    }

    /// `plainText` of UTF-8 bytes.
    static func plainText(utf8 text: [UInt8]) -> String {
        text.withUnsafeBufferPointer(plainText)
    }

    private static func plainText(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let hasMarkup = text.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }
        if !hasMarkup {
            var result = ReadableText(singleLine: true, expectedSize: text.count)
            withoutNUL(text) { result.append($0, preformatted: false) }
            return result.string
        }
        let renderer = FragmentRenderer(mode: .plainText, expectedSize: text.count)
        withoutNUL(text) { HTMLSAXReader.parse($0, into: renderer) }
        return renderer.text.string
    }

    /// Calls `body` with `utf8`, or with a copy without its NUL bytes when it holds any.
    private static func withoutNUL(_ utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard let base = utf8.baseAddress, memchr(base, 0, utf8.count) != nil else {
            body(utf8)
            return
        }
        utf8.filter { $0 != 0 }.withUnsafeBufferPointer(body)
    }
}
