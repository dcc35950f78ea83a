/// A successful fetch: a 2xx with its body, or a 304 with an empty body.
public struct FetchResponse: Sendable, Equatable {
    /// 200 (or another 2xx), or 304 when the validators matched.
    public var status: Int
    /// Decoded body (Content-Encoding undone); empty for 304.
    public var body: [UInt8]
    /// `ETag` of the final hop, byte-exact (weak prefix and quotes kept).
    public var etag: String?
    /// `Last-Modified` of the final hop, byte-exact: never reformatted.
    public var lastModified: String?
    /// Media type of `Content-Type`, lowercased, without parameters.
    public var contentType: String?
    /// `charset` parameter of `Content-Type`, unquoted and lowercased.
    public var charset: String?
    /// URL of the final hop.
    public var finalURL: String
    /// The final URL when every hop of a redirect chain was 301 or 308 (RFC 9110
    /// §15.4.2, §15.4.9: the subscription may be updated); nil otherwise or without redirects.
    public var permanentRedirect: String?
    /// `Cache-Control: max-age` of the final hop, in seconds.
    public var cacheMaxAge: Int?
    /// `Retry-After` of the final hop, if any (RFC 9110 §10.2.3).
    public var retryAfter: Duration?
    /// "1.0", "1.1", "2", "3", or "file" for a local file.
    public var httpVersion: String

    public init(
        status: Int, body: [UInt8], etag: String? = nil, lastModified: String? = nil,
        contentType: String? = nil, charset: String? = nil, finalURL: String,
        permanentRedirect: String? = nil, cacheMaxAge: Int? = nil, retryAfter: Duration? = nil,
        httpVersion: String
    ) {
        self.status = status
        self.body = body
        self.etag = etag
        self.lastModified = lastModified
        self.contentType = contentType
        self.charset = charset
        self.finalURL = finalURL
        self.permanentRedirect = permanentRedirect
        self.cacheMaxAge = cacheMaxAge
        self.retryAfter = retryAfter
        self.httpVersion = httpVersion
    }
}
