#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One fetch as the transfer thread sees it, across all its redirect hops: builds
/// each hop's options and decides what a finished hop means. Owned by the transfer
/// thread; resumes its caller exactly once.
final class Transfer {
    enum Step {
        case finished(Result<FetchResponse, FetchError>)
        /// `url` now holds the next hop, which needs a slot for its host.
        case redirected
    }

    let id: UInt64
    /// Submission order; kept across redirects so a redirected fetch keeps its turn.
    let sequence: UInt64
    let request: FetchRequest
    private(set) var url: ParsedURL
    private var continuation: FetchContinuation?
    private var redirects: RedirectPolicy
    private var deadline: ContinuousClock.Instant?

    init(_ submission: Submission) {
        id = submission.id
        sequence = submission.id
        request = submission.request
        url = submission.url
        continuation = submission.continuation
        redirects = RedirectPolicy(
            start: submission.url, allowPrivate: submission.request.allowPrivateRedirects,
            privateNetwork: submission.request.privateNetwork)
    }

    /// Slots are per host of the hop about to run.
    var host: String { url.host }

    func resume(_ result: Result<FetchResponse, FetchError>) {
        continuation?.resume(returning: result)
        continuation = nil
    }

    /// Options for the next hop, or nil when the fetch's total time is spent. The
    /// clock starts when the first hop starts, not while queued.
    func hopOptions(now: ContinuousClock.Instant) -> HopOptions? {
        let deadline = self.deadline ?? now + request.timeout
        self.deadline = deadline
        let remaining = Self.milliseconds(deadline - now)
        guard remaining > 0 else { return nil }
        // A trickle must fail before the total timeout does, so the low-speed window
        // is clamped to one second under it (whole seconds: CURLOPT_LOW_SPEED_TIME).
        let timeoutSeconds = max(1, Int(request.timeout.components.seconds))
        let lowSpeedSeconds = max(1, min(Int(request.lowSpeedTime.components.seconds), timeoutSeconds - 1))
        return HopOptions(
            url: url.url,
            userAgent: request.userAgent,
            etag: request.etag,
            lastModified: request.lastModified,
            timeoutMilliseconds: remaining,
            connectTimeoutMilliseconds: min(remaining, Self.milliseconds(request.connectTimeout)),
            lowSpeedLimit: request.lowSpeedLimit,
            lowSpeedSeconds: lowSpeedSeconds,
            maxSize: request.maxSize,
            maxHeaderBytes: request.maxHeaderBytes,
            peerCheck: redirects.peerCheck,
            resolve: request.resolve
        )
    }

    /// What a finished hop means: a response, an error, or another hop.
    func evaluate(_ hop: HopResult) -> Step {
        switch hop.abort {
        case .privatePeer(let address):
            return .finished(.failure(.redirectForbidden(
                url: url.url, reason: "connected to private address \(address) from a public feed")))
        case .headersTooLarge:
            return .finished(.failure(.headersTooLarge(limit: request.maxHeaderBytes)))
        case .tooLarge, nil:
            break
        }
        if redirects.count == 0 {
            // The first hop tells whether the feed is public: by name and by the address
            // it actually reached.
            let network = request.privateNetwork
            redirects.originIsPublic = !network.contains(url.host)
                && !(hop.primaryIP.map(network.contains) ?? false)
        }

        let status = hop.status
        let isSuccess = (200..<300).contains(status) || status == 304
        if hop.abort == .tooLarge, isSuccess || status == 0 {
            return .finished(.failure(.tooLarge(limit: request.maxSize)))
        }
        if let failure = hop.failure, hop.abort == nil, status == 0 || isSuccess {
            if failure.code == 63 {  // CURLE_FILESIZE_EXCEEDED: Content-Length over maxSize
                return .finished(.failure(.tooLarge(limit: request.maxSize)))
            }
            return .finished(.failure(FetchError(curl: failure)))
        }
        // From here the status decides, even if the body of an error or redirect
        // was cut short: its status line and headers were complete.
        if RedirectPolicy.statuses.contains(status) {
            switch redirects.follow(status: status, target: hop.redirectURL, rawLocation: hop.headers.location) {
            case .success(let next):
                url = next
                return .redirected
            case .failure(let error):
                return .finished(.failure(error))
            }
        }
        let retryAfter = hop.headers.retryAfter?.delay(now: hop.headers.date ?? Int64(time(nil)))
        switch status {
        case 304, 200..<300:
            let finalURL = hop.effectiveURL.isEmpty ? url.url : hop.effectiveURL
            return .finished(.success(FetchResponse(
                status: status,
                body: status == 304 ? [] : hop.body,
                etag: hop.headers.etag,
                lastModified: hop.headers.lastModified,
                contentType: hop.headers.contentType,
                charset: hop.headers.charset,
                finalURL: finalURL,
                permanentRedirect: redirects.count > 0 && redirects.allPermanent ? finalURL : nil,
                cacheMaxAge: hop.headers.cacheMaxAge,
                retryAfter: retryAfter,
                httpVersion: hop.httpVersion
            )))
        case 410:
            return .finished(.failure(.gone))
        case 429:
            return .finished(.failure(.rateLimited(retryAfter: retryAfter)))
        case 503:
            return .finished(.failure(.httpStatus(503, retryAfter: retryAfter)))
        default:
            return .finished(.failure(.httpStatus(status, retryAfter: nil)))
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
