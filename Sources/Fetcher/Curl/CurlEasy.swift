internal import CCurl

/// What one hop (one HTTP request, no redirect following) is asked to do.
struct HopOptions {
    var url: String
    var userAgent: String
    var etag: String?
    var lastModified: String?
    var timeoutMilliseconds: Int
    var connectTimeoutMilliseconds: Int
    var lowSpeedLimit: Int
    var lowSpeedSeconds: Int
    var maxSize: Int
    var maxHeaderBytes: Int
    /// When set, abort before sending the request if the connected address is private.
    var peerCheck: PrivateNetwork?
    /// CURLOPT_RESOLVE entries ("host:port:address"); see FetchRequest.resolve.
    var resolve: [String] = []
}

/// Why our own callbacks stopped a hop.
enum HopAbort: Equatable {
    case tooLarge
    case headersTooLarge
    case privatePeer(String)
}

/// What one hop produced, copied out of the easy handle.
struct HopResult {
    var failure: CurlFailure?
    var abort: HopAbort?
    /// CURLINFO_RESPONSE_CODE: the last status received, 0 when none.
    var status: Int
    var headers: ResponseHeaders
    var body: [UInt8]
    /// CURLINFO_REDIRECT_URL: `Location` resolved against the hop's URL by libcurl.
    var redirectURL: String?
    var effectiveURL: String
    /// CURLINFO_PRIMARY_IP: the address the hop connected to.
    var primaryIP: String?
    var httpVersion: String
}

