/// Redirects are followed by hand (CURLOPT_FOLLOWLOCATION off) so that every hop is
/// checked before a byte is sent to it: at most five, http(s) only, no loops, and no
/// hop from a public site into the private network unless the feed allows it.
struct RedirectPolicy {
    static let statuses: Set<Int> = [301, 302, 303, 307, 308]
    /// Five, as Miniflux and most browsers-lite do; feeds needing more are broken.
    static let limit = 5

    let allowPrivate: Bool
    let privateNetwork: PrivateNetwork
    /// Known after the first hop: its host is not private and neither is the address
    /// it connected to. Until then (and when the feed itself is private) no check.
    var originIsPublic = false
    private(set) var count = 0
    /// Every hop so far was 301 or 308 (RFC 9110 §15.4.2, §15.4.9: permanent).
    private(set) var allPermanent = true
    private var visited: Set<String>

    init(start: ParsedURL, allowPrivate: Bool, privateNetwork: PrivateNetwork = .standard) {
        self.allowPrivate = allowPrivate
        self.privateNetwork = privateNetwork
        self.visited = [start.url]
    }

    /// Set when the hop about to start must land on a public address: checked on the
    /// connected IP, which also catches a public name resolving to 127.0.0.1.
    var peerCheck: PrivateNetwork? { count > 0 && originIsPublic && !allowPrivate ? privateNetwork : nil }

    /// The next hop for a redirect `status` whose target is `target` (libcurl's
    /// resolution of `Location` against the current URL); `rawLocation` is only for
    /// the error when libcurl could not make a URL of it.
    mutating func follow(status: Int, target: String?, rawLocation: String?) -> Result<ParsedURL, FetchError> {
        count += 1
        if count > Self.limit { return .failure(.tooManyRedirects(limit: Self.limit)) }
        guard let target else {
            if let rawLocation {
                return .failure(.redirectForbidden(url: rawLocation, reason: "Location is not a usable URL"))
            }
            return .failure(.httpStatus(status, retryAfter: nil))
        }
        guard let next = ParsedURL(parsing: target) else {
            return .failure(.redirectForbidden(url: target, reason: "Location is not a usable URL"))
        }
        // file://, gopher://, dict://... would turn a feed URL into a local file read
        // or a request to an internal service.
        guard next.isHTTP else {
            return .failure(.redirectForbidden(url: next.url, reason: "scheme \(next.scheme) is not http(s)"))
        }
        if visited.contains(next.url) { return .failure(.redirectLoop(url: next.url)) }
        if originIsPublic, !allowPrivate, privateNetwork.contains(next.host) {
            return .failure(.redirectForbidden(url: next.url, reason: "private address from a public feed"))
        }
        visited.insert(next.url)
        if status != 301, status != 308 { allPermanent = false }
        return .success(next)
    }
}
