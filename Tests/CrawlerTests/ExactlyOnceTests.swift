import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension CrawlerIntegration {
    /// Exactly once across crashes (CrawlEngine's batch protocol): the process is SIGKILLed at
    /// each step of its first batch flush (FEEDCRAWLER_TEST_CRASH_AT), then run again; every
    /// article served is delivered exactly once and no temp file is left.
    @Suite struct ExactlyOnce {
        enum Step: String, CaseIterable {
            case afterStage = "after-stage", afterSync = "after-sync"
            case afterCommit = "after-commit", afterPublish = "after-publish"

            /// Was the batch committed (articles pending, validators advanced) before the crash?
            var committed: Bool { self == .afterCommit || self == .afterPublish }
        }

        /// Serves `names` as feeds of `items` keyed items each (with an ETag), writes the config,
        /// and returns every guid once: what a finished crawl must have delivered.
        static func serveKeyedFeeds(_ names: [String], items: Int, server: TestFeedServer,
                                    sandbox: CrawlSandbox) async throws -> [String: Int] {
            var expected: [String: Int] = [:]
            var feeds: [(name: String, url: String, extra: [String])] = []
            for feed in names {
                await server.feed("/\(feed).xml", RSSDocument.make(items: RSSDocument.keyed(feed, 1...items)), etag: "\"\(feed)\"")
                feeds.append((feed, server.url("/\(feed).xml"), []))
                for n in 1...items { expected["\(feed)-\(n)"] = 1 }
            }
            try sandbox.writeConfig(feeds: feeds)
            return expected
        }

        /// A run after the crashes: exit 0, every guid of `expected` exactly once, no temp file
        /// left, and names sorted in delivery order (every run's names follow the last one's).
        static func expectCleanRunDelivers(_ expected: [String: Int], sandbox: CrawlSandbox,
                                           environment: [String: String]) async throws {
            let clean = try await sandbox.runOnce(environment: environment)
            #expect(clean.ending == .exit(0), "\(clean.stderr)")
            #expect(occurrences(try sandbox.articles().map(\.guid)) == expected)
            #expect(sandbox.tempNames() == [])
            let names = sandbox.articleNames()
            #expect(names == names.sorted())
        }

        @Test(arguments: Step.allCases)
        func crashThenRestartDeliversEachArticleOnce(step: Step) async throws {
            try await withCrawlSetup { sandbox, server in
                await server.feed("/a.xml", RSSDocument.make(items: RSSDocument.keyed("a", 1...4)), etag: "\"a1\"")
                await server.feed("/b.xml", RSSDocument.make(items: RSSDocument.keyed("b", 1...4)), etag: "\"b1\"")
                try sandbox.writeConfig(feeds: [("a", server.url("/a.xml"), []), ("b", server.url("/b.xml"), [])])

                let crashed = try await sandbox.runOnce(environment: ["FEEDCRAWLER_TEST_CRASH_AT": step.rawValue])
                #expect(crashed.ending == .killed(by: SIGKILL), "\(crashed.stderr)")
                switch step {
                case .afterStage, .afterSync, .afterCommit:
                    // Not renamed yet: a consumer saw nothing, the batch is in temp files.
                    #expect(sandbox.articleNames() == [])
                    #expect(!sandbox.tempNames().isEmpty)
                case .afterPublish:
                    #expect(!sandbox.articleNames().isEmpty)
                    #expect(sandbox.tempNames() == [])
                }

                let restarted = try await sandbox.runOnce()
                #expect(restarted.ending == .exit(0), "\(restarted.stderr)")

                let guids = try sandbox.articles().map(\.guid)
                #expect(occurrences(guids) == ["a-1": 1, "a-2": 1, "a-3": 1, "a-4": 1,
                                               "b-1": 1, "b-2": 1, "b-3": 1, "b-4": 1])
                #expect(sandbox.tempNames() == [])

                // The validators advance with the commit and only then: after a crash before it
                // every feed is asked unconditionally again; after it, the feeds of the crashed
                // batch (normally both: their polls end well within flushDelay of each other)
                // are asked conditionally and answer 304, so their articles came from recovery.
                var restartRequests: [TestFeedServer.Seen] = []
                for path in ["/a.xml", "/b.xml"] {
                    let requests = await server.requests(to: path)
                    #expect(requests.count == 2, "\(path)")
                    if requests.count == 2 { restartRequests.append(requests[1]) }
                }
                let conditional = restartRequests.filter { $0.headers["if-none-match"] != nil }
                if step.committed {
                    #expect(!conditional.isEmpty)
                    #expect(conditional.allSatisfy { $0.status == 304 })
                } else {
                    #expect(conditional.isEmpty)
                    #expect(restartRequests.allSatisfy { $0.status == 200 })
                }

                // A third run finds nothing new.
                #expect(try await sandbox.runOnce().ending == .exit(0))
                #expect(sandbox.articleNames().count == 8)
            }
        }
        /// A flush at 5 articles, so each feed's 10 make a batch of their own; the process killed
        /// at each step of the third flush, while the loop may be staging the fourth batch: the
        /// first two batches are delivered, the third is recovered or comes again, a staged
        /// fourth leaves only orphan temps (removed), and after a restart every article is there
        /// exactly once, named in delivery order.
        @Test(arguments: Step.allCases)
        func crashDuringALaterFlushWhileTheNextBatchIsStaged(step: Step) async throws {
            try await withCrawlSetup { sandbox, server in
                let expected = try await Self.serveKeyedFeeds(["p", "q", "r", "s"], items: 10, server: server, sandbox: sandbox)
                let small = ["FEEDCRAWLER_TEST_BATCH_ARTICLES": "5"]
                let crashed = try await sandbox.runOnce(environment: small.merging(
                    ["FEEDCRAWLER_TEST_CRASH_AT": step.rawValue + ":3"]) { $1 })
                #expect(crashed.ending == .killed(by: SIGKILL), "\(crashed.stderr)")
                // Two batches were renamed into place before the third flush began (three after its
                // renames).
                #expect(sandbox.articleNames().count == (step == .afterPublish ? 30 : 20))

                try await Self.expectCleanRunDelivers(expected, sandbox: sandbox, environment: small)
            }
        }

        /// kill -9 at moments spread over a run of 4 feeds × 40 items, three times, then a
        /// clean run: whatever step each kill hit, every article is delivered exactly once.
        /// Once with one batch, once with batches of 7 articles, so that kills also land while
        /// one batch is being committed and the next staged.
        @Test(arguments: [nil, "7"])
        func killedAtArbitraryMomentsThenRestartedDeliversEachArticleOnce(batchArticles: String?) async throws {
            try await withCrawlSetup { sandbox, server in
                let expected = try await Self.serveKeyedFeeds(["k1", "k2", "k3", "k4"], items: 40, server: server, sandbox: sandbox)
                // Not timing assertions: only where in the run each kill lands.
                let environment = batchArticles.map { ["FEEDCRAWLER_TEST_BATCH_ARTICLES": $0] } ?? [:]
                for delay in [40, 120, 250] {
                    let child = try CrawlerProcess(["run", "--config", sandbox.configPath, "--once"], in: sandbox.root,
                                                   environment: environment)
                    defer { child.killIfRunning() }
                    try await Task.sleep(for: .milliseconds(delay))
                    child.send(SIGKILL)
                    _ = try await child.wait()
                }
                try await Self.expectCleanRunDelivers(expected, sandbox: sandbox, environment: environment)
            }
        }
    }
}
