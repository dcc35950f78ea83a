import Foundation

typealias FetchContinuation = CheckedContinuation<Result<FetchResponse, FetchError>, Never>

/// A fetch handed from a caller's task to the transfer thread.
struct Submission: Sendable {
    var id: UInt64
    var request: FetchRequest
    var url: ParsedURL
    var continuation: FetchContinuation
}

/// The only state shared between callers and the transfer thread: what was
/// submitted or cancelled since the thread last looked, and whether to shut down.
/// Everything else (queue, slots, easy handles) belongs to the transfer thread alone.
final class FetchInbox: Sendable {
    struct Batch {
        var submissions: [Submission] = []
        var cancels: [UInt64] = []
        /// New transfer limits, when changed since the last look.
        var limits: (total: Int, perHost: Int)?
        var shuttingDown = false
    }

    /// For tests and logs: what the transfer thread last reported.
    struct Counts: Equatable {
        var queued = 0
        var running = 0
    }

    private struct State {
        var nextID: UInt64 = 0
        var pending = Batch()
        var counts = Counts()
        /// Set by the transfer thread as it exits; the waker is dead from then on.
        var loopFinished = false
    }

    /// NSLock (a pthread mutex) rather than Synchronization.Mutex: ThreadSanitizer cannot see
    /// the hand-over of a contended Synchronization.Mutex on Linux (it happens inside the
    /// uninstrumented runtime) and reported false races here; with a pthread mutex `make
    /// test-sanitize` checks this class for real instead of suppressing it.
    private let lock = NSLock()
    nonisolated(unsafe) private var protected = State()
    private var state: LockedState { LockedState(inbox: self) }

    /// `state.withLock { … }`, as with a Mutex: the only way to reach `protected`.
    private struct LockedState {
        let inbox: FetchInbox
        func withLock<R>(_ body: (inout State) -> R) -> R {
            inbox.lock.lock()
            defer { inbox.lock.unlock() }
            return body(&inbox.protected)
        }
    }
    private let waker: CurlWaker

    init(waker: CurlWaker) {
        self.waker = waker
    }

    func makeID() -> UInt64 {
        state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
    }

    /// Queues a fetch for the transfer thread, or refuses it (returns false) when the
    /// calling task is already cancelled or the fetcher is shutting down.
    ///
    /// Checking `Task.isCancelled` under the same lock as `cancel(_:)` closes the race
    /// where the cancellation handler runs before the submission exists.
    func submit(_ submission: Submission) -> Bool {
        state.withLock { state in
            if state.pending.shuttingDown || Task.isCancelled { return false }
            state.pending.submissions.append(submission)
            wakeLocked(state)
            return true
        }
    }

    /// Cancels fetch `id`: a submission the thread has not taken yet is returned for the
    /// caller to resume; otherwise the thread is told to abort it.
    func cancel(_ id: UInt64) -> Submission? {
        state.withLock { state in
            if let index = state.pending.submissions.firstIndex(where: { $0.id == id }) {
                return state.pending.submissions.remove(at: index)
            }
            state.pending.cancels.append(id)
            wakeLocked(state)
            return nil
        }
    }

    /// Returns true for the one call that started the shutdown.
    func beginShutdown() -> Bool {
        state.withLock { state in
            if state.pending.shuttingDown { return false }
            state.pending.shuttingDown = true
            wakeLocked(state)
            return true
        }
    }

    /// New limits for the transfer thread (the latest call wins).
    func setLimits(total: Int, perHost: Int) {
        state.withLock { state in
            state.pending.limits = (total, perHost)
            wakeLocked(state)
        }
    }

    /// The transfer thread takes everything submitted or cancelled since its last look.
    func take() -> Batch {
        state.withLock { state in
            let batch = state.pending
            state.pending.submissions = []
            state.pending.cancels = []
            state.pending.limits = nil
            return batch
        }
    }

    func report(_ counts: Counts) {
        state.withLock { $0.counts = counts }
    }

    func finish() {
        state.withLock { state in
            state.loopFinished = true
            state.counts = Counts()
        }
    }

    var counts: Counts { state.withLock { $0.counts } }

    /// The multi handle is only woken while the lock is held and the loop has not
    /// exited, so a wake-up never reaches a cleaned-up handle.
    private func wakeLocked(_ state: borrowing State) {
        if !state.loopFinished { waker.wake() }
    }
}
