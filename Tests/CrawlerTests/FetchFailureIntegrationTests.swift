import FlyingFox
import Foundation
import Testing
import TestSupport

extension CrawlerIntegration {
    /// Redirects, HTTP errors and fetch limits: a bad feed fails alone (exit 1 with --once),
    /// the good feeds of the same config are still written, and the log names the cause.
    @Suite struct FetchFailures {
        /// The "feed failed" warning for `feed` carries `error=KEY` (FetchError.key).
        static func failed(_ run: CrawlerProcess.Finished, feed: String, key: String) -> Bool {
            run.logLines(feed: feed).contains { $0.contains("feed failed") && $0.contains(" error=\(key) ") }
        }

        /// A good feed every failure test also configures: its 2 articles must be written.
        static func addGoodFeed(_ server: TestFeedServer) async {
            await server.feed("/good.xml", RSSDocument.make(items: RSSDocument.keyed("good", 1...2)))
        }

        static func goodGuids(_ sandbox: CrawlSandbox) throws -> [String?] {
            try sandbox.articles().filter { $0.feedName == "good" }.map(\.guid)
        }

        // MARK: Redirects

        /// 301 (RFC 9110 §15.4.2): the articles are written, and the next poll goes straight
        /// to the new URL.
        @Test func permanentRedirectIsFollowedAndRemembered() async throws {
            try await withCrawlSetup { sandbox, server in
                let newURL = server.url("/new.xml")
                await server.route("/old.xml") { _ in .redirect(301, to: newURL) }
                await server.feed("/new.xml", RSSDocument.make(items: RSSDocument.keyed("moved", 1...2)))
                try sandbox.writeConfig(feeds: [("moved", server.url("/old.xml"), [])])

                let first = try await sandbox.runOnce()
                #expect(first.ending == .exit(0), "\(first.stderr)")
                #expect(try sandbox.articles().map(\.guid) == ["moved-1", "moved-2"])

                let second = try await sandbox.runOnce()
                #expect(second.ending == .exit(0), "\(second.stderr)")
                #expect(await server.requests(to: "/old.xml").count == 1)
                #expect(await server.requests(to: "/new.xml").count == 2)
                #expect(sandbox.articleNames().count == 2)

                let check = try await sandbox.check()
                #expect(check.ending == .exit(0))
                #expect(check.stdout.contains("moved permanently to \(newURL)"))
            }
        }

        /// A feed already crawled that starts answering 301 to a new URL serving the same
        /// items (a site moving to a new path or to https) is the same feed: nothing it
        /// delivered before may be written again.
        @Test func feedMovingAfterItWasCrawledDoesNotRepeatItsArticles() async throws {
            try await withCrawlSetup { sandbox, server in
                let document = RSSDocument.make(items: RSSDocument.keyed("m", 1...3))
                await server.feed("/feed.xml", document)
                try sandbox.writeConfig(feeds: [("moving", server.url("/feed.xml"), [])])
                #expect(try await sandbox.runOnce().ending == .exit(0))
                #expect(sandbox.articleNames().count == 3)

                let newURL = server.url("/moved/feed.xml")
                await server.route("/feed.xml") { _ in .redirect(301, to: newURL) }
                await server.feed("/moved/feed.xml", document)
                let moved = try await sandbox.runOnce()
                #expect(moved.ending == .exit(0), "\(moved.stderr)")
                #expect(await server.requests(to: "/moved/feed.xml").map(\.status) == [200])
                let counts = occurrences(try sandbox.articles().map(\.guid))
                #expect(counts == ["m-1": 1, "m-2": 1, "m-3": 1])
            }
        }

        @Test func redirectLoopFailsOnlyThatFeed() async throws {
            try await withCrawlSetup { sandbox, server in
                await Self.addGoodFeed(server)
                let a = server.url("/loop-a"), b = server.url("/loop-b")
                await server.route("/loop-a") { _ in .redirect(302, to: b) }
                await server.route("/loop-b") { _ in .redirect(302, to: a) }
                try sandbox.writeConfig(feeds: [("good", server.url("/good.xml"), []), ("loop", a, [])])

                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(1))
                #expect(Self.failed(run, feed: "loop", key: "redirect_loop"), "\(run.stderr)")
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
            }
        }

