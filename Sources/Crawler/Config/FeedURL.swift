/// Validation of a feed's `url` value.
///
/// Accepted: `http://HOST…` and `https://HOST…`, and, in the configuration only (a
/// redirect must never reach the local disk), `file:///absolute/path` and
/// `file://./relative/path` (also `file://../path`), the relative form resolved against
/// the configuration file's directory. `file://HOST/…` and `file:path` are rejected:
/// RFC 8089 §2 reads the part after `//` as a host, so `file://./x` is our own extension,
/// spelled so that it cannot be confused with a host name.
enum FeedURL {
    struct Checked: Equatable {
        /// What the fetcher receives: as written for http(s), `file://` + absolute path for files.
        var url: String
        /// Scheme and host lowercased (RFC 3986 §6.2.2.1), for the same-url check.
        var comparisonKey: String
    }

    static func check(_ text: String, baseDirectory: String) -> Result<Checked, ConfMessage> {
        guard !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            return .failure(ConfMessage("invalid url '\(text)': spaces and control characters must be percent-encoded"))
        }
        guard let colon = text.firstIndex(of: ":") else {
            return .failure(ConfMessage("invalid url '\(text)': expected http://, https:// or file://"))
        }
        let scheme = text[..<colon].lowercased()
        let afterColon = text[text.index(after: colon)...]
        switch scheme {
        case "http", "https":
            return checkHTTP(text, scheme: scheme, afterColon: afterColon)
        case "file":
            return checkFile(text, afterColon: afterColon, baseDirectory: baseDirectory)
        default:
            guard !scheme.isEmpty, scheme.utf8.allSatisfy(isSchemeByte) else {
                return .failure(ConfMessage("invalid url '\(text)': expected http://, https:// or file://"))
            }
            return .failure(ConfMessage("unsupported url scheme '\(scheme)' in '\(text)': use http, https or file"))
        }
    }

    private static func checkHTTP(_ text: String, scheme: String, afterColon: Substring) -> Result<Checked, ConfMessage> {
        guard afterColon.hasPrefix("//") else {
            return .failure(ConfMessage("invalid url '\(text)': expected \(scheme)://HOST/…"))
        }
        let rest = afterColon.dropFirst(2)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        let host: Substring
        let port: Substring?
        if hostAndPort.hasPrefix("[") {
            // IPv6 literal, RFC 3986 §3.2.2: the port colon comes after the closing bracket.
            guard let close = hostAndPort.firstIndex(of: "]") else {
                return .failure(ConfMessage("invalid url '\(text)': unclosed '[' in host"))
            }
            host = hostAndPort[...close]
            let after = hostAndPort[hostAndPort.index(after: close)...]
            if after.isEmpty {
                port = nil
            } else if after.hasPrefix(":") {
                port = after.dropFirst()
            } else {
                return .failure(ConfMessage("invalid url '\(text)': unexpected text after ']' in host"))
            }
        } else if let portColon = hostAndPort.lastIndex(of: ":") {
            host = hostAndPort[..<portColon]
            port = hostAndPort[hostAndPort.index(after: portColon)...]
        } else {
            host = hostAndPort
            port = nil
        }
        guard host.count > (host.hasPrefix("[") ? 2 : 0) else {
            return .failure(ConfMessage("invalid url '\(text)': no host"))
        }
        if let port, !port.isEmpty {
            guard port.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let number = Int(port), number <= 65_535
            else {
                return .failure(ConfMessage("invalid url '\(text)': bad port '\(port)'"))
            }
        }
        let key = scheme + "://" + authority.lowercased() + rest[authorityEnd...]
        return .success(Checked(url: text, comparisonKey: key))
    }

    private static func checkFile(_ text: String, afterColon: Substring, baseDirectory: String) -> Result<Checked, ConfMessage> {
        let rest = afterColon.hasPrefix("//") ? afterColon.dropFirst(2) : nil
        guard let rest, rest.hasPrefix("/") || rest.hasPrefix("./") || rest.hasPrefix("../") else {
            return .failure(ConfMessage("invalid url '\(text)': use file:///absolute/path or file://./relative/path"))
        }
        let url = "file://" + LexicalPath.resolve(String(rest), against: baseDirectory)
        return .success(Checked(url: url, comparisonKey: url))
    }

    private static func isSchemeByte(_ byte: UInt8) -> Bool {
        // RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            true
        default:
            false
        }
    }
}
