/// Escaping for HTML we write ourselves (re-serialised markup, text turned into HTML).
enum HTMLEscaping {
    static func escapeText(_ text: String) -> String {
        var copy = text
        return String(decoding: copy.withUTF8(escapedText), as: UTF8.self)
    }

    /// `escapeText` on UTF-8 bytes, giving bytes.
    static func escapedText(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        appendEscapedText(bytes, to: &out)
        return out
    }

    /// Plain text as HTML that keeps its structure: blank-line separated paragraphs become
    /// `<p>`, single line breaks `<br>` (JSON Feed's `content_text`, where the text is all
    /// there is: its readable text then keeps its paragraphs).
    static func paragraphs(_ text: String) -> String {
        var html = ""
        var paragraph: [String] = []
        func close() {
            guard !paragraph.isEmpty else { return }
            html += "<p>" + paragraph.map(escapeText).joined(separator: "<br>") + "</p>"
            paragraph.removeAll()
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = String(line).trimmingASCIIWhitespace
            if trimmed.isEmpty { close() } else { paragraph.append(trimmed) }
        }
        close()
        return html
    }

    /// `&`, `<`, `>` escaped: what text content needs.
    static func appendEscapedText(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        appendEscaped(bytes, quotes: false, to: &out)
    }

    /// `&`, `<`, `>`, `"` escaped: what a double-quoted attribute value needs.
    static func appendEscapedAttribute(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        appendEscaped(bytes, quotes: true, to: &out)
    }

    @inline(__always)
    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, quotes: Bool, to out: inout [UInt8]) {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return }
        let count = bytes.count
        var runStart = 0
        var i = 0
        while i < count {
            // Eight bytes at a time while none can need escaping (most of any text).
            if i + 8 <= count, !mayNeedEscaping(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
                continue
            }
            let replacement: StaticString
            switch bytes[i] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\"") where quotes: replacement = "&quot;"
            default:
                i += 1
                continue
            }
            if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            i += 1
            runStart = i
        }
        if runStart < count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    /// Whether any byte of `w` may be `&`, `<`, `>` or `"`: `<` (3C) and `>` (3E) differ only in
    /// bit 1, `"` (22) and `&` (26) only in bit 2, so setting that bit in every byte turns each
    /// pair into one byte to look for ("has a zero byte" trick: it may report a byte that is not
    /// there, never miss one; a false report only sends the word through the byte loop).
    @inline(__always)
    static func mayNeedEscaping(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let angle = (w | (ones &* 0x02)) ^ (ones &* 0x3E)
        let amp = (w | (ones &* 0x04)) ^ (ones &* 0x26)
        return ((angle &- ones) & ~angle | (amp &- ones) & ~amp) & high != 0
    }

    /// HTML void elements (no end tag), from the renderer's element table.
    static func isVoidElement(_ name: UnsafePointer<UInt8>) -> Bool {
        // Cheap pre-check: every void element name is 2-6 ASCII letters.
        var n = 0
        while name[n] != 0 { n += 1; if n > 6 { return false } }
        return HTMLElements.kind(of: String(cString: name)).contains(.void)
    }
}
