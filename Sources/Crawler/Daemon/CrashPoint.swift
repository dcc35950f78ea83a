#if canImport(Glibc)
import Glibc
#endif

/// Test-only switch for the exactly-once proof: with FEEDCRAWLER_TEST_CRASH_AT=<step> the
/// process dies at that step of a batch flush as abruptly as kill -9 (no cleanup, no
/// atexit), so the test can restart it and check the output.
enum CrashPoint: String {
    case afterStage = "after-stage"
    case afterSync = "after-sync"
    case afterCommit = "after-commit"
    case afterPublish = "after-publish"

    private static let armed: CrashPoint? = {
        guard let raw = getenv("FEEDCRAWLER_TEST_CRASH_AT") else { return nil }
        return CrashPoint(rawValue: String(cString: raw))
    }()

    static func reach(_ point: CrashPoint) {
        if armed == point { kill(getpid(), SIGKILL) }
    }
}
