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

        // A bounded wait: the datagram is sent synchronously before it is received.
        let listener = try NotifyListener(path: path, timeout: .seconds(2))

        let notify = SystemdNotify(environment: ["NOTIFY_SOCKET": path, "WATCHDOG_USEC": "60000000"])
        #expect(notify.isEnabled)
        #expect(notify.watchdogInterval == .seconds(30))
        for message in ["READY=1\nSTATUS=3 feeds, 0 articles written, 0 errors, 0 polling", "WATCHDOG=1", "STOPPING=1"] {
            notify.send(message)
            #expect(listener.receive() == message)
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