/// Owns one libcurl easy handle and everything libcurl points into while it runs:
/// the error buffer, the header list, and itself as callback userdata.
///
/// Lives on the transfer thread only; libcurl easy handles must not be used from two
/// threads at once (libcurl-thread(3)).
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let maxSize: Int
    private let maxHeaderBytes: Int
    private let peerCheck: PrivateNetwork?
    private var resolveList: UnsafeMutablePointer<curl_slist>?

    private var headers = ResponseHeaders()
    private var headerBytes = 0
    private var body: [UInt8] = []
    private var discardedBytes = 0
    private var abort: HopAbort?

    /// Creates and configures the handle; on a setup failure returns the libcurl error.
    static func make(_ options: HopOptions) -> Result<CurlEasy, CurlFailure> {
        _ = curlGlobalInitialization
        guard let handle = curl_easy_init() else {
            return .failure(CurlFailure(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_easy_init failed", detail: ""))
        }
        let easy = CurlEasy(handle: handle, options: options)
        if let failure = easy.configure(options) { return .failure(failure) }
        return .success(easy)
    }

    private init(handle: UnsafeMutableRawPointer, options: HopOptions) {
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        self.maxSize = options.maxSize
        self.maxHeaderBytes = options.maxHeaderBytes
        self.peerCheck = options.peerCheck
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(requestHeaders)
        curl_slist_free_all(resolveList)
        errorBuffer.deallocate()
    }

    private func configure(_ options: HopOptions) -> CurlFailure? {
        var code = CURLE_OK
        func long(_ option: CURLoption, _ value: Int) {
            if code == CURLE_OK { code = ccurl_easy_setopt_long(handle, option, value) }
        }
        func string(_ option: CURLoption, _ value: String) {
            if code == CURLE_OK { code = ccurl_easy_setopt_string(handle, option, value) }
        }
        func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
            if code == CURLE_OK { code = ccurl_easy_setopt_pointer(handle, option, value) }
        }
        let me = Unmanaged.passUnretained(self).toOpaque()

        pointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        string(CURLOPT_URL, options.url)
        // Safe defaults live here (STYLE §3): http(s) only, redirects by hand, TLS checked.
        string(CURLOPT_PROTOCOLS_STR, "http,https")
        long(CURLOPT_FOLLOWLOCATION, 0)
        long(CURLOPT_SSL_VERIFYPEER, 1)
        long(CURLOPT_SSL_VERIFYHOST, 2)
        // No SIGALRM for DNS timeouts: signals and threads do not mix (libcurl-thread(3)).
        long(CURLOPT_NOSIGNAL, 1)
        long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        // "" = every encoding this libcurl decodes (gzip, deflate, br, zstd); the write
        // callback then sees decoded bytes, which is what the size cap counts.
        string(CURLOPT_ACCEPT_ENCODING, "")
        string(CURLOPT_USERAGENT, options.userAgent)
        long(CURLOPT_TIMEOUT_MS, max(1, options.timeoutMilliseconds))
        long(CURLOPT_CONNECTTIMEOUT_MS, max(1, options.connectTimeoutMilliseconds))
        long(CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit)
        long(CURLOPT_LOW_SPEED_TIME, options.lowSpeedSeconds)
        // Early refusal when Content-Length alone is over the cap; the write callback
        // still counts decoded bytes for chunked and compressed bodies.
        if code == CURLE_OK {
            code = ccurl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxSize))
        }
        if code == CURLE_OK { code = ccurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, curlEasyWriteCallback) }
        pointer(CURLOPT_WRITEDATA, me)
        if code == CURLE_OK { code = ccurl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, curlEasyHeaderCallback) }
        pointer(CURLOPT_HEADERDATA, me)
        if options.peerCheck != nil {
            if code == CURLE_OK {
                code = ccurl_easy_setopt_prereq_callback(handle, CURLOPT_PREREQFUNCTION, curlEasyPrereqCallback)
            }
            pointer(CURLOPT_PREREQDATA, me)
        }

        var lines = ["Accept: application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"]
        // Validators go back exactly as the server sent them (RFC 9110 §13.1.1, §13.1.3).
        if let etag = options.etag { lines.append("If-None-Match: \(etag)") }
        if let lastModified = options.lastModified { lines.append("If-Modified-Since: \(lastModified)") }
        for line in lines {
            guard let appended = curl_slist_append(requestHeaders, line) else {
                return CurlFailure(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed", detail: "")
            }
            requestHeaders = appended
        }
        if code == CURLE_OK { code = ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, requestHeaders) }
        for entry in options.resolve {
            guard let appended = curl_slist_append(resolveList, entry) else {
                return CurlFailure(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed", detail: "")
            }
            resolveList = appended
        }
        if code == CURLE_OK, resolveList != nil { code = ccurl_easy_setopt_slist(handle, CURLOPT_RESOLVE, resolveList) }

        return code == CURLE_OK ? nil : CurlFailure(code: code, errorBuffer: errorBuffer)
    }

    // MARK: Callbacks (on the transfer thread, inside curl_multi_perform)

    /// Decoded body bytes. Bodies of redirects and errors are counted, not kept.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        let keep = headers.status.map { (200..<300).contains($0) } ?? true
        let received = (keep ? body.count : discardedBytes) + bytes.count
        if received > maxSize {
            abort = .tooLarge
            return Int(CURL_WRITEFUNC_ERROR)
        }
        if keep { body.append(contentsOf: bytes) } else { discardedBytes = received }
        return bytes.count
    }

    fileprivate func receiveHeader(_ line: UnsafeRawBufferPointer) -> Int {
        headerBytes += line.count
        if headerBytes > maxHeaderBytes {
            abort = .headersTooLarge
            return 0
        }
        headers.consume(line: line)
        return line.count
    }

    fileprivate func connected(to address: String) -> Int32 {
        if let peerCheck, peerCheck.contains(address) {
            abort = .privatePeer(address)
            return CURL_PREREQFUNC_ABORT
        }
        return CURL_PREREQFUNC_OK
    }

    // MARK: Result

    /// Copies the outcome out of the handle once libcurl reports the hop done.
    func result(code: CURLcode) -> HopResult {
        var status = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        return HopResult(
            failure: code == CURLE_OK ? nil : CurlFailure(code: code, errorBuffer: errorBuffer),
            abort: abort,
            status: status,
            headers: headers,
            body: body,
            redirectURL: stringInfo(CURLINFO_REDIRECT_URL),
            effectiveURL: stringInfo(CURLINFO_EFFECTIVE_URL) ?? "",
            primaryIP: stringInfo(CURLINFO_PRIMARY_IP),
            httpVersion: Self.versionName(version)
        )
    }

    private func stringInfo(_ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ccurl_easy_getinfo_string(handle, info, &value) == CURLE_OK, let value, value.pointee != 0 else {
            return nil
        }
        return String(cString: value)
    }

    private static func versionName(_ version: Int) -> String {
        switch version {
        case Int(CURL_HTTP_VERSION_1_0): "1.0"
        case Int(CURL_HTTP_VERSION_1_1): "1.1"
        case Int(CURL_HTTP_VERSION_2_0): "2"
        case Int(CURL_HTTP_VERSION_3): "3"
        default: ""
        }
    }
}

@available(*, unavailable)
extension CurlEasy: Sendable {}

// C callbacks cannot capture: they find their CurlEasy through the userdata pointer
// set in `configure`, which the transfer thread keeps alive until the handle is removed.

private let curlEasyWriteCallback: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    return easy.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let curlEasyHeaderCallback: curl_write_callback = { data, size, count, userdata in
    guard let userdata else { return 0 }
    let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    return easy.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count))
}

private let curlEasyPrereqCallback: curl_prereq_callback = { userdata, primaryIP, _, _, _ in
    guard let userdata else { return CURL_PREREQFUNC_ABORT }
    let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    return easy.connected(to: primaryIP.map { String(cString: $0) } ?? "")
}
