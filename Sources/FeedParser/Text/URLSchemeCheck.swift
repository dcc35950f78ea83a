/// Where a URL attribute's value is used, which decides the schemes it may have.
enum URLUse: Sendable, Equatable {
    /// `a href`: http, https, mailto.
    case link
    /// src, poster, cite, srcset candidates: http, https.
    case resource
    /// `img src`: http, https, and `data:` raster images (png, gif, jpeg, webp, avif), which cannot run
    /// script. `data:image/svg+xml` can (SVG carries `<script>`), so it is refused like any other `data:`.
    case image
    /// `iframe src`: http, https; the host is checked separately (`SanitizerPolicy.iframeHosts`).
    case frame
}

/// The scheme allow-list for URL attributes (OWASP XSS Filter Evasion Cheat Sheet: `javascript:`,
/// `vbscript:`, `data:` and their obfuscations).
///
/// The scheme is read the way a browser reads it, only more strictly: WHATWG URL §4.4 strips leading C0
/// controls and spaces and removes tab, LF and CR anywhere, so `jav&#x09;ascript:` (libxml2 has already
/// decoded the entity to a tab) is `javascript:`. Here every byte ≤ 0x20 and DEL is skipped wherever it is,
/// letters are compared case-insensitively, and a value is relative only when a '/', '?' or '#' comes
/// before any ':'. Any other ':' makes what precedes it a scheme, which must be on the list: even text that
/// is not a valid scheme (`java script:` after stripping, `:x`, non-ASCII) is refused rather than guessed.
enum URLSchemeCheck {
    static func allows(_ url: some Sequence<UInt8>, for use: URLUse) -> Bool {
        // Longest scheme compared is "mailto"/"https"; "data:" needs what follows it too.
        var scheme: UInt64 = 0
        var length = 0
        var iterator = url.makeIterator()
        while let byte = iterator.next() {
            if byte <= 0x20 || byte == 0x7F { continue }
            switch byte {
            case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
                return true  // relative reference: no scheme (RFC 3986 §4.2)
            case UInt8(ascii: ":"):
                switch (scheme, length) {
                case (http, 4), (https, 5): return true
                case (mailto, 6): return use == .link
                case (data, 4): return use == .image && isRasterImageData(&iterator)
                default: return false
                }
            default:
                length += 1
                // Anything longer than 8 bytes is no allowed scheme; keep reading for a ':' or '/'.
                if length <= 8 { scheme = scheme << 8 | UInt64(asciiLowercase(byte)) }
            }
        }
        return true  // no ':' at all: a relative path
    }

    /// After `data:`: the media type is one of image/png, image/gif, image/jpeg, image/webp, image/avif,
    /// ended by ';' or ',' (RFC 2397 `data:[<mediatype>][;base64],<data>`).
    private static func isRasterImageData<I: IteratorProtocol<UInt8>>(_ iterator: inout I) -> Bool {
        var type: [UInt8] = []
        while let byte = iterator.next() {
            if byte <= 0x20 || byte == 0x7F { continue }
            if byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") { break }
            type.append(asciiLowercase(byte))
            if type.count > 10 { return false }
        }
        return rasterImageTypes.contains(type)
    }

    private static let rasterImageTypes: [[UInt8]] = ["image/png", "image/gif", "image/jpeg", "image/webp",
                                                      "image/avif"].map { Array($0.utf8) }

    private static let http = pack("http")
    private static let https = pack("https")
    private static let mailto = pack("mailto")
    private static let data = pack("data")

    private static func pack(_ scheme: StaticString) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<scheme.utf8CodeUnitCount { value = value << 8 | UInt64(scheme.utf8Start[i]) }
        return value
    }

    @inline(__always)
    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
