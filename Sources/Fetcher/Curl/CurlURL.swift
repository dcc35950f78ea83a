internal import CCurl

extension ParsedURL {
    /// Parses with libcurl's URL API, the parser the transfer itself will use, so the
    /// host checked by the redirect policy is the host libcurl connects to.
    init?(parsing text: String) {
        _ = curlGlobalInitialization
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        // Unknown schemes parse too, so "gopher://..." is refused by name, not as garbage.
        guard curl_url_set(handle, CURLUPART_URL, text, UInt32(CURLU_NON_SUPPORT_SCHEME)) == CURLUE_OK,
            let url = Self.part(handle, CURLUPART_URL, flags: 0),
            let scheme = Self.part(handle, CURLUPART_SCHEME, flags: 0)
        else { return nil }
        self.url = url
        self.scheme = scheme.lowercased()
        self.host = Self.part(handle, CURLUPART_HOST, flags: 0)?.lowercased() ?? ""
        self.path = Self.part(handle, CURLUPART_PATH, flags: UInt32(CURLU_URLDECODE)) ?? "/"
        if self.scheme != "file", self.host.isEmpty { return nil }
    }

    private static func part(_ handle: OpaquePointer, _ part: CURLUPart, flags: UInt32) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
        defer { curl_free(value) }
        return String(cString: value)
    }
}
