/// One physical line of feeds.conf, classified.
///
/// Comments: a line whose first non-blank character is `#` or `;` is a comment. Inside a
/// value, `#` or `;` starts a comment only when it follows a space or tab (or opens the
/// value), as in Python's configparser `inline_comment_prefixes`; so a URL fragment
/// (`https://x/#top`) and a user agent such as `Mozilla/5.0 (X11; Linux)` survive intact.
/// There is no quoting: a value cannot hold ` #` or ` ;`.
enum ConfLine: Equatable {
    case blank
    /// The text between `[` and `]`, spaces trimmed.
    case section(Substring)
    case keyValue(key: Substring, value: Substring)
    case malformed(String)

    init(_ raw: Substring) {
        var line = raw.utf8[...]
        ASCIIScanning.trimSpaces(&line)
        guard let first = line.first, first != UInt8(ascii: "#"), first != UInt8(ascii: ";") else {
            self = .blank
            return
        }
        if first == UInt8(ascii: "[") {
            self = ConfLine.section(line)
        } else {
            self = ConfLine.keyValue(line)
        }
    }

    private static func section(_ line: Substring.UTF8View) -> ConfLine {
        guard let close = line.firstIndex(of: UInt8(ascii: "]")) else {
            return .malformed("expected ']' to close the section header")
        }
        var rest = line[line.index(after: close)...]
        ASCIIScanning.trimSpaces(&rest)
        if let next = rest.first, next != UInt8(ascii: "#"), next != UInt8(ascii: ";") {
            return .malformed("unexpected text after the section header")
        }
        var inside = line[line.index(after: line.startIndex)..<close]
        ASCIIScanning.trimSpaces(&inside)
        return .section(Substring(inside))
    }

    private static func keyValue(_ line: Substring.UTF8View) -> ConfLine {
        let expected = ConfLine.malformed("expected 'key = value'")
        guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else { return expected }
        var key = line[..<equals]
        ASCIIScanning.trimSpaces(&key)
        guard !key.isEmpty, key.allSatisfy(isKeyByte) else { return expected }
        var value = line[line.index(after: equals)...]
        value = withoutInlineComment(value)
        ASCIIScanning.trimSpaces(&value)
        return .keyValue(key: Substring(key), value: Substring(value))
    }

    private static func withoutInlineComment(_ value: Substring.UTF8View) -> Substring.UTF8View {
        var previous = UInt8(ascii: " ")  // the value's start counts as following a space
        for index in value.indices {
            let byte = value[index]
            if (byte == UInt8(ascii: "#") || byte == UInt8(ascii: ";")) && ASCIIScanning.isSpace(previous) {
                return value[..<index]
            }
            previous = byte
        }
        return value
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
