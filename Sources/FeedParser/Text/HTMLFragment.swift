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
        let renderer = FragmentRenderer(
            mode: .fragment(baseURL: baseURL, policy: policy), expectedSize: html.utf8.count)
        withNULFreeUTF8(html) { HTMLSAXReader.parse($0, into: renderer) }
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
        var text = text
        let hasMarkup = text.withUTF8 { $0.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") } }
        if !hasMarkup {
            var result = ReadableText(singleLine: true, expectedSize: text.utf8.count)
            withNULFreeUTF8(text) { result.append($0, preformatted: false) }
            return result.string
        }
        let renderer = FragmentRenderer(mode: .plainText, expectedSize: text.utf8.count)
        withNULFreeUTF8(text) { HTMLSAXReader.parse($0, into: renderer) }
        return renderer.text.string
    }

    /// Calls `body` with the UTF-8 of `string`, without a copy unless the string holds NUL bytes.
    private static func withNULFreeUTF8(_ string: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var string = string
        let bytes: [UInt8]? = string.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, memchr(base, 0, utf8.count) != nil else {
                body(utf8)
                return nil
            }
            return utf8.filter { $0 != 0 }
        }
        bytes?.withUnsafeBufferPointer(body)
    }
}
