/// The response headers feedcrawler keeps, read one line at a time from libcurl's
/// header callback (libcurl hands over exactly one complete line per call).
///
/// A status line starts a new block and clears everything: interim 1xx responses
/// and any earlier block must not leak validators into the final one.
struct ResponseHeaders: Equatable {
    var status: Int?
    var etag: String?
    var lastModified: String?
    var contentType: String?
    var charset: String?
    var cacheMaxAge: Int?
    var retryAfter: RetryAfter?
    /// The server's `Date`, so an HTTP-date Retry-After is measured on the server's clock.
    var date: Int64?
    /// Raw `Location`, only to name a redirect target libcurl could not resolve.
    var location: String?

    init() {}

    mutating func consume(line: UnsafeRawBufferPointer) {
        let line = HeaderBytes.trimmingLineEnd(line)
        if HeaderBytes.hasPrefix(line, "HTTP/") {
            self = ResponseHeaders()
            status = Self.statusCode(line)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        let value = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
        if HeaderBytes.equalsIgnoringCase(name, "etag") {
            etag = HeaderBytes.string(value)
        } else if HeaderBytes.equalsIgnoringCase(name, "last-modified") {
            lastModified = HeaderBytes.string(value)
        } else if HeaderBytes.equalsIgnoringCase(name, "content-type") {
            let parsed = ContentType(value)
            contentType = parsed.mediaType
            charset = parsed.charset
        } else if HeaderBytes.equalsIgnoringCase(name, "cache-control") {
            // The header may repeat; a later max-age overrides an earlier one.
            if let maxAge = CacheControl.maxAge(value) { cacheMaxAge = maxAge }
        } else if HeaderBytes.equalsIgnoringCase(name, "retry-after") {
            retryAfter = RetryAfter(value)
        } else if HeaderBytes.equalsIgnoringCase(name, "location") {
            location = HeaderBytes.string(value)
        } else if HeaderBytes.equalsIgnoringCase(name, "date") {
            date = HTTPDate.parse(value)
        }
    }

    /// "HTTP/1.1 304 Not Modified", "HTTP/2 200": the three digits after the first space.
    private static func statusCode(_ line: UnsafeRawBufferPointer) -> Int? {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")), space + 4 <= line.count else { return nil }
        var code = 0
        for index in (space + 1)...(space + 3) {
            let byte = line[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            code = code * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return code
    }
}

/// `Content-Type: type/subtype; charset="x"` (RFC 9110 §8.3): media type and charset,
/// both lowercased (they are case-insensitive), quotes removed from the charset.
struct ContentType: Equatable {
    var mediaType: String?
    var charset: String?

    init(_ value: UnsafeRawBufferPointer) {
        var parameters = value.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false)[...]
        if let first = parameters.popFirst() {
            let type = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: first))
            mediaType = type.isEmpty ? nil : HeaderBytes.lowercasedString(type)
        }
        for parameter in parameters {
            let parameter = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: parameter))
            guard let equals = parameter.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: parameter[..<equals]))
            guard HeaderBytes.equalsIgnoringCase(name, "charset") else { continue }
            var raw = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: parameter[(equals + 1)...]))
            if raw.count >= 2, raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\"") {
                raw = UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])
            }
            raw = HeaderBytes.trimmingWhitespace(raw)
            if !raw.isEmpty { charset = HeaderBytes.lowercasedString(raw) }
        }
    }
}

/// `Cache-Control` (RFC 9111 §5.2): only `max-age` matters to the scheduler.
enum CacheControl {
    static func maxAge(_ value: UnsafeRawBufferPointer) -> Int? {
        var result: Int?
        for directive in value.split(separator: UInt8(ascii: ",")) {
            let directive = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: directive))
            guard let equals = directive.firstIndex(of: UInt8(ascii: "=")) else { continue }
            let name = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: directive[..<equals]))
            guard HeaderBytes.equalsIgnoringCase(name, "max-age") else { continue }
            var raw = HeaderBytes.trimmingWhitespace(UnsafeRawBufferPointer(rebasing: directive[(equals + 1)...]))
            // The quoted form is not allowed for max-age but is seen; RFC 9111 §5.2 asks
            // recipients to accept it.
            if raw.count >= 2, raw.first == UInt8(ascii: "\""), raw.last == UInt8(ascii: "\"") {
                raw = UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])
            }
            if let seconds = HeaderBytes.decimal(raw) { result = seconds }
        }
        return result
    }
}

/// `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
enum RetryAfter: Equatable {
    case seconds(Int)
    /// Seconds since the Unix epoch.
    case date(Int64)

    init?(_ value: UnsafeRawBufferPointer) {
        if let seconds = HeaderBytes.decimal(value) {
            self = .seconds(seconds)
        } else if let epoch = HTTPDate.parse(value) {
            self = .date(epoch)
        } else {
            return nil
        }
    }

    /// The delay to wait; a date in the past means "now" (zero). `now` is the server's
    /// `Date` when it sent one, else the local clock, in seconds since the epoch.
    func delay(now: Int64) -> Duration {
        switch self {
        case .seconds(let seconds): .seconds(seconds)
        case .date(let epoch): .seconds(max(0, epoch - now))
        }
    }
}
