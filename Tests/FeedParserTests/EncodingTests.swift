import Testing
@testable import FeedParser

/// Decodes `bytes` and returns the UTF-8 handed to the body as a String, after checking it is
/// valid UTF-8 (the decoder's promise to the XML parser).
private func decode(_ bytes: [UInt8], hint: String? = nil, isXML: Bool = true) -> (text: String, info: DecodedInputInfo) {
    bytes.withUnsafeBytes { raw in
        InputDecoder.withUTF8(raw, charsetHint: hint, isXML: isXML) { utf8, info in
            let text = String(validating: utf8, as: UTF8.self)
            #expect(text != nil, "output is not valid UTF-8")
            return (text ?? "", info)
        }
    }
}

private func bytesOf(_ text: String) -> [UInt8] { Array(text.utf8) }

// "Привет, мир" ("Hello, world") in windows-1251.
private let privetMir1251: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2C, 0x20, 0xEC, 0xE8, 0xF0]
// "Привет, мир" in KOI8-R (RFC 1489).
private let privetMirKOI8: [UInt8] = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2]
// "Новости дня: в Москве прошёл снег" in windows-1251 (ё is 0xB8).
private let news1251: [UInt8] = [
    0xCD, 0xEE, 0xE2, 0xEE, 0xF1, 0xF2, 0xE8, 0x20, 0xE4, 0xED, 0xFF, 0x3A, 0x20, 0xE2, 0x20, 0xCC, 0xEE,
    0xF1, 0xEA, 0xE2, 0xE5, 0x20, 0xEF, 0xF0, 0xEE, 0xF8, 0xB8, 0xEB, 0x20, 0xF1, 0xED, 0xE5, 0xE3,
]
// The same sentence in KOI8-R (ё is 0xA3).
private let newsKOI8: [UInt8] = [
    0xEE, 0xCF, 0xD7, 0xCF, 0xD3, 0xD4, 0xC9, 0x20, 0xC4, 0xCE, 0xD1, 0x3A, 0x20, 0xD7, 0x20, 0xED, 0xCF,
    0xD3, 0xCB, 0xD7, 0xC5, 0x20, 0xD0, 0xD2, 0xCF, 0xDB, 0xA3, 0xCC, 0x20, 0xD3, 0xCE, 0xC5, 0xC7,
]
// "Привет" in UTF-8: six two-byte sequences.
private let privetUTF8: [UInt8] = [0xD0, 0x9F, 0xD1, 0x80, 0xD0, 0xB8, 0xD0, 0xB2, 0xD0, 0xB5, 0xD1, 0x82]

@Suite("Charset precedence (RFC 7303 §3)")
struct CharsetPrecedenceTests {
    @Test func windows1251FromHint() {
        let result = decode(bytesOf("<t>") + privetMir1251 + bytesOf("</t>"), hint: "windows-1251")
        #expect(result.text == "<t>Привет, мир</t>")
        #expect(result.info.encoding == "windows-1251")
        #expect(result.info.warnings == [])
    }

