#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Logging

/// Fetches feeds over HTTP(S) with one libcurl multi handle on one dedicated thread.
///
/// At most `concurrency` transfers run at once and at most `perHost` per host (the
/// host of the hop running now, so a redirect to another host needs a slot there);
/// the rest wait in submission order. Cancelling the calling task aborts its transfer.
public final class FeedFetcher: Sendable {
    private let inbox: FetchInbox
    private let thread: pthread_t

    public init(concurrency: Int, perHost: Int, logger: Logger) {
        let multi = CurlMulti()
        let inbox = FetchInbox(waker: multi.waker)
        self.inbox = inbox
        self.thread = TransferThread.start(TransferLoop(
            multi: multi, inbox: inbox, concurrency: concurrency, perHost: perHost, logger: logger))
    }

    deinit {
        shutdown()
    }

    /// Fetches `request.url`, waiting for a free slot first. Never throws: every
    /// outcome, cancellation included, is in the result.
    public func fetch(_ request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        guard let url = ParsedURL(parsing: request.url) else { return .failure(.invalidURL(request.url)) }
        if url.scheme == "file" {
            // Only URLs written in the config may name a local file (see FetchRequest.allowFile).
            guard request.allowFile else { return .failure(.unsupportedScheme(request.url)) }
            if Task.isCancelled { return .failure(.cancelled) }
            return LocalFile.contents(of: url, maxSize: request.maxSize)
        }
        guard url.isHTTP else { return .failure(.unsupportedScheme(request.url)) }

        let inbox = self.inbox
        let id = inbox.makeID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let submission = Submission(id: id, request: request, url: url, continuation: continuation)
                if !inbox.submit(submission) {
                    continuation.resume(returning: .failure(.cancelled))
                }
            }
        } onCancel: {
            inbox.cancel(id)?.continuation.resume(returning: .failure(.cancelled))
        }
    }

    /// Changes the limits (a configuration reload). Transfers already running go on; queued
    /// ones start under the new limits.
    public func setLimits(concurrency: Int, perHost: Int) {
        inbox.setLimits(total: concurrency, perHost: perHost)
    }

    /// Aborts transfers in flight and queued, resumes their callers with `.cancelled`
    /// and stops the transfer thread (waiting for it). Later fetches return
    /// `.cancelled`. Idempotent.
    public func shutdown() {
        if inbox.beginShutdown() { TransferThread.join(thread) }
    }

    /// Queued and running transfers as of the transfer thread's last loop (tests).
    var counts: FetchInbox.Counts { inbox.counts }
}
