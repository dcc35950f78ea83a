import Foundation
import Testing
@testable import Crawler

/// The sd_notify datagrams and the journal's priority prefixes, checked against a real
/// AF_UNIX socket and the real stderr descriptor.
struct SystemdIntegrationTests {
    @Test func notifyMessagesReachTheSocket() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notify.sock").path

        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in path.utf8.enumerated() { raw[i] = b }
        }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        // A bounded wait: the datagram is sent synchronously before recv is called.
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))

        let notify = SystemdNotify(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "60000000"])
        #expect(notify.isEnabled)
        #expect(notify.watchdogInterval == .seconds(30))
        for message in ["READY=1\nSTATUS=3 feeds, 0 articles written, 0 errors, 0 polling", "WATCHDOG=1", "STOPPING=1"] {
            notify.send(message)
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            #expect(n > 0)
            #expect(String(decoding: buffer.prefix(max(n, 0)), as: UTF8.self) == message)
        }
    }

    @Test func notifyIsSilentOutsideSystemd() {
        let notify = SystemdNotify(environment: [:])
        #expect(!notify.isEnabled)
        #expect(notify.watchdogInterval == nil)
        notify.send("READY=1")
    }

    @Test func watchdogForAnotherProcessIsIgnored() {
        // sd_watchdog_enabled(3): WATCHDOG_PID names the process the keep-alives are for.
        let notify = SystemdNotify(environment: ["NOTIFY_SOCKET": "/run/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"])
        #expect(notify.watchdogInterval == nil)
    }

    @Test(arguments: [
        (Logger.Level.critical, 2), (.error, 3), (.warning, 4), (.notice, 5), (.info, 6), (.debug, 7), (.trace, 7),
    ])
    func journalPriorities(level: Logger.Level, priority: Int) {
        // sd-daemon(3): <2> crit … <7> debug.
        #expect(JournalLogHandler.priority(level) == priority)
    }

    @Test func journalStreamMustBeStderrItself() {
        var st = stat()
        #expect(fstat(2, &st) == 0)
        #expect(JournalLogHandler.stderrIsJournal("\(st.st_dev):\(st.st_ino)"))
        #expect(!JournalLogHandler.stderrIsJournal("\(st.st_dev):\(st.st_ino + 1)"))
        #expect(!JournalLogHandler.stderrIsJournal(nil))
        #expect(!JournalLogHandler.stderrIsJournal("garbage"))
    }
}

import Logging