    @Test func windows1251FromDeclaration() {
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>") + privetMir1251 + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>Привет, мир</t>")
        #expect(result.info.encoding == "windows-1251")
        #expect(result.info.warnings == [])
    }

    @Test func declarationInSingleQuotesWithSpaces() {
        let bytes = bytesOf("<?xml version='1.0' encoding = 'cp1251' ?><t>") + privetMir1251 + bytesOf("</t>")
        #expect(decode(bytes).text == "<?xml version='1.0' encoding = 'cp1251' ?><t>Привет, мир</t>")
    }

    @Test func hintBeatsDeclaration() {
        // RFC 7303 §3: the charset parameter overrides the encoding declaration.
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"koi8-r\"?><t>") + privetMir1251 + bytesOf("</t>")
        let result = decode(bytes, hint: "windows-1251")
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"koi8-r\"?><t>Привет, мир</t>")
        #expect(result.info.encoding == "windows-1251")
    }

    @Test func byteOrderMarkBeatsHint() {
        // RFC 7303 §3 (and WHATWG "decode"): a BOM outranks the charset parameter; the BOM is dropped.
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + bytesOf("<t>") + privetUTF8 + bytesOf("</t>")
        let result = decode(bytes, hint: "windows-1251")
        #expect(result.text == "<t>Привет</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["charset hint windows-1251 ignored: the byte order mark says UTF-8"])
    }

    @Test func unknownHintIsWarnedAndIgnored() {
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>") + privetMir1251 + bytesOf("</t>")
        let result = decode(bytes, hint: "x-no-such-charset")
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>Привет, мир</t>")
        #expect(result.info.encoding == "windows-1251")
        #expect(result.info.warnings == ["unknown charset \"x-no-such-charset\" in the charset hint; ignored"])
    }

    @Test func unknownDeclarationIsWarnedAndUTF8Used() {
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"x-bogus\"?><t>") + privetUTF8 + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"x-bogus\"?><t>Привет</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["unknown encoding \"x-bogus\" in the XML declaration; ignored"])
    }

    @Test func jsonIgnoresXMLDeclarationLookalikes() {
        // JSON has no XML declaration: text that merely looks like one must not pick the charset.
        let bytes = bytesOf("<?xml encoding=\"koi8-r\"?>{\"t\":\"") + privetUTF8 + bytesOf("\"}")
        let result = decode(bytes, isXML: false)
        #expect(result.text == "<?xml encoding=\"koi8-r\"?>{\"t\":\"Привет\"}")
        #expect(result.info.encoding == "UTF-8")
    }
}

@Suite("Legacy charsets through libxml2")
struct LegacyCharsetTests {
    @Test func koi8R() {
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"KOI8-R\"?><t>") + privetMirKOI8 + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><t>Привет, мир</t>")
        #expect(result.info.encoding == "KOI8-R")
    }

    @Test func windows1252Punctuation() {
        // 0x80 € , 0x93 “ , 0x94 ” exist in windows-1252 but not in ISO-8859-1; "latin1" is read as
        // windows-1252 (WHATWG Encoding Standard), so they survive.
        let bytes = bytesOf("<t>") + [0x80, 0x20, 0x93, 0x63, 0x61, 0x66, 0xE9, 0x94] + bytesOf("</t>")  // € “café”
        let result = decode(bytes, hint: "latin1")
        #expect(result.text == "<t>€ “café”</t>")
        #expect(result.info.encoding == "windows-1252")
        #expect(result.info.warnings == [])
    }

    @Test func windows1252UndefinedByteBecomesReplacementCharacter() {
        // 0x81 has no character in windows-1252 (glibc's CP1252): one U+FFFD, nothing lost after it.
        let bytes = bytesOf("<t>a") + [0x81] + bytesOf("b</t>")
        let result = decode(bytes, hint: "windows-1252")
        #expect(result.text == "<t>a\u{FFFD}b</t>")
        #expect(result.info.warnings == ["1 bytes not valid in windows-1252 replaced with U+FFFD"])
    }

    @Test func iso8859_5() {
        // "Привет" in ISO-8859-5: BF E0 D8 D2 D5 E2.
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"ISO-8859-5\"?><t>")
            + [0xBF, 0xE0, 0xD8, 0xD2, 0xD5, 0xE2] + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"ISO-8859-5\"?><t>Привет</t>")
        #expect(result.info.encoding == "ISO-8859-5")
    }

    @Test func kazakhKZ1048() {
        // "Қазақстан" in KZ-1048 (RK1048): Қ is 0x8D, қ is 0x9D.
        let bytes = bytesOf("<t>") + [0x8D, 0xE0, 0xE7, 0xE0, 0x9D, 0xF1, 0xF2, 0xE0, 0xED] + bytesOf("</t>")
        let result = decode(bytes, hint: "kz-1048")
        #expect(result.text == "<t>Қазақстан</t>")
        #expect(result.info.encoding == "KZ-1048")
    }

    @Test func gbkThroughTheMultiByteConverter() {
        // "中文" in GBK: D6 D0 CE C4; then a lone lead byte D6 cut off by the end of the input.
        let bytes = bytesOf("<t>") + [0xD6, 0xD0, 0xCE, 0xC4] + bytesOf("</t>") + [0xD6]
        let result = decode(bytes, hint: "gb2312")
        #expect(result.text == "<t>中文</t>\u{FFFD}")
        #expect(result.info.encoding == "GBK")
        #expect(result.info.warnings == ["1 bytes not valid in GBK replaced with U+FFFD"])
    }

    @Test func shiftJIS() {
        // "日本" in Shift_JIS: 93 FA 96 7B (the 7B is a trail byte, not "{").
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><t>") + [0x93, 0xFA, 0x96, 0x7B] + bytesOf("</t>")
        #expect(decode(bytes).text == "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><t>日本</t>")
    }

    @Test(arguments: ["cp-1251", "win-1251", "CP1251", "x-cp1251", "Windows_1251"])
    func aliasSpellingsDecode(label: String) {
        let result = decode(bytesOf("<t>") + privetMir1251 + bytesOf("</t>"), hint: label)
        #expect(result.text == "<t>Привет, мир</t>")
        #expect(result.info.encoding == "windows-1251")
    }

    @Test func declaredLegacyButValidUTF8StaysUTF8() {
        // Several well-formed multi-byte sequences and no ill-formed one: the label is wrong
        // (as Miniflux's encoding.CharsetReader concludes).
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>") + privetUTF8 + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"windows-1251\"?><t>Привет</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["declared encoding windows-1251 does not match the bytes; decoded as UTF-8"])
    }

    @Test func controlBytesInLegacyTextAreDropped() {
        let bytes = bytesOf("<t>") + [0x00, 0xCF, 0x1B, 0xF0, 0x09] + bytesOf("</t>")  // NUL П ESC р TAB
        let result = decode(bytes, hint: "windows-1251")
        #expect(result.text == "<t>Пр\t</t>")
        #expect(result.info.warnings == ["2 characters not allowed in XML removed (C0 controls, U+FFFE, U+FFFF)"])
    }
}

