import Foundation

/// A value shared between threads (parses run in parallel in the crawler), behind NSLock: a
/// pthread mutex, whose hand-over ThreadSanitizer sees. It cannot see the hand-over of a
/// contended `Synchronization.Mutex` on Linux (done inside the uninstrumented runtime), which
/// made `make test-sanitize` report false races.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
