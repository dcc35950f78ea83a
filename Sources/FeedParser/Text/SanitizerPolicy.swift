/// The configurable part of the allow-list sanitiser that `HTMLFragment.render` applies to every
/// `content_html` (hostile-input issue). The allow-list itself (elements, attributes, URL schemes) is
/// fixed in `HTMLOutputPolicy`; only the iframe hosts vary, so the crawler config can add or remove
/// video players.
public struct SanitizerPolicy: Sendable, Equatable {
    /// Hosts whose pages may be embedded with `<iframe>`, lowercase and compared exactly (no subdomain
    /// matching: `youtube.com` does not admit `evil.youtube.com.example`). Any other iframe is dropped
    /// with its content.
    public var iframeHosts: Set<String>

    public init(iframeHosts: Set<String> = SanitizerPolicy.defaultIframeHosts) {
        self.iframeHosts = Set(iframeHosts.map { $0.lowercased() })
    }

    /// Video players, as in Miniflux's `internal/reader/sanitizer` allow-list of iframe sources.
    public static let defaultIframeHosts: Set<String> = [
        "www.youtube.com", "youtube.com", "www.youtube-nocookie.com",
        "player.vimeo.com", "www.dailymotion.com", "player.twitch.tv", "rutube.ru", "vk.com",
    ]

    public static let `default` = SanitizerPolicy()

    /// True when `src` (already resolved and scheme-checked: http, https or protocol-relative) names a
    /// host of `iframeHosts`. The host is the authority after any `user:pass@` and before any `:port`
    /// (RFC 3986 §3.2), so `https://www.youtube.com@evil.example/` is evil.example.
    func allowsIframe(src: String) -> Bool {
        var src = src
        return src.withUTF8 { bytes in
            guard let host = URLHost.range(in: bytes) else { return false }
            let name = lowercaseASCIIString(UnsafeBufferPointer(rebasing: bytes[host]))
            return iframeHosts.contains(name)
        }
    }
}

/// The host part of an absolute or protocol-relative URL, found without parsing the rest.
enum URLHost {
    static func range(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let slashes = authorityStart(bytes) else { return nil }
        var end = slashes
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
                || byte == UInt8(ascii: "\\")
            {
                break
            }
            end += 1
        }
        // userinfo ends at the last '@' of the authority.
        var start = slashes
        if let at = bytes[slashes..<end].lastIndex(of: UInt8(ascii: "@")) { start = at + 1 }
        var hostEnd = end
        if let colon = bytes[start..<end].lastIndex(of: UInt8(ascii: ":")) { hostEnd = colon }
        return start < hostEnd ? start..<hostEnd : nil
    }

    /// Index just after `scheme://` or a leading `//`.
    private static func authorityStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let slash = UInt8(ascii: "/")
        if bytes.count >= 2 && bytes[0] == slash && bytes[1] == slash { return 2 }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon + 2 < bytes.count,
            bytes[colon + 1] == slash, bytes[colon + 2] == slash
        else { return nil }
        return colon + 3
    }
}
