/// The identity form of article URLs: two links that differ only in spelling a server ignores (scheme and
/// host case, default port, fragment, tracking parameters) give the same string, so they hash to the same
/// article id. Pure byte work over UTF-8; no Foundation `URL`, which would also decode and re-encode.
///
/// Decisions the lead should know:
/// - "Absolute http(s)" means `scheme://` with `http` or `https` (any case) and a non-empty host. `http:/x`,
///   `http:x`, `//host/x` and backslash forms are not absolute here (WHATWG would repair them; we do not guess).
/// - A port that is not all digits or above 65535 makes the text not a URL (returned trimmed, unchanged).
///   A valid port is written without leading zeros; an empty port (`host:`) is dropped like a default one.
/// - The path is kept byte for byte (no dot-segment removal, no percent-escape case folding).
/// - Query: split on `&` only; empty segments (`a=1&&b=2`, a trailing `&`) are dropped; every other segment
///   is kept verbatim in order unless its name (the part before `=`) is a tracking parameter.
/// - Whitespace trimmed: ASCII space and C0 controls (what the WHATWG URL parser strips), both ends.
public enum URLNormalizer {
    /// True for an absolute http or https URL with a non-empty host (scheme case-insensitive,
    /// surrounding whitespace ignored).
    public static func isAbsoluteHTTP(_ text: String) -> Bool {
        withBytes(text) { bytes in
            let (start, end) = trimmed(bytes)
            return URLParts(bytes, start: start, end: end) != nil
        }
    }

    /// The identity form of an absolute URL (used to hash article ids and compare articles):
    /// surrounding whitespace trimmed; scheme and host lowercased; userinfo kept; default port dropped
    /// (:80 for http, :443 for https); fragment dropped; empty path becomes "/"; tracking query parameters
    /// removed (see `isTrackingParameter`); the other parameters kept in their original order and spelling;
    /// a query left empty is dropped together with its '?'. Percent-escapes are not decoded.
    /// Text that is not an absolute http(s) URL is returned trimmed and otherwise unchanged.
    public static func normalize(_ text: String) -> String {
        withBytes(text) { bytes in
            let (start, end) = trimmed(bytes)
            guard let parts = URLParts(bytes, start: start, end: end) else {
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            // The result is never longer than the input plus the "/" of an empty path.
            return String(unsafeUninitializedCapacity: end - start + 1) { out in
                var count = 0
                func put(_ byte: UInt8) {
                    out[count] = byte
                    count += 1
                }
                func put(_ range: Range<Int>, lowercased: Bool = false) {
                    for index in range {
                        let byte = bytes[index]
                        put(lowercased && byte &- 65 < 26 ? byte | 0x20 : byte)
                    }
                }
                put(start..<parts.schemeEnd, lowercased: true)
                put(parts.schemeEnd..<parts.authorityStart)  // "://"
                if let userinfo = parts.userinfo {
                    put(userinfo)
                    put(UInt8(ascii: "@"))
                }
                put(parts.host, lowercased: true)
                if let port = parts.port, port != (parts.isHTTPS ? 443 : 80) {
                    put(UInt8(ascii: ":"))
                    var digits = InlineArray<5, UInt8>(repeating: 0)
                    var digitCount = 0
                    var value = port
                    repeat {
                        digits[digitCount] = UInt8(48 + value % 10)
                        value /= 10
                        digitCount += 1
                    } while value > 0
                    for index in stride(from: digitCount - 1, through: 0, by: -1) { put(digits[index]) }
                }
                if parts.path.isEmpty { put(UInt8(ascii: "/")) } else { put(parts.path) }
                if let query = parts.query {
                    var wroteParameter = false
                    var segmentStart = query.lowerBound
                    while segmentStart <= query.upperBound {
                        var segmentEnd = segmentStart
                        while segmentEnd < query.upperBound, bytes[segmentEnd] != UInt8(ascii: "&") { segmentEnd += 1 }
                        let segment = segmentStart..<segmentEnd
                        if !segment.isEmpty, !isTrackingParameter(bytes, segment) {
                            put(UInt8(ascii: wroteParameter ? "&" : "?"))
                            put(segment)
                            wroteParameter = true
                        }
                        segmentStart = segmentEnd + 1
                    }
                }
                return count
            }
        }
    }

    /// Query parameter names that only say where a click came from (campaign and click ids of Google, Meta,
    /// Microsoft, Yandex, Mailchimp, HubSpot, Marketo, Omeda, Vero, Instagram, Openstat). Compared
    /// case-insensitively; every `utm_` name matches. `spm` is kept: some sites use it for content.
    static let trackingNames: [[UInt8]] = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "yclid", "ysclid", "msclkid", "mc_cid", "mc_eid",
        "_openstat", "igshid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
    ].map { Array($0.utf8) }

