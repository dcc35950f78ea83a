#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Test-only switch for the exactly-once proof: with FEEDCRAWLER_TEST_CRASH_AT=<step>[:<n>]
/// the process dies at that step of the n-th batch flush (default the first) as abruptly as
/// kill -9 (no cleanup, no atexit), so the test can restart it and check the output. A later
/// batch's step is reached while the loop stages the batch after it.
enum CrashPoint: String {
    case afterStage = "after-stage"
    case afterSync = "after-sync"
    case afterCommit = "after-commit"
    case afterPublish = "after-publish"

    private static let armed: (point: CrashPoint, occurrence: Int)? = {
        guard let raw = getenv("FEEDCRAWLER_TEST_CRASH_AT") else { return nil }
        let parts = String(cString: raw).split(separator: ":", maxSplits: 1)
        guard let point = parts.first.flatMap({ CrashPoint(rawValue: String($0)) }) else { return nil }
        let occurrence = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
        return (point, max(1, occurrence))
    }()

    private static let reached = Reached()

    static func reach(_ point: CrashPoint) {
        guard let armed, armed.point == point else { return }
        if reached.increment() == armed.occurrence { kill(getpid(), SIGKILL) }
    }

    /// How often the armed step was reached (from the committer thread; a lock all the same).
    private final class Reached: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0

        func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            count += 1
            return count
        }
    }
}
