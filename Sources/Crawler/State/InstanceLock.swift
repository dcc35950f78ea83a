#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a second feedcrawler off a state file this process uses: an exclusive `flock(2)` on
/// `<state>.lock`, held for the lock's lifetime. Two crawlers on one state file would both
/// see an article as new and both write it.
///
/// `flock` locks belong to the open file description, so a second `InstanceLock` on the same
/// path in the same process is refused too. The kernel drops the lock when the process dies,
/// so a crash never leaves a stale lock behind (unlike a pid file checked by hand).
final class InstanceLock: Sendable {
    let path: String
    private let fd: Int32

    /// - Parameter statePath: the state database; the lock is `statePath + ".lock"`.
    init(statePath: String) throws(StateError) {
        let lockPath = statePath + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw StateError(path: statePath, message: "cannot open the lock file \(lockPath): \(reason)")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            let holder = Self.recordedPID(fd)
            close(fd)
            if code == EWOULDBLOCK {
                let who = holder.map { "pid \($0)" } ?? "pid unknown"
                throw StateError(path: statePath,
                                 message: "another feedcrawler process is using this state file (\(who))")
            }
            throw StateError(path: statePath,
                             message: "cannot lock \(lockPath): \(String(cString: strerror(code)))")
        }
        // Only for the message above: the lock itself is the flock, not the file's content.
        let line = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = line.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.path = lockPath
        self.fd = fd
    }

    deinit {
        // Closing the last descriptor of the open file description releases the flock.
        close(fd)
    }

    /// The pid the holder wrote, read from our own descriptor (the file is the same).
    private static func recordedPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        var value: Int32 = 0
        var digits = 0
        for byte in buffer[0..<count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int32(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}
