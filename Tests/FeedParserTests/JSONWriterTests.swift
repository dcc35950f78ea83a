import Testing
@testable import FeedParser

/// The JSON string escaper scans eight bytes at a time; every special byte must be found at
/// every offset of a word, after runs of plain ASCII and of multi-byte text.
struct JSONWriterTests {
    static func quoted(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test(arguments: 0..<17)
    func specialBytesAtEveryOffset(offset: Int) {
        let pad = String(repeating: "a", count: offset)
        #expect(Self.quoted(pad + "\"") == "\"" + pad + "\\\"\"")
        #expect(Self.quoted(pad + "\\") == "\"" + pad + "\\\\\"")
        #expect(Self.quoted(pad + "\n") == "\"" + pad + "\\n\"")
        #expect(Self.quoted(pad + "\u{01}x") == "\"" + pad + "\\u0001x\"")
        #expect(Self.quoted(pad + "\u{1F}") == "\"" + pad + "\\u001f\"")
        #expect(Self.quoted(pad + "\u{7F}") == "\"" + pad + "\\u007f\"")
        #expect(Self.quoted(pad + "\u{2028}|\u{2029}") == "\"" + pad + "\\u2028|\\u2029\"")
    }

    @Test func textWithoutSpecialsIsCopiedAsIs() {
        let text = "Казахстанская правда — «новости» · 日本語 · emoji 🙂 and ASCII 0123456789"
        // U+2014 and U+00AB start with E2/C2 but are not line separators: copied unchanged.
        #expect(Self.quoted(text) == "\"" + text + "\"")
    }

    @Test func tabAndCarriageReturn() {
        #expect(Self.quoted("a\tb\rc") == "\"a\\tb\\rc\"")
    }
}