@Suite("UTF-16 and UTF-32")
struct WideUnicodeTests {
    @Test func utf16LEWithBOM() {
        // FF FE, then "<a>Ж</a>" in UTF-16LE (Ж is U+0416).
        let bytes: [UInt8] = [0xFF, 0xFE, 0x3C, 0x00, 0x61, 0x00, 0x3E, 0x00, 0x16, 0x04,
                              0x3C, 0x00, 0x2F, 0x00, 0x61, 0x00, 0x3E, 0x00]
        let result = decode(bytes, hint: "windows-1251")
        #expect(result.text == "<a>Ж</a>")
        #expect(result.info.encoding == "UTF-16LE")
    }

    @Test func utf16BEWithoutBOM() {
        // XML 1.0 Appendix F.1: 00 3C 00 3F is "<?" in UTF-16BE.
        let bytes: [UInt8] = Array("<?xml version=\"1.0\"?><a>Ж</a>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        #expect(bytes.prefix(4) == [0x00, 0x3C, 0x00, 0x3F])
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\"?><a>Ж</a>")
        #expect(result.info.encoding == "UTF-16BE")
    }

    @Test func utf16LEWithoutBOMUnderPlainUTF16Label() {
        // "<a>Ж</a>" in UTF-16LE, labelled just "utf-16": the zero bytes give the byte order away.
        let bytes: [UInt8] = [0x3C, 0x00, 0x61, 0x00, 0x3E, 0x00, 0x16, 0x04, 0x3C, 0x00, 0x2F, 0x00, 0x61, 0x00, 0x3E, 0x00]
        let result = decode(bytes, hint: "utf-16")
        #expect(result.text == "<a>Ж</a>")
        #expect(result.info.encoding == "UTF-16LE")
    }

