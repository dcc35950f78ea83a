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

    private mutating func appendQuoted(_ s: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        let hex = Array("0123456789abcdef".utf8)
        while i < s.count {
            let b = s[i]
            var escape: [UInt8]? = nil
            var width = 1
            switch b {
            case UInt8(ascii: "\""): escape = [0x5C, 0x22]
            case UInt8(ascii: "\\"): escape = [0x5C, 0x5C]
            case 0x0A: escape = [0x5C, UInt8(ascii: "n")]
            case 0x0D: escape = [0x5C, UInt8(ascii: "r")]
            case 0x09: escape = [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20, 0x7F:
                escape = Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            case 0xE2 where i + 2 < s.count && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9):
                escape = Array((s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                width = 3
            default: break
            }
            if let escape {
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[runStart..<i])) }
                bytes.append(contentsOf: escape)
                i += width
                runStart = i
            } else {
                i += 1
            }
        }
        if runStart < s.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: s[runStart...])) }
        bytes.append(UInt8(ascii: "\""))
    }
}
