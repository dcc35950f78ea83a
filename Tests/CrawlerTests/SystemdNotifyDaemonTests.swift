import Foundation
import Testing
@testable import Crawler
#if canImport(Glibc)
import Glibc
#endif

extension CrawlerIntegration.Daemon {
    /// The sd_notify protocol as the real daemon speaks it to a socket standing in for systemd:
    /// READY=1 with a STATUS= line, WATCHDOG=1 keep-alives at half of WATCHDOG_USEC, and
    /// STOPPING=1 on SIGTERM (sd_notify(3), sd_watchdog_enabled(3)).
    @Test(.timeLimit(.minutes(1)))
    func daemonSpeaksTheNotifyProtocol() async throws {
        try await withCrawlSetup { sandbox, server in
            let name = Self.earlyName("notified")
            await server.feed("/n.xml", RSSDocument.make(items: RSSDocument.keyed("n", 1...2)))
            try sandbox.writeConfig(crawler: ["interval = 10s"], feeds: [(name, server.url("/n.xml"), [])])

            let socketPath = sandbox.root.appendingPathComponent("notify.sock").path
            let listener = try NotifyListener(path: socketPath)
            // 400 ms: a keep-alive every 200 ms, so several arrive within a second.
            let daemon = try sandbox.startDaemon(environment: ["NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "400000"])
            defer { daemon.killIfRunning() }

            var messages: [String] = []
            // Bounded: at most 50 receives of at most 200 ms each.
            for _ in 0..<50 {
                if let m = listener.receive() { messages.append(m) }
                if messages.filter({ $0 == "WATCHDOG=1" }).count >= 3 { break }
            }
            let ready = try #require(messages.first, "no notification at all; log: \(daemon.stderr)")
            #expect(ready.hasPrefix("READY=1\nSTATUS="), "\(ready)")
            #expect(ready.contains("1 feeds"), "\(ready)")
            #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 3, "\(messages)")

            daemon.send(SIGTERM)
            var stopping = false
            for _ in 0..<50 where !stopping {
                if let m = listener.receive() { stopping = m == "STOPPING=1" }
            }
            #expect(stopping, "no STOPPING=1")
            #expect(try await daemon.wait(limit: .seconds(10)) == .exit(0), "\(daemon.stderr)")
        }
    }
}