    /// Whether the parameter `name[=value]` in `segment` has a tracking name.
    static func isTrackingParameter(_ bytes: UnsafeBufferPointer<UInt8>, _ segment: Range<Int>) -> Bool {
        var nameEnd = segment.lowerBound
        while nameEnd < segment.upperBound, bytes[nameEnd] != UInt8(ascii: "=") { nameEnd += 1 }
        let name = segment.lowerBound..<nameEnd
        @inline(__always) func folded(_ index: Int) -> UInt8 {
            let byte = bytes[index]
            return byte &- 65 < 26 ? byte | 0x20 : byte
        }
        if name.count >= 4, folded(name.lowerBound) == UInt8(ascii: "u"), folded(name.lowerBound + 1) == UInt8(ascii: "t"),
           folded(name.lowerBound + 2) == UInt8(ascii: "m"), bytes[name.lowerBound + 3] == UInt8(ascii: "_") {
            return true
        }
        candidates: for candidate in trackingNames where candidate.count == name.count {
            for (offset, expected) in candidate.enumerated() where folded(name.lowerBound + offset) != expected {
                continue candidates
            }
            return true
        }
        return false
    }

    /// Runs `body` over the UTF-8 bytes of `text`, contiguous (native strings already are).
    private static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable(body)!
    }

    /// Bounds without leading and trailing ASCII space and C0 controls.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> (start: Int, end: Int) {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] <= 0x20 { start += 1 }
        while end > start, bytes[end - 1] <= 0x20 { end -= 1 }
        return (start, end)
    }
}

/// The pieces of `scheme://[userinfo@]host[:port][path][?query][#fragment]` as byte ranges of the input.
private struct URLParts {
    var schemeEnd: Int
    var isHTTPS: Bool
    var authorityStart: Int
    var userinfo: Range<Int>?
    var host: Range<Int>
    var port: Int?
    var path: Range<Int>
    var query: Range<Int>?

    /// Nil unless the text is an absolute http(s) URL with a non-empty host and a valid (or no) port.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) {
        func folded(_ index: Int) -> UInt8 { bytes[index] | 0x20 }
        guard end - start >= 7, folded(start) == UInt8(ascii: "h"), folded(start + 1) == UInt8(ascii: "t"),
              folded(start + 2) == UInt8(ascii: "t"), folded(start + 3) == UInt8(ascii: "p") else { return nil }
        var position = start + 4
        isHTTPS = folded(position) == UInt8(ascii: "s") && bytes[position] != UInt8(ascii: ":")
        if isHTTPS { position += 1 }
        schemeEnd = position
        guard end - position >= 3, bytes[position] == UInt8(ascii: ":"), bytes[position + 1] == UInt8(ascii: "/"),
              bytes[position + 2] == UInt8(ascii: "/") else { return nil }
        authorityStart = position + 3

        // Authority: up to the first '/', '?' or '#'.
        var authorityEnd = authorityStart
        var lastAt: Int?
        while authorityEnd < end {
            let byte = bytes[authorityEnd]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            if byte == UInt8(ascii: "@") { lastAt = authorityEnd }
            authorityEnd += 1
        }
        var hostStart = authorityStart
        if let lastAt {
            userinfo = authorityStart..<lastAt
            hostStart = lastAt + 1
        } else {
            userinfo = nil
        }
        // Host: a bracketed IPv6 literal, or everything up to the first ':'.
        var hostEnd = hostStart
        if hostStart < authorityEnd, bytes[hostStart] == UInt8(ascii: "[") {
            while hostEnd < authorityEnd, bytes[hostEnd] != UInt8(ascii: "]") { hostEnd += 1 }
            guard hostEnd < authorityEnd else { return nil }
            hostEnd += 1
        } else {
            while hostEnd < authorityEnd, bytes[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
        }
        guard hostEnd > hostStart else { return nil }
        host = hostStart..<hostEnd
        port = nil
        if hostEnd < authorityEnd {
            guard bytes[hostEnd] == UInt8(ascii: ":") else { return nil }  // junk after "]"
            var value = 0
            for index in (hostEnd + 1)..<authorityEnd {
                let digit = bytes[index] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
                guard value <= 65_535 else { return nil }
            }
            // "host:" with no digits is the default port (WHATWG URL: empty port is null).
            if authorityEnd > hostEnd + 1 { port = value }
        }

        var pathEnd = authorityEnd
        while pathEnd < end, bytes[pathEnd] != UInt8(ascii: "?"), bytes[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
        path = authorityEnd..<pathEnd
        query = nil
        if pathEnd < end, bytes[pathEnd] == UInt8(ascii: "?") {
            var queryEnd = pathEnd + 1
            while queryEnd < end, bytes[queryEnd] != UInt8(ascii: "#") { queryEnd += 1 }
            query = (pathEnd + 1)..<queryEnd
        }
    }
}
