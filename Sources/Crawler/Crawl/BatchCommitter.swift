import Foundation

/// Runs one batch flush at a time on a thread of its own, so the crawl loop stages the next
/// batch (dedup, temp files) while this one waits for the disk (sync, commit, renames). On a
/// disk that overlap is most of the gap between a crawl and a bare file-writing loop; on
/// tmpfs the flush is cheap and nothing changes.
///
/// Double buffering, not a queue: `submit` requires the previous job's outcome to have been
/// taken with `wait`, so batches commit strictly in order and at most one is in flight.
/// NSCondition (a pthread mutex and condition variable) hands jobs and outcomes over, which
/// ThreadSanitizer can see.
///
/// The thread starts with the first job and lives until `stop()` (CrawlEngine's deinit).
final class BatchCommitter<Outcome>: @unchecked Sendable {
    typealias Job = () -> Outcome

    private let condition = NSCondition()
    private var job: Job?
    private var outcome: Outcome?
    private var stopped = false
    private var thread: Thread?

    /// True from `submit` until `wait` has returned its outcome (guarded by `condition`).
    private var isBusy = false

    func submit(_ job: @escaping Job) {
        condition.lock()
        defer { condition.unlock() }
        precondition(!isBusy, "BatchCommitter.submit while a job is in flight")
        isBusy = true
        self.job = job
        if thread == nil {
            let thread = Thread { [self] in loop() }
            thread.name = "feedcrawler.commit"
            thread.start()
            self.thread = thread
        }
        condition.broadcast()
    }

    /// Blocks until the submitted job is done and returns its outcome; nil when none is in flight.
    func wait() -> Outcome? {
        condition.lock()
        defer { condition.unlock() }
        guard isBusy else { return nil }
        while outcome == nil { condition.wait() }
        defer {
            outcome = nil
            isBusy = false
        }
        return outcome
    }

    /// Ends the thread once any job in flight is done (its outcome is dropped if not taken).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        while true {
            while job == nil && !stopped { condition.wait() }
            guard let work = job else { break }
            job = nil
            condition.unlock()
            let result = work()
            condition.lock()
            outcome = result
            condition.broadcast()
        }
        // The thread's closure holds self and self holds the thread: break the cycle on the way out.
        thread = nil
        condition.unlock()
    }
}