        /// A server must not make the crawler read local files (CVE-2009-0037-style redirect
        /// to file://): refused, logged, nothing written for that feed.
        @Test func redirectToFileURLIsRefused() async throws {
            try await withCrawlSetup { sandbox, server in
                await Self.addGoodFeed(server)
                await server.route("/to-file") { _ in .redirect(302, to: "file:///etc/passwd") }
                try sandbox.writeConfig(feeds: [("good", server.url("/good.xml"), []), ("tofile", server.url("/to-file"), [])])

                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(1))
                #expect(Self.failed(run, feed: "tofile", key: "redirect_forbidden"), "\(run.stderr)")
                #expect(run.logLines(feed: "tofile").contains { $0.contains("file:///etc/passwd") })
                #expect(try sandbox.articles().allSatisfy { $0.feedName == "good" })
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
            }
        }

        // MARK: HTTP errors

        @Test func httpErrorsFailTheirFeedsOnly() async throws {
            try await withCrawlSetup { sandbox, server in
                await Self.addGoodFeed(server)
                await server.route("/404") { _ in .status(404, "Not Found") }
                await server.route("/429") { _ in .status(429, "Too Many Requests", headers: [("Retry-After", "120")]) }
                await server.route("/500") { _ in .status(500, "Internal Server Error") }
                try sandbox.writeConfig(feeds: [
                    ("good", server.url("/good.xml"), []), ("missing", server.url("/404"), []),
                    ("limited", server.url("/429"), []), ("broken", server.url("/500"), []),
                ])

                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(1))
                #expect(Self.failed(run, feed: "missing", key: "http_404"), "\(run.stderr)")
                #expect(Self.failed(run, feed: "limited", key: "rate_limited"))
                // Retry-After is read (RFC 6585 §4, RFC 9110 §10.2.3) and shown.
                #expect(run.logLines(feed: "limited").contains { $0.contains("retry after 120 s") })
                #expect(Self.failed(run, feed: "broken", key: "http_500"))
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
                #expect(sandbox.articleNames().count == 2)
                #expect(run.stderr.contains("feeds: 1 fetched, 0 not modified, 3 failed; 2 new articles"))

                let check = try await sandbox.check()
                #expect(check.ending == .exit(0))
                #expect(check.stdout.split(separator: "\n").contains { $0.contains("limited") && $0.contains("last error: rate_limited (1 in a row)") })
            }
        }

        /// 410 (RFC 9110 §15.5.11): "gone for good". The next run does not request it at all,
        /// and `check` says so.
        @Test func goneFeedIsNotPolledAgain() async throws {
            try await withCrawlSetup { sandbox, server in
                await Self.addGoodFeed(server)
                await server.route("/410") { _ in .status(410, "Gone") }
                try sandbox.writeConfig(feeds: [("good", server.url("/good.xml"), []), ("gone", server.url("/410"), [])])

                let first = try await sandbox.runOnce()
                #expect(first.ending == .exit(1))
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
                #expect(first.logLines(feed: "gone").contains { $0.contains("feed is gone") })

                let second = try await sandbox.runOnce()
                #expect(second.ending == .exit(0), "\(second.stderr)")
                #expect(await server.requests(to: "/410").count == 1)
                #expect(await server.requests(to: "/good.xml").count == 2)

                let check = try await sandbox.check()
                #expect(check.ending == .exit(0))
                #expect(check.stdout.split(separator: "\n").contains { $0.contains("gone") && $0.contains("GONE") })
            }
        }

        // MARK: Limits

        /// A server that does not answer within `timeout = 2s`: the feed fails with a timeout,
        /// the run still ends (bounded by the process limit, no exact time asserted).
        @Test(.timeLimit(.minutes(1)))
        func stalledServerHitsTheTimeout() async throws {
            try await withCrawlSetup { sandbox, server in
                await Self.addGoodFeed(server)
                await server.route("/stall") { _ in
                    // Longer than the feed's timeout; cancelled when the server stops.
                    try? await Task.sleep(for: .seconds(15))
                    return .status(204, "No Content")
                }
                try sandbox.writeConfig(feeds: [
                    ("good", server.url("/good.xml"), []), ("stalled", server.url("/stall"), ["timeout = 2s"]),
                ])
                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(1))
                #expect(Self.failed(run, feed: "stalled", key: "timeout"), "\(run.stderr)")
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
            }
        }

        @Test func bodyOverMaxSizeFails() async throws {
            try await withCrawlSetup { sandbox, server in
                await Self.addGoodFeed(server)
                // ~100 KB of items: over 64 KB (KB counts 1024 bytes).
                let padding = String(repeating: "x", count: 1000)
                let items = (1...100).map { RSSItem(guid: "big-\($0)", title: "Big \($0)", description: padding) }
                let document = RSSDocument.make(items: items)
                #expect(document.utf8.count > 64 * 1024)
                await server.feed("/big.xml", document)
                try sandbox.writeConfig(feeds: [
                    ("good", server.url("/good.xml"), []), ("big", server.url("/big.xml"), ["max_size = 64KB"]),
                ])
                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(1))
                #expect(Self.failed(run, feed: "big", key: "too_large"), "\(run.stderr)")
                #expect(try sandbox.articles().allSatisfy { $0.feedName == "good" })
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
            }
        }

        /// Content-Encoding: gzip (RFC 9110 §8.4.1) under the cap: decoded and parsed.
        @Test func gzipEncodedBodyIsParsed() async throws {
            try await withCrawlSetup { sandbox, server in
                let plain = RSSDocument.make(items: RSSDocument.keyed("gz", 1...3))
                let compressed = try gzip(Data(plain.utf8))
                await server.route("/gz.xml") { request in
                    // Only encode when asked, as a real server would (RFC 9110 §12.5.3).
                    guard request.headers[HTTPHeader("Accept-Encoding")]?.contains("gzip") == true else {
                        return .status(406, "Not Acceptable")
                    }
                    var headers = HTTPHeaders()
                    headers[HTTPHeader("Content-Type")] = "application/rss+xml"
                    headers[HTTPHeader("Content-Encoding")] = "gzip"
                    return HTTPResponse(statusCode: .ok, headers: headers, body: compressed)
                }
                try sandbox.writeConfig(feeds: [("gz", server.url("/gz.xml"), ["max_size = 64KB"])])
                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(0), "\(run.stderr)")
                #expect(try sandbox.articles().map(\.guid) == ["gz-1", "gz-2", "gz-3"])
                #expect(await server.requests(to: "/gz.xml").map(\.status) == [200])
            }
        }
    }
}
