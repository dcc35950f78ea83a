internal import CCurl

extension CurlFailure {
    /// Keeps the code, libcurl's fixed text for it and the per-transfer detail from
    /// CURLOPT_ERRORBUFFER (e.g. "Failed to connect to 127.0.0.1 port 9: Connection refused").
    init(code: CURLcode, errorBuffer: UnsafePointer<CChar>) {
        self.init(
            code: Int(code.rawValue),
            message: String(cString: curl_easy_strerror(code)),
            detail: String(cString: errorBuffer)
        )
    }
}

extension FetchError {
    /// Sorts a libcurl failure by cause (curl/include/curl/curl.h, libcurl-errors(3)).
    init(curl failure: CurlFailure) {
        switch CURLcode(UInt32(failure.code)) {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .dns(failure)
        case CURLE_COULDNT_CONNECT:
            self = .connect(failure)
        case CURLE_OPERATION_TIMEDOUT:
            // Total timeout, connect timeout and the low-speed limit all end here.
            self = .timeout(failure)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            self = .tls(failure)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            self = .network(failure)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_HTTP3,
            CURLE_BAD_CONTENT_ENCODING, CURLE_UNSUPPORTED_PROTOCOL:
            self = .proto(failure)
        default:
            self = .curl(failure)
        }
    }
}
