/// One feed fetch: the URL, the validators stored from the last 200, and the limits.
///
/// Defaults are the crawler's: 30 s total, 10 s to connect, 10 MB of decoded body,
/// a transfer slower than 1 KB/s for 15 s (clamped under `timeout`) is abandoned.
public struct FetchRequest: Sendable, Equatable {
    public var url: String
    /// Sent back as `If-None-Match`, byte for byte as received (RFC 9110 §13.1.2).
    public var etag: String?
    /// Sent back as `If-Modified-Since`, byte for byte as received: nginx's default
    /// `if_modified_since exact` answers 200 to any other spelling of the same date.
    public var lastModified: String?
    public var userAgent: String
    /// Total time for the whole fetch, every redirect hop included (queue time excluded).
    public var timeout: Duration
    public var connectTimeout: Duration
    /// Cap on the decoded body (after gzip/brotli/zstd), so a compression bomb stops here.
    public var maxSize: Int
    /// Cap on the response header bytes of one hop.
    public var maxHeaderBytes: Int
    /// Below `lowSpeedLimit` bytes per second for `lowSpeedTime` the transfer is abandoned
    /// ("timeout"), so a trickling server cannot hold a slot. `lowSpeedTime` is clamped
    /// to stay under `timeout`.
    public var lowSpeedLimit: Int
    public var lowSpeedTime: Duration
    /// When false (the default) and the first hop's host is public, a redirect to a
    /// loopback, private or link-local address is refused ("redirect_forbidden").
    public var allowPrivateRedirects: Bool
    /// `file://` URLs are read from disk only when this is true (set for URLs written in
    /// the config). A redirect never reaches a file, whatever this says.
    public var allowFile: Bool
    /// What counts as private for the redirect rule; tests only ever change it
    /// (PrivateNetwork.treatingAsPublic), so it is internal and not in the initialiser.
    var privateNetwork = PrivateNetwork.standard
    /// CURLOPT_RESOLVE entries ("host:port:address"), for tests that need a name to land on
    /// a chosen loopback address without DNS. Internal for the same reason.
    var resolve: [String] = []

    public init(
        url: String,
        etag: String? = nil,
        lastModified: String? = nil,
        userAgent: String = "feedcrawler",
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        maxSize: Int = 10 * 1024 * 1024,
        maxHeaderBytes: Int = 64 * 1024,
        lowSpeedLimit: Int = 1024,
        lowSpeedTime: Duration = .seconds(15),
        allowPrivateRedirects: Bool = false,
        allowFile: Bool = false
    ) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.userAgent = userAgent
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxSize = maxSize
        self.maxHeaderBytes = maxHeaderBytes
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.allowPrivateRedirects = allowPrivateRedirects
        self.allowFile = allowFile
    }
}