    @Test func loneSurrogateBecomesReplacementCharacter() {
        // "a", a lone high surrogate D800, "b", then half a code unit.
        let bytes: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x62, 0x00, 0x63]
        let result = decode(bytes)
        #expect(result.text == "a\u{FFFD}b\u{FFFD}")
        #expect(result.info.warnings == ["2 invalid UTF-16LE code units replaced with U+FFFD"])
    }

    @Test func utf16DeclarationOnSingleByteTextIsIgnored() {
        // "<?xml" in single bytes cannot be UTF-16: a declaration saying so is wrong.
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>") + privetUTF8 + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>Привет</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["declared encoding UTF-16 does not match the bytes; decoded as UTF-8"])
    }

    @Test func utf32BEWithBOM() {
        // 00 00 FE FF, then "Ж" (U+0416) and "😀" (U+1F600).
        let bytes: [UInt8] = [0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x04, 0x16, 0x00, 0x01, 0xF6, 0x00]
        let result = decode(bytes)
        #expect(result.text == "Ж😀")
        #expect(result.info.encoding == "UTF-32BE")
    }
}

@Suite("Bytes that contradict UTF-8")
struct MislabelledUTF8Tests {
    @Test func declaredUTF8ButWindows1251() {
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>") + news1251 + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>Новости дня: в Москве прошёл снег</t>")
        #expect(result.info.encoding == "windows-1251")
        #expect(result.info.warnings == ["declared encoding UTF-8 does not match the bytes; decoded as windows-1251"])
    }

    @Test func hintUTF8ButWindows1251ShortText() {
        let result = decode(bytesOf("<t>") + privetMir1251 + bytesOf("</t>"), hint: "utf-8")
        #expect(result.text == "<t>Привет, мир</t>")
        #expect(result.info.encoding == "windows-1251")
    }

    @Test func declaredUTF8ButKOI8R() {
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"utf-8\"?><t>") + newsKOI8 + bytesOf("</t>")
        let result = decode(bytes)
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"utf-8\"?><t>Новости дня: в Москве прошёл снег</t>")
        #expect(result.info.encoding == "KOI8-R")
        #expect(result.info.warnings == ["declared encoding UTF-8 does not match the bytes; decoded as KOI8-R"])
    }

    @Test func utf8HintContradictedFallsBackToTheDeclaration() {
        // A server's blanket "charset=utf-8" on a windows-1250 document that says so itself:
        // "Zażółć gęślą jaźń" (ż BF, ó F3, ł B3, ć E6, ę EA, ś 9C, ą B9, ź 9F, ń F1).
        let bytes = bytesOf("<?xml version=\"1.0\" encoding=\"windows-1250\"?><t>")
            + [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0x9C, 0x6C, 0xB9, 0x20, 0x6A, 0x61, 0x9F, 0xF1]
            + bytesOf("</t>")
        let result = decode(bytes, hint: "utf-8")
        #expect(result.text == "<?xml version=\"1.0\" encoding=\"windows-1250\"?><t>Zażółć gęślą jaźń</t>")
        #expect(result.info.encoding == "windows-1250")
        #expect(result.info.warnings == ["declared encoding UTF-8 does not match the bytes; decoded as windows-1250"])
    }

    @Test func undeclaredJSONInWindows1251() {
        // RFC 8259 says JSON is UTF-8, but the bytes say otherwise.
        let bytes = bytesOf("{\"title\":\"") + news1251 + bytesOf("\"}")
        let result = decode(bytes, isXML: false)
        #expect(result.text == "{\"title\":\"Новости дня: в Москве прошёл снег\"}")
        #expect(result.info.encoding == "windows-1251")
        #expect(result.info.warnings == ["no encoding declared and the bytes are not UTF-8; decoded as windows-1251"])
    }

    @Test func strayWindows1252QuoteInEnglishText() {
        // 0x92 (’ in windows-1252) alone between ASCII letters: not Cyrillic, so windows-1252.
        let result = decode(bytesOf("<t>it") + [0x92] + bytesOf("s</t>"))
        #expect(result.text == "<t>it’s</t>")
        #expect(result.info.encoding == "windows-1252")
    }

    @Test func mostlyValidUTF8KeepsUTF8() {
        // "Привет Привет" (12 valid sequences) with one stray 0xFF between: a damaged UTF-8
        // document, not a legacy one.
        let bytes = bytesOf("<t>") + privetUTF8 + [0x20, 0xFF, 0x20] + privetUTF8 + bytesOf("</t>")
        let result = decode(bytes, hint: "utf-8")
        #expect(result.text == "<t>Привет \u{FFFD} Привет</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["invalid UTF-8 sequences replaced"])
    }

    @Test func truncatedSequenceAtEnd() {
        // The input ends after the first byte of "П" (D0 9F): one U+FFFD, and no charset guessing.
        let result = decode(bytesOf("<t>") + privetUTF8 + [0xD0])
        #expect(result.text == "<t>Привет\u{FFFD}")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["invalid UTF-8 sequences replaced"])
    }

    @Test func truncatedThreeByteSequenceIsOneReplacement() {
        // E2 82 is the start of "€" (E2 82 AC): one maximal subpart, one U+FFFD (Unicode §3.9).
        let result = decode(bytesOf("abc") + [0xE2, 0x82])
        #expect(result.text == "abc\u{FFFD}")
    }

    @Test func usASCIILabelOnUTF8Bytes() {
        let result = decode(bytesOf("<t>") + privetUTF8 + bytesOf("</t>"), hint: "us-ascii")
        #expect(result.text == "<t>Привет</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["declared encoding US-ASCII does not match the bytes; decoded as UTF-8"])
    }
}

