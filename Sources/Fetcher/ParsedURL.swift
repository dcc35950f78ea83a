/// A URL as libcurl's own parser (`curl_url`) sees it, so the scheme and host the
/// policy checks are the ones libcurl will connect to. Built by
/// `ParsedURL(parsing:)` in `Curl/CurlURL.swift`.
struct ParsedURL: Equatable, Hashable {
    /// The URL re-serialised by libcurl (normalised: IPv4 shorthand expanded, etc.).
    var url: String
    /// Lowercase scheme.
    var scheme: String
    /// Lowercased host name or IP literal (IPv6 in brackets); "" for file:///path.
    var host: String
    /// Percent-decoded path.
    var path: String

    var isHTTP: Bool { scheme == "http" || scheme == "https" }
}
