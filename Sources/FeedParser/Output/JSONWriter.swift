/// A small, fast JSON writer over a byte buffer. Strings come from Swift `String`s, so they
/// are valid UTF-8; control characters, quotes and backslashes are escaped, and so are
/// U+2028/U+2029, which break JavaScript consumers that eval JSON lines.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    public mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    public mutating func key(_ k: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        bytes.append(contentsOf: "\":".utf8)
        needsComma[needsComma.count - 1] = false
    }

    public mutating func string(_ s: String?) {
        guard let s else { return null() }
        separator()
        var copy = s
        copy.withUTF8 { appendQuoted($0) }
    }

    public mutating func int(_ v: Int64?) {
        guard let v else { return null() }
        separator()
        bytes.append(contentsOf: String(v).utf8)
    }

    public mutating func bool(_ v: Bool) {
        separator()
        bytes.append(contentsOf: (v ? "true" : "false").utf8)
    }

    public mutating func null() {
        separator()
        bytes.append(contentsOf: "null".utf8)
    }

    public mutating func strings(_ values: [String]) {
        beginArray()
        for v in values { string(v) }
        endArray()
    }

    /// Appends bytes that already are one JSON value.
    public mutating func raw(_ json: [UInt8]) {
        separator()
        bytes.append(contentsOf: json)
    }

    public mutating func newline() { bytes.append(UInt8(ascii: "\n")) }

    /// Drops the bytes written so far (after they were flushed) but keeps the nesting state,
    /// so a long document can be streamed in pieces.
    public mutating func discardBytes() { bytes.removeAll(keepingCapacity: true) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// The hot path of every output file: runs of bytes that need no escape are copied whole.
    private mutating func appendQuoted(_ s: UnsafeBufferPointer<UInt8>) {
        bytes.reserveCapacity(bytes.count + s.count + 2)
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let n = s.count
        let base = UnsafeRawPointer(s.baseAddress)
        while i < n {
            // Eight bytes at a time while none of them needs a look (the common case: text).
            while i + 8 <= n, !Self.wordNeedsLook(base!.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
            }
            guard i < n else { break }
            let b = s[i]
            // Controls, quote, backslash, DEL, and 0xE2 (lead byte of U+2028/U+2029).
            guard b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 else {
                i += 1
                continue
            }
            var width = 1
            var hex = false
            let escape: StaticString
            switch b {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0xE2:
                guard i + 2 < n, s[i + 1] == 0x80, s[i + 2] == 0xA8 || s[i + 2] == 0xA9 else {
                    i += 1
                    continue
                }
                escape = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                width = 3
            default:
                escape = "\\u00"
                hex = true
            }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[runStart..<i])) }
            bytes.append(contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount))
            if hex {
                // \u00XX for the other controls and DEL.
                bytes.append(Self.hexDigits[Int(b >> 4)])
                bytes.append(Self.hexDigits[Int(b & 0xF)])
            }
            i += width
            runStart = i
        }
        if runStart < n { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[runStart..<n])) }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether any byte of `w` is < 0x20, '"', '\\', DEL or 0xE2: the classic "has a zero
    /// byte" test, (x - 0x01…) & ~x & 0x80…, applied to w and to w XOR each special byte.
    @inline(__always)
    private static func wordNeedsLook(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & high != 0 }
        // Bytes below 0x20: (b - 0x20) borrows into the high bit only when b < 0x20 and b < 0x80.
        let control = (w &- ones &* 0x20) & ~w & high != 0
        return control || hasZero(w ^ (ones &* 0x22)) || hasZero(w ^ (ones &* 0x5C))
            || hasZero(w ^ (ones &* 0x7F)) || hasZero(w ^ (ones &* 0xE2))
    }

}
