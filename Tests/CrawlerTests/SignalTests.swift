import Crawler
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension CrawlerIntegration {
    /// The daemon (`run` without --once): one instance per state file, SIGHUP reloads,
    /// SIGTERM stops cleanly (exit 0 within 10 s).
    @Suite struct Daemon {
        /// A new feed's first poll is spread over its interval by a hash of its name
        /// (`FeedSchedule.firstDue`). To keep the tests short, pick names whose first poll
        /// falls in the first half second of the 10 s interval they are configured with.
        static func earlyName(_ prefix: String, dueIn window: Range<Int64> = 0..<500) -> String {
            for n in 0..<10_000 {
                let name = "\(prefix)-\(n)"
                if window.contains(FeedSchedule.firstDue(feedName: name, interval: .seconds(10), now: 0)) { return name }
            }
            return prefix
        }

        @Test(.timeLimit(.minutes(1)))
        func secondInstanceIsRefusedAndSIGTERMStops() async throws {
            try await withCrawlSetup { sandbox, server in
                let name = Self.earlyName("first")
                await server.feed("/a.xml", RSSDocument.make(items: RSSDocument.keyed("a", 1...2)))
                try sandbox.writeConfig(crawler: ["interval = 10s"], feeds: [(name, server.url("/a.xml"), [])])
                let daemon = try sandbox.startDaemon()
                defer { daemon.killIfRunning() }
                _ = try await sandbox.waitUntil { sandbox.articleNames().count == 2 || !daemon.isRunning }
                #expect(sandbox.articleNames().count == 2, "\(daemon.stderr)")

                let second = try await sandbox.runOnce()
                // 73 (EX_CANTCREAT): the state is not usable by this process.
                #expect(second.ending == .exit(73))
                #expect(second.stderr.contains("another feedcrawler process"), "\(second.stderr)")
                #expect(daemon.isRunning)

                // `check` is read-only: it still validates and lists the feeds while the daemon runs.
                let check = try await sandbox.check()
                #expect(check.ending == .exit(0))
                #expect(check.stdout.contains("  \(name)  \(server.url("/a.xml"))"), "\(check.stdout)")

                daemon.send(SIGTERM)
                #expect(try await daemon.wait(limit: .seconds(10)) == .exit(0), "\(daemon.stderr)")
                #expect(sandbox.articleNames().count == 2)
                #expect(sandbox.tempNames() == [])
            }
        }

        /// SIGTERM and SIGINT stop the daemon within 10 s even while a transfer hangs on a
        /// server that does not answer (timeout 60 s): the transfer is aborted, the articles
        /// already written stay, exit 0.
        @Test(.timeLimit(.minutes(1)), arguments: [SIGTERM, SIGINT])
        func stopSignalAbortsAHangingTransfer(signal: Int32) async throws {
            try await withCrawlSetup { sandbox, server in
                // The hanging poll starts first, so the good feed's articles are staged while
                // it is in flight: they must still be flushed after flushDelay (500 ms).
                let stalled = Self.earlyName("stalled", dueIn: 0..<200), good = Self.earlyName("good", dueIn: 400..<600)
                await server.feed("/good.xml", RSSDocument.make(items: RSSDocument.keyed("good", 1...2)))
                await server.route("/stall") { _ in
                    try? await Task.sleep(for: .seconds(30))
                    return .status(204, "No Content")
                }
                try sandbox.writeConfig(crawler: ["interval = 10s", "timeout = 60s"], feeds: [
                    (good, server.url("/good.xml"), []), (stalled, server.url("/stall"), []),
                ])
                let daemon = try sandbox.startDaemon()
                defer { daemon.killIfRunning() }
                _ = try await sandbox.waitUntil { sandbox.articleNames().count == 2 || !daemon.isRunning }
                #expect(sandbox.articleNames().count == 2, "\(daemon.stderr)")
                var stallArrived = false
                for _ in 0..<100 where !stallArrived && daemon.isRunning {
                    stallArrived = await !server.requests(to: "/stall").isEmpty
                    if !stallArrived { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(stallArrived)

                daemon.send(signal)
                #expect(try await daemon.wait(limit: .seconds(10)) == .exit(0), "\(daemon.stderr)")
                #expect(sandbox.articleNames().count == 2)
                #expect(sandbox.tempNames() == [])
            }
        }

        @Test(.timeLimit(.minutes(1)))
        func sighupReloadsAndAnInvalidConfigIsIgnored() async throws {
            try await withCrawlSetup { sandbox, server in
                // The added feed's spread-out first poll would come late in the interval: it
                // must still be polled at once, because SIGHUP schedules new feeds now.
                let first = Self.earlyName("one"), added = Self.earlyName("two", dueIn: 8_000..<10_000)
                await server.feed("/one.xml", RSSDocument.make(items: RSSDocument.keyed("one", 1...2)))
                // The added feed also carries feed one's first story under another guid: a duplicate
                // while cross_feed is on (the default), a new article once the reload turns it off.
                var copy = RSSItem.keyed("one-1")
                copy.guid = "copy-1"
                await server.feed("/two.xml", RSSDocument.make(items: RSSDocument.keyed("two", 1...3) + [copy]))
                try sandbox.writeConfig(crawler: ["interval = 10s"], feeds: [(first, server.url("/one.xml"), [])])
                let daemon = try sandbox.startDaemon()
                defer { daemon.killIfRunning() }
                _ = try await sandbox.waitUntil { sandbox.articleNames().count == 2 || !daemon.isRunning }
                #expect(sandbox.articleNames().count == 2, "\(daemon.stderr)")

                // Settings change with the reload too: cross_feed at once, the transfer limits for
                // the transfers that start after it.
                try sandbox.writeConfig(crawler: ["interval = 10s", "cross_feed = no", "concurrency = 8", "per_host = 3"], feeds: [
                    (first, server.url("/one.xml"), []), (added, server.url("/two.xml"), []),
                ])
                daemon.send(SIGHUP)
                _ = try await sandbox.waitUntil(limit: .seconds(5)) { sandbox.articleNames().count == 6 || !daemon.isRunning }
                #expect(sandbox.articleNames().count == 6, "\(daemon.stderr)")
                #expect(try sandbox.articles().filter { $0.feedName == added }.map(\.guid) == ["two-1", "two-2", "two-3", "copy-1"])
                #expect(daemon.stderr.contains("transfer limits changed concurrency=8 per_host=3"), "\(daemon.stderr)")

                try sandbox.writeConfigText("[crawler]\noutput = ./out\nbogus line without equals\n")
                daemon.send(SIGHUP)
                _ = try await sandbox.waitUntil { daemon.stderr.contains("configuration not reloaded") || !daemon.isRunning }
                #expect(daemon.stderr.contains("configuration not reloaded"), "\(daemon.stderr)")
                #expect(daemon.isRunning)

                daemon.send(SIGTERM)
                #expect(try await daemon.wait(limit: .seconds(10)) == .exit(0), "\(daemon.stderr)")
                #expect(sandbox.articleNames().count == 6)
            }
        }
    }
}
