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

extension UInt8 {
    /// ASCII whitespace as HTML defines it (space, tab, LF, FF, CR): what trimming and srcset
    /// splitting skip.
    var isASCIIWhitespace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0C || self == 0x0D
    }
}

extension String {
    /// Trims ASCII whitespace only: cheaper than Foundation's and enough for XML text.
    var trimmingASCIIWhitespace: String {
        let u = utf8
        guard let first = u.firstIndex(where: { !$0.isASCIIWhitespace }) else { return "" }
        let last = u.lastIndex(where: { !$0.isASCIIWhitespace })!
        if first == u.startIndex && last == u.index(before: u.endIndex) { return self }
        return String(self[first...last])
    }
}
