import FlyingFox
import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension CrawlerIntegration {
    /// Servers that attack or break the protocol, met by the real binary (`run --once`, and
    /// the daemon for a full disk). In every config one good feed sits beside the bad ones:
    /// each bad feed fails alone with its own `error=<key>` on its "feed failed" line, the good
    /// feed's articles are written, the run ends (bounded by CrawlerProcess's kill limit) with
    /// exit 1. No elapsed time is asserted.
    @Suite struct HostileServers {
        static let fixtures = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/hostile-http")

        static func failed(_ run: CrawlerProcess.Finished, feed: String, key: String) -> Bool {
            FetchFailures.failed(run, feed: feed, key: key)
        }

        static func goodGuids(_ sandbox: CrawlSandbox) throws -> [String?] {
            try sandbox.articles().filter { $0.feedName == "good" }.map(\.guid)
        }

        // MARK: Raw protocol abuse

        /// Ten misbehaving responses in one config, each from the raw-socket server:
        /// - `reset`: 1,000 of 2,000 announced body bytes, then RST (SO_LINGER 0) → network;
        /// - `headers-fast`: header lines without end, as fast as possible → headers_too_large
        ///   (64 KiB, FetchRequest.maxHeaderBytes);
        /// - `headers-slow`: one header line every 100 ms forever → timeout (3 s);
        /// - `chunked`: chunks of 64 KiB forever (RFC 9112 §7.1) → too_large at max_size 1 MB;
        /// - `declared`: Content-Length 200 MiB, zeros streamed → too_large before the body;
        /// - `undeclared`: 200 MiB of zeros until close, no length → too_large at 1 MB;
        /// - `brotli`, `gzip`: 1 GiB of zeros compressed to 809 bytes / 1 MB (fixtures, below)
        ///   → too_large at the default 10 MB, counted after decoding;
        /// - `silent`: accepts the connection, never reads, never answers → timeout (3 s).
        /// The 200 MiB streams must not be read to the end, and the crawler's peak memory
        /// (VmHWM, STYLE §8) stays far below what holding one of them would take.
        @Test(.timeLimit(.minutes(1)))
        func misbehavingServersFailOnlyTheirFeeds() async throws {
            let twoHundredMiB = 200 * 1024 * 1024
            let zeros = Data(count: 64 * 1024)
            let brotliBomb = try Data(contentsOf: Self.fixtures.appendingPathComponent("brotli-bomb-1gib.http"))
            let gzipBomb = try Data(contentsOf: Self.fixtures.appendingPathComponent("gzip-bomb-1gib.http"))
            let raw = try await RawSocketServer.routed([
                "/reset": { c in
                    let body = Array(RSSDocument.make(items: RSSDocument.keyed("reset", 1...30)).utf8)
                    try #require(body.count >= 2000)
                    try await c.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 2000\r\n\r\n")
                    try await c.write(Data(body[0..<1000]))
                    c.reset()
                },
                "/headers-fast": { c in
                    try await c.write("HTTP/1.1 200 OK\r\n")
                    let line = "X-Filler: " + String(repeating: "a", count: 100) + "\r\n"
                    while true { try await c.write(line) }
                },
                "/headers-slow": { c in
                    try await c.write("HTTP/1.1 200 OK\r\n")
                    var n = 0
                    while true {
                        n += 1
                        try await c.write("X-Slow-\(n): still going\r\n")
                        try await Task.sleep(for: .milliseconds(100))
                    }
                },
                "/chunked": { c in
                    try await c.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n")
                    let chunk = Data("10000\r\n".utf8) + zeros + Data("\r\n".utf8)
                    while true { try await c.write(chunk) }
                },
                "/declared": { c in
                    try await c.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(twoHundredMiB)\r\n\r\n")
                    for _ in 0..<(twoHundredMiB / zeros.count) { try await c.write(zeros) }
                },
                "/undeclared": { c in
                    try await c.write("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n")
                    for _ in 0..<(twoHundredMiB / zeros.count) { try await c.write(zeros) }
                },
                "/brotli": { c in try await c.write(brotliBomb) },
                "/gzip": { c in try await c.write(gzipBomb) },
            ])
            defer { raw.stop() }
            let silent = try await RawSocketServer { _ in try await Task.sleep(for: .seconds(60)) }
            defer { silent.stop() }

            try await withCrawlSetup { sandbox, server in
                await FetchFailures.addGoodFeed(server)
                let bad: [(name: String, url: String, extra: [String], key: String)] = [
                    ("reset", raw.url("/reset"), [], "network"),
                    ("headers-fast", raw.url("/headers-fast"), [], "headers_too_large"),
                    ("headers-slow", raw.url("/headers-slow"), ["timeout = 3s"], "timeout"),
                    ("chunked", raw.url("/chunked"), ["max_size = 1MB"], "too_large"),
                    ("declared", raw.url("/declared"), ["max_size = 1MB"], "too_large"),
                    ("undeclared", raw.url("/undeclared"), ["max_size = 1MB"], "too_large"),
                    ("brotli", raw.url("/brotli"), [], "too_large"),
                    ("gzip", raw.url("/gzip"), [], "too_large"),
                    ("silent", silent.url("/feed.xml"), ["timeout = 3s"], "timeout"),
                ]
                // Every bad feed is on one host: let them all run at once.
                try sandbox.writeConfig(crawler: ["per_host = 16"], feeds: [("good", server.url("/good.xml"), [])]
                    + bad.map { ($0.name, $0.url, $0.extra) })

                let (run, peakKiB) = try await Self.runOnceMeasuringPeak(sandbox)
                #expect(run.ending == .exit(1), "\(run.stderr)")
                for feed in bad {
                    #expect(Self.failed(run, feed: feed.name, key: feed.key),
                            "\(feed.name) should fail with \(feed.key): \(run.logLines(feed: feed.name))")
                }
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
                #expect(try sandbox.articles().allSatisfy { $0.feedName == "good" })
                #expect(run.stderr.contains("feeds: 1 fetched, 0 not modified, 9 failed; 2 new articles"), "\(run.stderr)")
                // Not read to the end: the client hung up long before 200 MiB (what is sent
                // at most is max_size plus the loopback socket buffers).
                #expect(raw.sent["/declared"] < 64 * 1024 * 1024, "sent \(raw.sent["/declared"]) bytes")
                #expect(raw.sent["/undeclared"] < 64 * 1024 * 1024, "sent \(raw.sent["/undeclared"]) bytes")
                // Bodies are capped at 10 MB each (two bombs at once: 20 MB); 150 MiB would
                // mean one of the 200 MiB or 1 GiB bodies was held.
                // AddressSanitizer (make test-sanitize) adds shadow memory, redzones and a
                // quarantine of freed memory to the child's footprint: four times the room.
                let limitKiB = ProcessInfo.processInfo.environment["FEEDCRAWLER_SANITIZER"] == "address" ? 600 * 1024 : 150 * 1024
                #expect(peakKiB > 0 && peakKiB < limitKiB, "peak VmHWM \(peakKiB) KiB")
            }
        }

        /// `run --once`, sampling the child's VmHWM (its own peak resident set, STYLE §8)
        /// every 20 ms until it exits: the peak is monotonic, so the last sample is the
        /// whole run's peak unless it rose in the last 20 ms, after every fetch was over.
        static func runOnceMeasuringPeak(_ sandbox: CrawlSandbox) async throws -> (CrawlerProcess.Finished, Int) {
            let child = try CrawlerProcess(["run", "--config", sandbox.configPath, "--once"], in: sandbox.root)
            defer { child.killIfRunning() }
            var peak = 0
            while child.isRunning {
                if let kib = vmHWMKiB(pid: child.pid) { peak = max(peak, kib) }
                try await Task.sleep(for: .milliseconds(20))
            }
            let ending = try await child.wait(limit: .seconds(20))
            return (CrawlerProcess.Finished(ending: ending, stdout: child.stdout, stderr: child.stderr), peak)
        }

        /// "VmHWM:\t   12345 kB" from /proc/PID/status (proc(5)).
        static func vmHWMKiB(pid: Int32) -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
            for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                return Int(line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
            }
            return nil
        }

        // MARK: Bodies that are not feeds

        /// An HTML page, a PNG image and an empty 200 are answered 200 but are not feeds:
        /// each fails as a parse error whose detail says "not a feed" (README, `parse`).
        @Test func bodiesThatAreNotFeedsFailAsParseErrors() async throws {
            try await withCrawlSetup { sandbox, server in
                await FetchFailures.addGoodFeed(server)
                let html = "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><p>Hello</p></body></html>\n"
                // The PNG signature and an IHDR chunk (RFC 2083 §3.1, §4.1.1): a 1x1 image's start.
                let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
                                0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                                0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00,
                                0x1F, 0x15, 0xC4, 0x89])
                await server.route("/page.html") { _ in Self.ok(Data(html.utf8), type: "text/html; charset=utf-8") }
                await server.route("/image.png") { _ in Self.ok(png, type: "image/png") }
                await server.route("/empty") { _ in Self.ok(Data(), type: "application/rss+xml") }
                try sandbox.writeConfig(feeds: [
                    ("good", server.url("/good.xml"), []), ("html", server.url("/page.html"), []),
                    ("image", server.url("/image.png"), []), ("empty", server.url("/empty"), []),
                ])

                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(1), "\(run.stderr)")
                for name in ["html", "image", "empty"] {
                    #expect(Self.failed(run, feed: name, key: "parse"), "\(run.logLines(feed: name))")
                    #expect(run.logLines(feed: name).contains { $0.contains("detail=\"not a feed") },
                            "\(run.logLines(feed: name))")
                }
                #expect(run.logLines(feed: "empty").contains { $0.contains("not a feed: the document is empty") })
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
                #expect(sandbox.articleNames().count == 2)
            }
        }

        static func ok(_ body: Data, type: String) -> HTTPResponse {
            var headers = HTTPHeaders()
            headers[HTTPHeader("Content-Type")] = type
            return HTTPResponse(statusCode: .ok, headers: headers, body: body)
        }

        // MARK: Redirects to other protocols

        /// libcurl speaks dict:// and gopher:// (and could be steered into talking to an
        /// internal service with them, as with SSRF through redirects): a redirect to either
        /// is refused with the scheme named, and nothing is requested.
        @Test func redirectsToDictAndGopherAreRefused() async throws {
            try await withCrawlSetup { sandbox, server in
                await FetchFailures.addGoodFeed(server)
                await server.route("/to-dict") { _ in .redirect(302, to: "dict://127.0.0.1:2628/d:password") }
                await server.route("/to-gopher") { _ in .redirect(301, to: "gopher://127.0.0.1:70/_GET%20/") }
                try sandbox.writeConfig(feeds: [
                    ("good", server.url("/good.xml"), []), ("dict", server.url("/to-dict"), []),
                    ("gopher", server.url("/to-gopher"), []),
                ])

                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(1), "\(run.stderr)")
                #expect(Self.failed(run, feed: "dict", key: "redirect_forbidden"), "\(run.stderr)")
                #expect(run.logLines(feed: "dict").contains { $0.contains("scheme dict is not http(s)") })
                #expect(Self.failed(run, feed: "gopher", key: "redirect_forbidden"), "\(run.stderr)")
                #expect(run.logLines(feed: "gopher").contains { $0.contains("scheme gopher is not http(s)") })
                #expect(try Self.goodGuids(sandbox) == ["good-1", "good-2"])
            }
        }

        // MARK: Hostile guids

        /// A guid is feed content and never part of a path: `../../etc/cron.d/x` and a 10 KB
        /// guid are written as ordinary articles, with names made only of our timestamp and
        /// the 32-hex id (ArticleFileName). The output directory is two levels down, and the
        /// directory the traversal would reach (`<root>/etc/cron.d/`) exists, so a writer that
        /// joined the guid to the path would succeed there; it must stay empty.
        @Test func traversalAndHugeGuidsAreWrittenUnderSafeNames() async throws {
            try await withCrawlSetup { sandbox, server in
                let traversal = "../../etc/cron.d/x"
                let long = String(repeating: "g", count: 10 * 1024)
                let items = [
                    RSSItem(guid: traversal, title: "Traversal", link: "http://news.example/t", description: "t"),
                    RSSItem(guid: long, title: "Long", link: "http://news.example/l", description: "l"),
                ]
                await server.feed("/hostile.xml", RSSDocument.make(items: items))
                let cron = sandbox.root.appendingPathComponent("etc/cron.d")
                try FileManager.default.createDirectory(at: cron, withIntermediateDirectories: true)
                try sandbox.writeConfigText("""
                    [crawler]
                    output = ./nest/out
                    state = ./state/state.db
                    timeout = 10s

                    [feed hostile]
                    url = \(server.url("/hostile.xml"))

                    """)

                let run = try await sandbox.runOnce()
                #expect(run.ending == .exit(0), "\(run.stderr)")
                let output = sandbox.root.appendingPathComponent("nest/out")
                let names = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
                #expect(names.count == 2)
                for name in names { #expect(Self.isSafeArticleName(name), "unexpected name \(name)") }
                let guids = try names.map { name in
                    try WrittenArticle(fileName: name, data: Data(contentsOf: output.appendingPathComponent(name))).guid
                }
                #expect(Set(guids.compactMap { $0 }) == [traversal, long])
                #expect(try FileManager.default.contentsOfDirectory(atPath: cron.path) == [])
                // Nothing new beside the config, the state, the output tree and the run's logs.
                let top = try FileManager.default.contentsOfDirectory(atPath: sandbox.root.path)
                    .filter { !$0.hasSuffix(".stdout") && !$0.hasSuffix(".stderr") }.sorted()
                #expect(top == ["etc", "feeds.conf", "nest", "state"])
                #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.root.appendingPathComponent("nest").path) == ["out"])
            }
        }

        /// `YYYYMMDDTHHMMSS.ffffffZ-<32 lowercase hex>.json` and nothing else (README, "Output
        /// format"; ArticleFileName.final).
        static func isSafeArticleName(_ name: String) -> Bool {
            let b = Array(name.utf8)
            guard b.count == 24 + 32 + 5 else { return false }
            func digits(_ r: Range<Int>) -> Bool { b[r].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
            let hex = b[24..<56].allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
            return digits(0..<8) && b[8] == UInt8(ascii: "T") && digits(9..<15) && b[15] == UInt8(ascii: ".")
                && digits(16..<22) && b[22] == UInt8(ascii: "Z") && b[23] == UInt8(ascii: "-") && hex
                && b[56...].elementsEqual(".json".utf8)
        }
    }
}
