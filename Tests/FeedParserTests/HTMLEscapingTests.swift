import Testing
import TestSupport

@testable import FeedParser

/// The word-at-a-time escaper against a one-character-at-a-time reference, on random text with
/// the special characters (and their neighbours in the bit tricks: `=` `?` `$` `'` `.`) anywhere
/// relative to the eight-byte words.
@Suite struct HTMLEscapingTests {
    static let pieces: [String] = ["a", "bcdefgh", "Ж", "&", "<", ">", "\"", "=", "?", "$", "'", ".", " ", "\u{A0}", "12345678"]

    static func reference(_ text: String, quotes: Bool) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func escaped(_ text: String, quotes: Bool) -> String {
        var out: [UInt8] = []
        Array(text.utf8).withUnsafeBufferPointer {
            if quotes { HTMLEscaping.appendEscapedAttribute($0, to: &out) } else { HTMLEscaping.appendEscapedText($0, to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func randomTextEscapesLikeTheReference() {
        var rng = SplitMix64(state: 0xE5CA9E)
        for round in 0..<3000 {
            let text = (0..<Int(rng.next() % 30)).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined()
            for quotes in [false, true] {
                #expect(Self.escaped(text, quotes: quotes) == Self.reference(text, quotes: quotes), "round \(round): \(text)")
            }
        }
    }

    @Test func everyByteValueOutsideTheFourIsKept() {
        let special: Set<UInt8> = [0x22, 0x26, 0x3C, 0x3E]
        let all: [UInt8] = (0...255).map { UInt8($0) }.filter { !special.contains($0) }
        var out: [UInt8] = []
        all.withUnsafeBufferPointer { HTMLEscaping.appendEscapedAttribute($0, to: &out) }
        #expect(out == all)
    }
}
