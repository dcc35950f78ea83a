import CLibFuzzer
import FeedParser

// libFuzzer entry point (https://llvm.org/docs/LibFuzzer.html), called once per input. A trap
// (precondition failure), an AddressSanitizer report, a leak or a run longer than `-timeout` is a
// finding; libFuzzer saves the input under `-artifact_prefix`.
//
// Input layout: byte 0 picks the parse options, the rest is the document.
//   bits 0-2: the charset hint (`FuzzOptions.charsets`), as if HTTP Content-Type announced it
//   bit 3:    set = a document URL is given (relative links, identity keys use it)
// so one corpus exercises the charset-decoding paths and the URL-resolving paths too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let options = FuzzOptions(selector: data[0])
    let document = UnsafeRawBufferPointer(start: data + 1, count: size - 1)

    // The JSON path (`feedcrawler parse` output), written into a collecting closure that
    // discards nothing until the invariants are checked.
    var output: [UInt8] = []
    _ = ParseOutput.document(
        file: "fuzz.xml", bytes: document, documentURL: options.documentURL, charset: options.charset
    ) { chunk in
        output.append(contentsOf: chunk)
    }
    OutputInvariants.check(output)
    return 0
}

/// The program's entry point. The module is compiled with `-parse-as-library`, so Swift emits no
/// `main`; libFuzzer's own `main` is not used either, because SwiftPM links every executable on
/// Linux with `--defsym main=<Module>_main` (so tests can link executables). This is that symbol:
/// it hands the command line to libFuzzer's driver.
@_cdecl("FeedFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        guard let data else { return 0 }
        return fuzz(data, size)
    }
}

/// The parse options byte 0 of an input selects.
struct FuzzOptions {
    /// Charset hints: none, the Cyrillic legacy charsets feeds in the wild mislabel most,
    /// the wide encodings, a Latin one and a label no registry knows.
    static let charsets: [String?] = [
        nil, "windows-1251", "koi8-r", "utf-16", "iso-8859-1", "utf-8", "utf-32", "x-no-such-charset",
    ]
    var charset: String?
    var documentURL: String?

    init(selector: UInt8) {
        charset = Self.charsets[Int(selector & 0x07)]
        documentURL = selector & 0x08 != 0 ? "https://Example.org:443/news/feed.xml?utm_source=x#top" : nil
    }
}

/// What every output of `ParseOutput.document` must satisfy, whatever the input: one line of
/// valid UTF-8 JSON (OUTPUT_RULES: "Strings: JSON-escaped, valid UTF-8"; "Each document is
/// exactly one line"), so no raw control character survives escaping.
enum OutputInvariants {
    static func check(_ output: [UInt8]) {
        guard let last = output.last else { fatalError("invariant: no output at all") }
        precondition(last == UInt8(ascii: "\n"), "invariant: output does not end with a newline")
        precondition(output.first == UInt8(ascii: "{"), "invariant: output does not start with '{'")
        for (offset, byte) in output.dropLast().enumerated() where byte < 0x20 {
            fatalError("invariant: raw control byte 0x\(String(byte, radix: 16)) at offset \(offset)")
        }
        precondition(
            String(validating: output, as: UTF8.self) != nil, "invariant: output is not valid UTF-8"
        )
        JSONShape.check(output.dropLast())
    }
}

/// A strict, allocation-free JSON syntax check (RFC 8259 §2-§7) of one value: catches escaping
/// mistakes (a stray quote or backslash) that UTF-8 and control-byte checks cannot see.
struct JSONShape {
    private let bytes: ArraySlice<UInt8>
    private var i: Int

    static func check(_ bytes: ArraySlice<UInt8>) {
        var parser = JSONShape(bytes: bytes, i: bytes.startIndex)
        parser.value(depth: 0)
        precondition(parser.i == bytes.endIndex, "invariant: JSON has trailing bytes at \(parser.i)")
    }

    private func fail(_ what: String) -> Never {
        fatalError("invariant: JSON syntax: \(what) at offset \(i - bytes.startIndex)")
    }

    private var current: UInt8? { i < bytes.endIndex ? bytes[i] : nil }

    private mutating func expect(_ c: UInt8) {
        guard current == c else { fail("expected '\(Character(Unicode.Scalar(c)))'") }
        i += 1
    }

    private mutating func value(depth: Int) {
        guard depth < 64 else { fail("nesting deeper than the writer ever produces") }
        guard let c = current else { fail("value expected") }
        switch c {
        case UInt8(ascii: "{"):
            i += 1
            if current == UInt8(ascii: "}") { i += 1; return }
            while true {
                string()
                expect(UInt8(ascii: ":"))
                value(depth: depth + 1)
                if current == UInt8(ascii: ",") { i += 1; continue }
                expect(UInt8(ascii: "}"))
                return
            }
        case UInt8(ascii: "["):
            i += 1
            if current == UInt8(ascii: "]") { i += 1; return }
            while true {
                value(depth: depth + 1)
                if current == UInt8(ascii: ",") { i += 1; continue }
                expect(UInt8(ascii: "]"))
                return
            }
        case UInt8(ascii: "\""): string()
        case UInt8(ascii: "t"): literal("true")
        case UInt8(ascii: "f"): literal("false")
        case UInt8(ascii: "n"): literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): integer()
        default: fail("unexpected byte")
        }
    }

    private mutating func literal(_ word: StaticString) {
        for c in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) { expect(c) }
    }

    /// The writer emits only integers (dates as seconds, lengths).
    private mutating func integer() {
        if current == UInt8(ascii: "-") { i += 1 }
        let start = i
        while let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { i += 1 }
        guard i > start else { fail("digit expected") }
        guard i - start == 1 || bytes[start] != UInt8(ascii: "0") else { fail("leading zero") }
    }

    private mutating func string() {
        expect(UInt8(ascii: "\""))
        while true {
            guard let c = current else { fail("unterminated string") }
            i += 1
            switch c {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard let e = current else { fail("unterminated escape") }
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                    UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    for _ in 0..<4 {
                        guard let h = current, h.isHexDigit else { fail("bad \\u escape") }
                        i += 1
                    }
                default: fail("bad escape")
                }
            case 0..<0x20: fail("raw control byte in string")
            default: break
            }
        }
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
    }
}
