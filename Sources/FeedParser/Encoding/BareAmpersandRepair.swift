#if canImport(Glibc)
import Glibc
#endif

/// Feeds often carry a bare `&` ("Tele2 & Altel", "?id=5&lang=ru"). libxml2's recovery
/// drops it, losing text and breaking links, so before parsing every `&` that does not start
/// an entity or character reference is rewritten as `&amp;`. CDATA sections and comments
/// are left alone (a `&` there is already literal). Nothing is copied when there is nothing
/// to repair, which is the common case.
enum BareAmpersandRepair {
    struct Repair {
        var bytes: [UInt8]
        var count: Int
        var firstLine: Int
    }

    static func repair(_ input: UnsafeRawBufferPointer) -> Repair? {
        guard let base = input.baseAddress, input.count > 0 else { return nil }
        let end = input.count
        var out: [UInt8] = []
        var copied = 0
        var count = 0
        var firstLine = 0
        var pos = 0
        let bytes = input.bindMemory(to: UInt8.self)
        // The next `<!` that may open a CDATA section or a comment.
        var nextSkip = find("<!", from: 0, in: input)
        while pos < end {
            guard let amp = memchr(base + pos, Int32(UInt8(ascii: "&")), end - pos) else { break }
            let i = base.distance(to: UnsafeRawPointer(amp))
            if let s = nextSkip, s < i {
                pos = skipSection(at: s, in: input)
                nextSkip = find("<!", from: pos, in: input)
                continue
            }
            if !startsReference(bytes, at: i) {
                if out.isEmpty { out.reserveCapacity(end + 64) }
                if count == 0 { firstLine = lineNumber(of: i, in: bytes) }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[copied..<i]))
                out.append(contentsOf: "&amp;".utf8)
                copied = i + 1
                count += 1
            }
            pos = i + 1
        }
        guard count > 0 else { return nil }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[copied..<end]))
        return Repair(bytes: out, count: count, firstLine: firstLine)
    }

    /// After `<!` at `start`: the end of a CDATA section or comment, or just past `<!`.
    private static func skipSection(at start: Int, in input: UnsafeRawBufferPointer) -> Int {
        if hasPrefix("<![CDATA[", at: start, in: input) {
            return (find("]]>", from: start + 9, in: input) ?? input.count - 3) + 3
        }
        if hasPrefix("<!--", at: start, in: input) {
            return (find("-->", from: start + 4, in: input) ?? input.count - 3) + 3
        }
        return start + 2
    }

    /// `&name;`, `&#123;` or `&#x1F;`: XML 1.0 §4.1. Names may hold any non-ASCII byte.
    private static func startsReference(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        var j = i + 1
        guard j < b.count else { return false }
        if b[j] == UInt8(ascii: "#") {
            j += 1
            var hex = false
            if j < b.count, b[j] == UInt8(ascii: "x") { hex = true; j += 1 }
            let digitsStart = j
            while j < b.count, isDigit(b[j], hex: hex) { j += 1 }
            return j > digitsStart && j < b.count && b[j] == UInt8(ascii: ";")
        }
        guard isNameStart(b[j]) else { return false }
        j += 1
        // Entity names are short; a long run without ';' is text, not a reference.
        while j < b.count, j - i < 64, isNameChar(b[j]) { j += 1 }
        return j < b.count && b[j] == UInt8(ascii: ";")
    }

    private static func isDigit(_ c: UInt8, hex: Bool) -> Bool {
        (c >= 0x30 && c <= 0x39) || (hex && ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)))
    }
    private static func isNameStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") || c >= 0x80
    }
    private static func isNameChar(_ c: UInt8) -> Bool {
        isNameStart(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
    }

    /// memmem is a GNU extension Glibc's module does not export: memchr on the first byte,
    /// then memcmp.
    private static func find(_ needle: StaticString, from: Int, in input: UnsafeRawBufferPointer) -> Int? {
        guard let base = input.baseAddress else { return nil }
        let n = needle.utf8CodeUnitCount
        var pos = from
        while pos + n <= input.count {
            guard let p = memchr(base + pos, Int32(needle.utf8Start.pointee), input.count - pos - n + 1) else { return nil }
            let i = base.distance(to: UnsafeRawPointer(p))
            if memcmp(base + i, needle.utf8Start, n) == 0 { return i }
            pos = i + 1
        }
        return nil
    }

    private static func hasPrefix(_ prefix: StaticString, at i: Int, in input: UnsafeRawBufferPointer) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard i + n <= input.count else { return false }
        return memcmp(input.baseAddress! + i, prefix.utf8Start, n) == 0
    }

    private static func lineNumber(of offset: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        for k in 0..<offset where b[k] == 0x0A { line += 1 }
        return line
    }
}