@Suite("Clean UTF-8 output")
struct CleanOutputTests {
    @Test func controlCharactersDropped() {
        // NUL, 0x01 and ESC abort libxml2 (XML 1.0 §2.2 Char); TAB, LF, CR are kept.
        let bytes = bytesOf("<t>a") + [0x00] + bytesOf("b") + [0x01] + bytesOf("c") + [0x1B] + bytesOf("d\t\n\r</t>")
        let result = decode(bytes)
        #expect(result.text == "<t>abcd\t\n\r</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == ["3 characters not allowed in XML removed (C0 controls, U+FFFE, U+FFFF)"])
    }

    @Test func nonCharactersFFFEAndFFFFDropped() {
        // EF BF BE = U+FFFE, EF BF BF = U+FFFF: well-formed UTF-8 but not XML characters.
        let bytes = bytesOf("a") + [0xEF, 0xBF, 0xBE] + bytesOf("b") + [0xEF, 0xBF, 0xBF] + bytesOf("c")
        #expect(decode(bytes).text == "abc")
    }

    @Test func surrogatesAndOverlongsAreInvalid() {
        // ED A0 80 encodes a surrogate, C0 AF is an overlong "/": each byte its own U+FFFD, as the
        // maximal subparts are one byte long (Unicode §3.9 Table 3-8). Enough valid text around
        // keeps the document UTF-8 (60 valid sequences against 5 invalid ones).
        let bytes: [UInt8] = Array(repeating: privetUTF8, count: 10).flatMap { $0 } + [0xED, 0xA0, 0x80, 0xC0, 0xAF]
        let result = decode(bytes)
        #expect(result.text == String(repeating: "Привет", count: 10) + "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(result.info.encoding == "UTF-8")
    }

    @Test func kazakhUTF8StaysIntact() {
        let text = "<t>Қазақстан Республикасы — тәуелсіз, демократиялық мемлекет. Үкімет, ұлт, өнер, ғылым, һ, ң</t>"
        let result = decode(bytesOf(text))
        #expect(result.text == "<t>Қазақстан Республикасы — тәуелсіз, демократиялық мемлекет. Үкімет, ұлт, өнер, ғылым, һ, ң</t>")
        #expect(result.info.encoding == "UTF-8")
        #expect(result.info.warnings == [])
    }

