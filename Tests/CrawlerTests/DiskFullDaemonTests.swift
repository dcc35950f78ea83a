import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension CrawlerIntegration {
    /// The daemon on an output directory that fills up: a real 256 KiB tmpfs (chmod cannot
    /// make a directory unwritable for root, and ENOSPC has to come from a real file system),
    /// which the test then grows with `mount -o remount,size=16m` (tmpfs(5)).
    @Suite struct DiskFull {
        /// 100 articles of ~5 KB (each at least one 4 KiB tmpfs page) do not fit in 256 KiB:
        /// the batch is not delivered, the log says so, nothing half-written stays, and the
        /// daemon keeps running. Once there is room, the retry delivers every article exactly
        /// once. The retry waits `CrawlEngine.retryAfterDeliveryFailure` (60 s), shortened to
        /// 1 s here with FEEDCRAWLER_TEST_DELIVERY_RETRY_MS.
        @Test(.timeLimit(.minutes(1)))
        func daemonOutlivesAFullDiskAndDeliversEachArticleOnceThereIsRoom() async throws {
            guard getuid() == 0 else {
                // Mounting needs CAP_SYS_ADMIN. CI runs the tests as root; anywhere else this
                // test cannot run, which must show, not pass silently.
                Issue.record("not run: mounting a tmpfs needs root (uid \(getuid()))")
                return
            }
            try await withCrawlSetup { sandbox, server in
                let name = Daemon.earlyName("full")
                let body = String(repeating: "Lorem ipsum dolor sit amet. ", count: 50)
                let items = (1...100).map {
                    RSSItem(guid: "full-\($0)", title: "Full \($0)", link: "http://news.example/full-\($0)", description: body)
                }
                await server.feed("/full.xml", RSSDocument.make(items: items))
                try sandbox.writeConfig(crawler: ["interval = 10s"], feeds: [(name, server.url("/full.xml"), [])])

                let out = sandbox.outputPath
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                let mounted = mount("tmpfs", out, "tmpfs", 0, "size=256k")
                try #require(mounted == 0, "mount tmpfs on \(out): \(String(cString: strerror(errno)))")
                // Declared after the mount's: runs first, so the daemon is gone before the unmount.
                defer { umount2(out, Int32(MNT_DETACH)) }

                let daemon = try CrawlerProcess(
                    ["run", "--config", sandbox.configPath, "--log-level", "debug"], in: sandbox.root,
                    environment: ["FEEDCRAWLER_TEST_DELIVERY_RETRY_MS": "1000"], label: "daemon")
                defer { daemon.killIfRunning() }

                let refused = try await sandbox.waitUntil(limit: .seconds(20)) {
                    daemon.stderr.contains("could not deliver a batch") || !daemon.isRunning
                }
                #expect(refused, "no delivery failure logged: \(daemon.stderr)")
                let failure = daemon.stderr.split(separator: "\n").first { $0.contains("could not deliver a batch") }
                #expect(failure?.contains("output directory \(out) full") == true, "\(failure ?? "")")
                #expect(daemon.isRunning, "\(daemon.stderr)")
                #expect(sandbox.articleNames() == [])
                #expect(sandbox.tempNames() == [])

                let grown = mount("tmpfs", out, "tmpfs", UInt(MS_REMOUNT), "size=16m")
                try #require(grown == 0, "remount: \(String(cString: strerror(errno)))")

                let delivered = try await sandbox.waitUntil(limit: .seconds(20)) {
                    sandbox.articleNames().count >= 100 || !daemon.isRunning
                }
                #expect(delivered, "\(sandbox.articleNames().count) articles; \(daemon.stderr)")
                #expect(daemon.isRunning)
                let counts = occurrences(try sandbox.articles().map(\.guid))
                #expect(counts.count == 100)
                #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts.filter { $0.value != 1 })")
                #expect(sandbox.tempNames() == [])

                daemon.send(SIGTERM)
                #expect(try await daemon.wait(limit: .seconds(10)) == .exit(0), "\(daemon.stderr)")
                #expect(sandbox.articleNames().count == 100)
            }
        }
    }
}
