/// Whitespace rules shared by every plain-text field.
enum TextWhitespace {
    /// Every run of whitespace (ASCII space, tab, CR, LF, FF and U+00A0) becomes one space;
    /// leading and trailing whitespace is removed.
    static func collapse(_ text: String) -> String {
        var copy = text
        return copy.withUTF8(collapse)
    }

    /// `collapse` of UTF-8 bytes.
    static func collapse(utf8 bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer(collapse)
    }

    private static func collapse(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        // The same rules as the single-line readable text of HTML: one implementation.
        var result = ReadableText(singleLine: true, expectedSize: bytes.count)
        result.append(bytes, preformatted: false)
        return result.string
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
