/// What libcurl said when a transfer failed: its `CURLcode`, `curl_easy_strerror`'s
/// text and the `CURLOPT_ERRORBUFFER` detail (which names the host, the timeout, the
/// certificate problem...). Kept whole so logs and `check` can show curl's own words.
public struct CurlFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var detail: String

    public init(code: Int, message: String, detail: String) {
        self.code = code
        self.message = message
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty
            ? "curl error \(code) (\(message))"
            : "curl error \(code) (\(message)): \(detail)"
    }
}

/// Why a fetch failed, by cause. `key` is the stable name stored as the feed's
/// `last_error`, logged as `error` and printed by `check`.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL does not parse, or has no host.
    case invalidURL(String)
    /// Not http(s), or file:// without `allowFile`.
    case unsupportedScheme(String)
    case dns(CurlFailure)
    case connect(CurlFailure)
    case tls(CurlFailure)
    /// Total timeout, connect timeout or the low-speed limit. nil when the time ran out
    /// between redirect hops.
    case timeout(CurlFailure?)
    /// Connection reset, empty reply, partial body...
    case network(CurlFailure)
    /// Malformed HTTP, HTTP/2 framing, undecodable Content-Encoding.
    case proto(CurlFailure)
    /// Any other libcurl failure.
    case curl(CurlFailure)
    /// The decoded body (or the file) is larger than the limit.
    case tooLarge(limit: Int)
    case headersTooLarge(limit: Int)
    /// 410: the feed is gone for good (RFC 9110 §15.5.11).
    case gone
    /// 429 (RFC 6585 §4), with its Retry-After.
    case rateLimited(retryAfter: Duration?)
    /// Any other status that is not 2xx/304 nor a followed redirect; `retryAfter` is
    /// only read for 503 (RFC 9110 §15.6.4).
    case httpStatus(Int, retryAfter: Duration?)
    /// A redirect leads back to a URL already visited in this fetch.
    case redirectLoop(url: String)
    case tooManyRedirects(limit: Int)
    /// A redirect to another scheme than http(s), or to a private address from a public host.
    case redirectForbidden(url: String, reason: String)
    /// A file:// path that exists but is not a regular file (a directory, a device).
    case notAFile(path: String)
    case fileNotFound(path: String)
    case fileUnreadable(path: String, errno: Int32)
    /// The caller's task was cancelled, or the fetcher shut down.
    case cancelled

    public var key: String {
        switch self {
        case .invalidURL: "invalid_url"
        case .unsupportedScheme: "unsupported_scheme"
        case .dns: "dns"
        case .connect: "connect"
        case .tls: "tls"
        case .timeout: "timeout"
        case .network: "network"
        case .proto: "protocol"
        case .curl(let failure): "curl_\(failure.code)"
        case .tooLarge: "too_large"
        case .headersTooLarge: "headers_too_large"
        case .gone: "gone"
        case .rateLimited: "rate_limited"
        case .httpStatus(let status, _): "http_\(status)"
        case .redirectLoop: "redirect_loop"
        case .tooManyRedirects: "too_many_redirects"
        case .redirectForbidden: "redirect_forbidden"
        case .notAFile: "not_a_file"
        case .fileNotFound: "file_not_found"
        case .fileUnreadable: "file_unreadable"
        case .cancelled: "cancelled"
        }
    }

    /// How long the server asked us to wait (429, 503), if it said.
    public var retryAfter: Duration? {
        switch self {
        case .rateLimited(let delay): delay
        case .httpStatus(_, let delay): delay
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        case .unsupportedScheme(let url): "unsupported URL scheme: \(url)"
        case .dns(let failure), .connect(let failure), .tls(let failure),
            .network(let failure), .proto(let failure), .curl(let failure):
            "\(key): \(failure)"
        case .timeout(let failure):
            failure.map { "timeout: \($0)" } ?? "timeout: time ran out between redirects"
        case .tooLarge(let limit): "body larger than \(limit) bytes"
        case .headersTooLarge(let limit): "response headers larger than \(limit) bytes"
        case .gone: "HTTP 410 Gone"
        case .rateLimited(let delay): "HTTP 429 Too Many Requests" + Self.retryText(delay)
        case .httpStatus(let status, let delay): "HTTP \(status)" + Self.retryText(delay)
        case .redirectLoop(let url): "redirect loop at \(url)"
        case .tooManyRedirects(let limit): "more than \(limit) redirects"
        case .redirectForbidden(let url, let reason): "redirect to \(url) refused: \(reason)"
        case .notAFile(let path): "not a regular file: \(path)"
        case .fileNotFound(let path): "no such file: \(path)"
        case .fileUnreadable(let path, let errno): "cannot read \(path): errno \(errno)"
        case .cancelled: "cancelled"
        }
    }

    private static func retryText(_ delay: Duration?) -> String {
        delay.map { ", retry after \($0.components.seconds) s" } ?? ""
    }
}
