/// Whitespace rules shared by every plain-text field.
enum TextWhitespace {
    /// Every run of whitespace (ASCII space, tab, CR, LF, FF and U+00A0) becomes one space;
    /// leading and trailing whitespace is removed.
    static func collapse(_ text: String) -> String {
        var out: [UInt8] = []
        var copy = text
        return copy.withUTF8 { bytes -> String in
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C {
                    pendingSpace = true
                    i += 1
                    continue
                }
                if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                    pendingSpace = true
                    i += 2
                    continue
                }
                if pendingSpace, !out.isEmpty { out.append(0x20) }
                pendingSpace = false
                out.append(b)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension String {
    /// Trims ASCII whitespace only: cheaper than Foundation's and enough for XML text.
    var trimmingASCIIWhitespace: String {
        let u = utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }
        guard let first = u.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = u.lastIndex(where: { !isSpace($0) })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
