// @preconcurrency: libxml2 exposes `xmlFree` as a mutable global function pointer, which Swift 6 refuses
// to read outside an actor; libxml2 sets it once at initialisation and never again.
@preconcurrency internal import CLibXML2

/// Resolves relative references in feeds and HTML fragments (RFC 3986 §5) with libxml2's `xmlBuildURI`.
public enum URLResolver {
    /// RFC 3986 §5 resolution of `reference` against `base` using libxml2's xmlBuildURI. Trims surrounding
    /// whitespace; returns the reference unchanged (trimmed) when base is nil/empty or resolution fails;
    /// an absolute reference is returned as is.
    ///
    /// Two repairs around libxml2 2.9.14, both measured:
    /// - `xmlBuildURI` rejects (returns NULL for) references holding bytes RFC 3986 does not allow, such as
    ///   a space or UTF-8 (`my photo.png`, `/статья/1`). Browsers percent-encode those (WHATWG URL "path
    ///   percent-encode set"), so they are percent-encoded as UTF-8 before resolving, and tab/LF/CR inside
    ///   the reference are removed first (WHATWG URL §4.4 basic URL parser drops them).
    /// - It skips remove_dot_segments for absolute-path references (`/./g` gave `http://a/./g`, `/../g`
    ///   gave `http://a/../g`; RFC 3986 §5.4.2 wants `http://a/g`), so the result's path goes through
    ///   RFC 3986 §5.2.4 once more (a no-op on paths libxml2 already cleaned).
    public static func resolve(_ reference: String, against base: String?) -> String {
        let trimmedReference = trimmingControlsAndSpaces(reference)
        guard let base else { return trimmedReference }
        let trimmedBase = trimmingControlsAndSpaces(base)
        if trimmedBase.isEmpty || startsWithScheme(trimmedReference.utf8) { return trimmedReference }
        LibXMLSetup.ready
        let encodedReference = percentEncodingForResolution(trimmedReference, removingTabsAndNewlines: true)
        let encodedBase = percentEncodingForResolution(trimmedBase, removingTabsAndNewlines: false)
        guard let built = buildURI(encodedReference, encodedBase) else { return trimmedReference }
        return removingDotSegmentsFromPath(of: built)
    }

    private static func buildURI(_ reference: String, _ base: String) -> String? {
        // Both strings are NUL-free here: percent-encoding turned every control byte into %XX.
        reference.withCString { referencePointer in
            base.withCString { basePointer in
                let built = xmlBuildURI(
                    UnsafeRawPointer(referencePointer).assumingMemoryBound(to: xmlChar.self),
                    UnsafeRawPointer(basePointer).assumingMemoryBound(to: xmlChar.self))
                guard let built else { return nil }
                defer { xmlFree(built) }
                return String(cString: built)
            }
        }
    }