    @Test func cleanUTF8IsHandedOverWithoutCopy() {
        let bytes = bytesOf("<?xml version=\"1.0\"?>\n<rss>\t<title>Привет — 😀</title></rss>\r\n")
        bytes.withUnsafeBytes { raw in
            InputDecoder.withUTF8(raw, charsetHint: "UTF-8") { utf8, info in
                #expect(utf8.baseAddress == raw.baseAddress)
                #expect(utf8.count == raw.count)
                #expect(info.warnings == [])
            }
        }
    }

    @Test func utf8BOMIsSkippedWithoutCopy() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + bytesOf("<rss/>")
        bytes.withUnsafeBytes { raw in
            InputDecoder.withUTF8(raw, charsetHint: nil) { utf8, info in
                #expect(utf8.baseAddress == raw.baseAddress! + 3)
                #expect(Array(utf8) == bytesOf("<rss/>"))
                #expect(info.encoding == "UTF-8")
            }
        }
    }

    @Test func emptyInput() {
        let result = decode([])
        #expect(result.text == "")
        #expect(result.info.encoding == "UTF-8")
    }
}

@Suite("Charset labels")
struct CharsetLabelTests {
    @Test(arguments: [
        ("cp-1251", "windows-1251"), ("win-1251", "windows-1251"), ("windows1251", "windows-1251"),
        ("cp1251", "windows-1251"), ("x-cp1251", "windows-1251"), ("WINDOWS-1251", "windows-1251"),
        ("koi8r", "KOI8-R"), ("koi8-r", "KOI8-R"), ("KOI8-U", "KOI8-U"),
        ("utf8", "UTF-8"), ("UTF-8", "UTF-8"), ("unicode-1-1-utf-8", "UTF-8"),
        // WHATWG Encoding Standard: these labels mean windows-1252.
        ("latin1", "windows-1252"), ("iso-8859-1", "windows-1252"), ("iso_8859-1", "windows-1252"),
        ("us-ascii", "windows-1252"), ("ascii", "windows-1252"),
        ("iso-8859-2", "ISO-8859-2"), ("ISO-8859-15", "ISO-8859-15"), ("latin9", "ISO-8859-15"),
        ("windows-1250", "windows-1250"), ("cp1258", "windows-1258"), ("cp866", "IBM866"),
        ("kz-1048", "KZ-1048"), ("rk1048", "KZ-1048"),
        ("utf-16", "UTF-16"), ("utf-16le", "UTF-16LE"), ("UTF-16BE", "UTF-16BE"),
        ("gb2312", "GBK"), ("gbk", "GBK"), ("gb18030", "gb18030"), ("big5", "Big5"),
        ("shift_jis", "Shift_JIS"), ("euc-jp", "EUC-JP"), ("euc-kr", "EUC-KR"),
        ("mac-cyrillic", "x-mac-cyrillic"), (" \"utf-8\" ", "UTF-8"),
    ])
    func canonicalName(label: String, expected: String) {
        #expect(InputDecoder.canonicalCharsetName(label) == expected)
    }

    @Test(arguments: ["", "x-unknown", "utf-9", "windows-1261", "iso-8859-99"])
    func unknownLabels(label: String) {
        #expect(InputDecoder.canonicalCharsetName(label) == nil)
    }
}

@Suite("Concurrency")
struct EncodingConcurrencyTests {
    @Test func parallelDecodesShareTheConverterCache() async {
        // The per-charset byte tables are built once and shared; concurrent first uses must agree.
        let cases: [(label: String, bytes: [UInt8])] = [
            ("koi8-r", privetMirKOI8), ("windows-1251", privetMir1251), ("cp1251", privetMir1251),
            ("koi8r", privetMirKOI8), ("win-1251", privetMir1251), ("KOI8-R", privetMirKOI8),
        ]
        let texts = await withTaskGroup(of: String.self) { group in
            for (label, bytes) in cases {
                group.addTask { decode(bytes, hint: label).text }
            }
            var texts: [String] = []
            for await text in group { texts.append(text) }
            return texts
        }
        #expect(texts == Array(repeating: "Привет, мир", count: 6))
    }
}
