import Testing

@testable import FeedParser
import TestSupport

/// ReadableText's whitespace collapsing against a plain reference, on random text cut into
/// random chunks: the word-at-a-time fast path must give exactly what splitting on
/// whitespace and joining with one space gives, wherever runs of spaces, tabs, newlines and
/// U+00A0 fall relative to the eight-byte words.
@Suite struct ReadableTextTests {
    static let pieces: [String] = ["a", "bc", "Жд", "!", "x", " ", " ", "  ", "\t", "\n", "\r\n", "\u{A0}", "©", "é", "12345678"]

    static func reference(_ text: String) -> String {
        text.split(whereSeparator: { " \t\n\r\u{0C}\u{A0}".contains($0) || $0 == "\r\n" })
            .joined(separator: " ")
    }

    static func collapse(_ text: String, cuts: [Int], singleLine: Bool) -> String {
        var readable = ReadableText(singleLine: singleLine, expectedSize: 16)
        let bytes = Array(text.utf8)
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            // libxml2 never splits a UTF-8 sequence between two callbacks: neither do we.
            var end = min(cut, bytes.count)
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            bytes[start..<end].withUnsafeBufferPointer { readable.append($0, preformatted: false) }
            start = end
        }
        return readable.string
    }

    @Test func randomTextCollapsesLikeTheReference() {
        var rng = SplitMix64(state: 0x5EED)
        for round in 0..<3000 {
            let length = Int(rng.next() % 40)
            let text = (0..<length).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined()
            let byteCount = text.utf8.count
            let cuts = (0..<Int(rng.next() % 4)).map { _ in byteCount == 0 ? 0 : Int(rng.next() % UInt64(byteCount)) }.sorted()
            for singleLine in [false, true] {
                let got = Self.collapse(text, cuts: cuts, singleLine: singleLine)
                #expect(got == Self.reference(text), "round \(round): \(Array(text.unicodeScalars)) cut at \(cuts)")
            }
        }
    }

    @Test(arguments: [
        ("abcdefg  hijklmno", "abcdefg hijklmno"),   // two spaces across the word boundary
        ("abcdefgh ijklmnop", "abcdefgh ijklmnop"),  // a space right at a word start
        ("abcdefg\u{A0}hijk", "abcdefg hijk"),        // U+00A0 at the boundary
        ("abc \u{A0}def", "abc def"),                  // space then U+00A0
        ("a b c d e f g h i j", "a b c d e f g h i j"),
        ("  leading and trailing  ", "leading and trailing"),
    ])
    func boundaryCases(input: String, expected: String) {
        #expect(Self.collapse(input, cuts: [], singleLine: false) == expected)
    }

    /// In `pre`, single spaces stay, runs stay literal, lines keep their breaks.
    @Test func preformattedKeepsSpacesAndLines() {
        var readable = ReadableText(singleLine: false, expectedSize: 16)
        Array("let x = 1\n    y  = 2\r\nz\tw".utf8).withUnsafeBufferPointer { readable.append($0, preformatted: true) }
        #expect(readable.string == "let x = 1\ny  = 2\nz\tw")
    }
}