    /// WHATWG URL parsing strips leading and trailing C0 controls and spaces; so do we.
    private static func trimmingControlsAndSpaces(_ string: String) -> String {
        let bytes = string.utf8
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }) else { return "" }
        let last = bytes.lastIndex(where: { $0 > 0x20 })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return string }
        return String(string[first...last])
    }

    /// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), followed by ":".
    static func startsWithScheme(_ bytes: String.UTF8View) -> Bool {
        var index = bytes.startIndex
        guard index != bytes.endIndex, isASCIILetter(bytes[index]) else { return false }
        index = bytes.index(after: index)
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return true }
            guard isASCIILetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            else { return false }
            index = bytes.index(after: index)
        }
        return false
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// Bytes that make libxml2's URI parser fail but that browsers silently percent-encode: C0 controls,
    /// space, DEL, non-ASCII, and `"` `<` `>` `^` `` ` `` `{` `|` `}`.
    private static func needsEncoding(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, 0x7F...0xFF: return true
        case UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "^"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
            return true
        default: return false
        }
    }

    private static func percentEncodingForResolution(_ string: String, removingTabsAndNewlines: Bool) -> String {
        let bytes = string.utf8
        if !bytes.contains(where: needsEncoding) { return string }
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(bytes.count * 3)
        for byte in bytes {
            if removingTabsAndNewlines && (byte == 0x09 || byte == 0x0A || byte == 0x0D) { continue }
            if needsEncoding(byte) {
                encoded.append(UInt8(ascii: "%"))
                encoded.append(hexDigits[Int(byte >> 4)])
                encoded.append(hexDigits[Int(byte & 0x0F)])
            } else {
                encoded.append(byte)
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// Applies RFC 3986 §5.2.4 to the path of an absolute URI (after `scheme:` and `//authority`, up to
    /// `?` or `#`).
    static func removingDotSegmentsFromPath(of uri: String) -> String {
        // Most results have no "/." at all: skip the copy.
        guard startsWithScheme(uri.utf8), containsSlashDot(uri.utf8) else { return uri }
        let bytes = Array(uri.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return uri }
        var pathStart = colon + 1
        if pathStart + 1 < bytes.count && bytes[pathStart] == UInt8(ascii: "/") && bytes[pathStart + 1] == UInt8(ascii: "/") {
            pathStart += 2
            while pathStart < bytes.count && bytes[pathStart] != UInt8(ascii: "/") && bytes[pathStart] != UInt8(ascii: "?")
                && bytes[pathStart] != UInt8(ascii: "#")
            {
                pathStart += 1
            }
        }
        var pathEnd = pathStart
        while pathEnd < bytes.count && bytes[pathEnd] != UInt8(ascii: "?") && bytes[pathEnd] != UInt8(ascii: "#") {
            pathEnd += 1
        }
        let path = bytes[pathStart..<pathEnd]
        guard hasDotSegment(path) else { return uri }
        var result = Array(bytes[..<pathStart])
        result += removeDotSegments(path)
        result += bytes[pathEnd...]
        return String(decoding: result, as: UTF8.self)
    }

    private static func containsSlashDot(_ bytes: String.UTF8View) -> Bool {
        var previousWasSlash = false
        for byte in bytes {
            if previousWasSlash && byte == UInt8(ascii: ".") { return true }
            previousWasSlash = byte == UInt8(ascii: "/")
        }
        return false
    }

    private static func hasDotSegment(_ path: ArraySlice<UInt8>) -> Bool {
        var atSegmentStart = true
        for byte in path {
            if atSegmentStart && byte == UInt8(ascii: ".") { return true }
            atSegmentStart = byte == UInt8(ascii: "/")
        }
        return false
    }

    /// RFC 3986 §5.2.4 remove_dot_segments, step by step (A to E) as the RFC writes it.
    private static func removeDotSegments(_ path: ArraySlice<UInt8>) -> [UInt8] {
        var input = Array(path)[...]
        var output: [UInt8] = []
        let dot = UInt8(ascii: "."), slash = UInt8(ascii: "/")
        func starts(_ prefix: [UInt8]) -> Bool { input.starts(with: prefix) }
        func removeLastSegment() {
            if let lastSlash = output.lastIndex(of: slash) { output.removeSubrange(lastSlash...) } else { output.removeAll() }
        }
        while !input.isEmpty {
            if starts([dot, dot, slash]) {  // A
                input = input.dropFirst(3)
            } else if starts([dot, slash]) {  // A
                input = input.dropFirst(2)
            } else if starts([slash, dot, slash]) {  // B
                input = input.dropFirst(2)
            } else if input.elementsEqual([slash, dot]) {  // B
                input = [slash][...]
            } else if starts([slash, dot, dot, slash]) {  // C
                input = input.dropFirst(3)
                removeLastSegment()
            } else if input.elementsEqual([slash, dot, dot]) {  // C
                input = [slash][...]
                removeLastSegment()
            } else if input.elementsEqual([dot]) || input.elementsEqual([dot, dot]) {  // D
                input = []
            } else {  // E: move the first segment, with its leading "/", to the output
                let searchFrom = input.first == slash ? input.index(after: input.startIndex) : input.startIndex
                let segmentEnd = input[searchFrom...].firstIndex(of: slash) ?? input.endIndex
                output += input[..<segmentEnd]
                input = input[segmentEnd...]
            }
        }
        return output
    }
}
