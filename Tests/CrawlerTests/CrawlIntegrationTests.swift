import Foundation
import Testing

extension CrawlerIntegration {
    /// Conditional GET, deduplication and the output files, through `run --once`.
    @Suite struct Crawl {
        static let etag = "\"v1-abc\""
        /// Sent exactly as nginx writes it; the server compares bytes (RFC 9110 §13.1.3/§13.1.4:
        /// the client sends the validators it was given, unchanged).
        static let lastModified = "Wed, 21 Oct 2015 07:28:00 GMT"

        @Test func firstRunWritesThenSecondRunGets304AndWritesNothing() async throws {
            try await withCrawlSetup { sandbox, server in
                await server.feed("/feed.xml", RSSDocument.make(items: RSSDocument.keyed("c", 1...3)),
                                  etag: Self.etag, lastModified: Self.lastModified)
                try sandbox.writeConfig(feeds: [("news", server.url("/feed.xml"), [])])

                let first = try await sandbox.runOnce()
                #expect(first.ending == .exit(0), "\(first.stderr)")
                #expect(sandbox.articleNames().count == 3)
                let firstRequests = await server.requests(to: "/feed.xml")
                try #require(firstRequests.count == 1)
                // Nothing stored yet: an unconditional GET.
                #expect(firstRequests[0].headers["if-none-match"] == nil)
                #expect(firstRequests[0].headers["if-modified-since"] == nil)
                #expect(firstRequests[0].status == 200)

                let second = try await sandbox.runOnce()
                #expect(second.ending == .exit(0), "\(second.stderr)")
                let requests = await server.requests(to: "/feed.xml")
                try #require(requests.count == 2)
                #expect(requests[1].headers["if-none-match"] == "\"v1-abc\"")
                #expect(requests[1].headers["if-modified-since"] == "Wed, 21 Oct 2015 07:28:00 GMT")
                #expect(requests[1].status == 304)
                #expect(sandbox.articleNames().count == 3)
                #expect(second.stderr.contains("feeds: 0 fetched, 1 not modified, 0 failed; 0 new articles"))
            }
        }

        @Test func onlyItemsNewToTheStateAreWrittenAcrossPolls() async throws {
            try await withCrawlSetup { sandbox, server in
                let path = "/feed.xml"
                await server.feed(path, RSSDocument.make(items: RSSDocument.keyed("p", 1...3)), etag: "\"e1\"")
                try sandbox.writeConfig(feeds: [("news", server.url(path), [])])
                #expect(try await sandbox.runOnce().ending == .exit(0))
                #expect(sandbox.articleNames().count == 3)

                // Two items added, a new ETag: exactly those two are new.
                await server.feed(path, RSSDocument.make(items: RSSDocument.keyed("p", 1...5)), etag: "\"e2\"")
                #expect(try await sandbox.runOnce().ending == .exit(0))
                #expect(sandbox.articleNames().count == 5)

                // The first three drop out of the feed, then come back with one really new item:
                // an item once written is never written again (README "Identity").
                await server.feed(path, RSSDocument.make(items: RSSDocument.keyed("p", 4...5)), etag: "\"e3\"")
                #expect(try await sandbox.runOnce().ending == .exit(0))
                #expect(sandbox.articleNames().count == 5)
                await server.feed(path, RSSDocument.make(items: RSSDocument.keyed("p", 1...6)), etag: "\"e4\"")
                #expect(try await sandbox.runOnce().ending == .exit(0))

                let guids = try sandbox.articles().map(\.guid)
                #expect(occurrences(guids) == ["p-1": 1, "p-2": 1, "p-3": 1, "p-4": 1, "p-5": 1, "p-6": 1])
                #expect(await server.requests(to: path).map(\.status) == [200, 200, 200, 200])
            }
        }

        /// The same story (same link and title) in two feeds under different guids: written
        /// once with `cross_feed = yes`, once per feed with `cross_feed = no`.
        @Test(arguments: [("yes", 1), ("no", 2)])
        func sameStoryInTwoFeeds(crossFeed: String, copies: Int) async throws {
            try await withCrawlSetup { sandbox, server in
                let story = RSSItem(guid: nil, title: "Same story", link: "http://news.example/same", description: nil)
                var one = story
                one.guid = "one-shared"
                var two = story
                two.guid = "two-shared"
                await server.feed("/one.xml", RSSDocument.make(items: [one] + RSSDocument.keyed("one", 1...2)))
                await server.feed("/two.xml", RSSDocument.make(items: [two] + RSSDocument.keyed("two", 1...2)))
                try sandbox.writeConfig(crawler: ["cross_feed = \(crossFeed)"], feeds: [
                    ("one", server.url("/one.xml"), []), ("two", server.url("/two.xml"), []),
                ])
                #expect(try await sandbox.runOnce().ending == .exit(0))
                // Polled again: still no second copy (the store, not only the batch, knows it).
                #expect(try await sandbox.runOnce().ending == .exit(0))

                let articles = try sandbox.articles()
                #expect(articles.filter { $0.title == "Same story" }.count == copies)
                #expect(articles.count == 4 + copies)
            }
        }

        /// Identity rule 4 (README): no guid and no link → a hash of the document URL, title,
        /// date and body, stable across polls.
        @Test func entryWithoutGuidOrLinkIsWrittenOnce() async throws {
            try await withCrawlSetup { sandbox, server in
                let bare = RSSItem(guid: nil, title: "No guid, no link", link: nil,
                                   description: "Only text.", pubDate: "Tue, 10 Jun 2003 04:00:00 GMT")
                await server.feed("/bare.xml", RSSDocument.make(items: [bare]))
                try sandbox.writeConfig(feeds: [("bare", server.url("/bare.xml"), [])])
                #expect(try await sandbox.runOnce().ending == .exit(0))
                #expect(try await sandbox.runOnce().ending == .exit(0))
                let articles = try sandbox.articles()
                #expect(articles.map(\.title) == ["No guid, no link"])
                #expect(await server.requests(to: "/bare.xml").map(\.status) == [200, 200])
            }
        }

        /// The file format (docs/entry.schema.json plus the crawler's keys): JSON parsed by
        /// Foundation, keys in the documented order, one line, names sorting in write order.
        /// With stderr on a terminal, `run --once` keeps one progress line up to date ("\r" and
        /// the counts) and ends it before the summary. script(1) gives the crawler a
        /// pseudo-terminal and copies what it printed to a file.
        @Test func progressLineOnATerminal() async throws {
            try await withCrawlSetup { sandbox, server in
                await server.feed("/a.xml", RSSDocument.make(items: RSSDocument.keyed("t", 1...2)))
                await server.feed("/b.xml", RSSDocument.make(items: RSSDocument.keyed("u", 1...1)))
                try sandbox.writeConfig(feeds: [("a", server.url("/a.xml"), []), ("b", server.url("/b.xml"), [])])
                let transcript = sandbox.root.appendingPathComponent("tty.out")
                FileManager.default.createFile(atPath: transcript.path, contents: nil)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
                process.arguments = ["-q", "-e", "-c", "'\(CrawlerProcess.binary)' run --config '\(sandbox.configPath)' --once",
                                     "/dev/null"]
                process.currentDirectoryURL = sandbox.root
                process.standardInput = FileHandle.nullDevice
                process.standardOutput = try FileHandle(forWritingTo: transcript)
                process.standardError = FileHandle.nullDevice
                try process.run()
                let deadline = ContinuousClock.now + .seconds(30)
                while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
                let text = try String(contentsOf: transcript, encoding: .utf8)
                #expect(process.terminationStatus == 0, "\(text)")
                #expect(text.contains("\r2/2 feeds, 3 new articles \r\n"), "\(text.debugDescription)")
                #expect(text.contains("feeds: 2 fetched, 0 not modified, 0 failed; 3 new articles"), "\(text)")
                // Not on a terminal (every other test): no progress line.
                let plain = try await sandbox.runOnce()
                #expect(!plain.stderr.contains("\r"))
            }
        }

        @Test func outputFileFormat() async throws {
            try await withCrawlSetup { sandbox, server in
                let first = RSSDocument.make(title: "Format channel", link: "http://news.example/home",
                                             items: RSSDocument.keyed("f", 1...3))
                await server.feed("/format.xml", first, etag: "\"f1\"")
                try sandbox.writeConfig(feeds: [("format", server.url("/format.xml"), [])])
                #expect(try await sandbox.runOnce().ending == .exit(0))
                await server.feed("/format.xml", RSSDocument.make(title: "Format channel", link: "http://news.example/home",
                                                                   items: RSSDocument.keyed("f", 1...4)), etag: "\"f2\"")
                #expect(try await sandbox.runOnce().ending == .exit(0))

                #expect(sandbox.tempNames() == [])
                #expect(sandbox.outputNames().count == 4)
                let articles = try sandbox.articles()
                // Byte order of the names is write order: document order, then the later run.
                #expect(articles.map(\.guid) == ["f-1", "f-2", "f-3", "f-4"])

                let entryKeys = ["id", "guid", "url", "title", "authors", "published", "updated", "summary",
                                 "content_html", "content_text", "categories", "enclosures", "comments", "language"]
                let article = try #require(articles.first)
                #expect(Set(article.json.keys) == Set(["schema_version"] + entryKeys + ["feed", "fetched_at"]))
                #expect(article.json["schema_version"] as? Int == 1)
                #expect(article.json["guid"] as? String == "f-1")
                #expect(article.json["url"] as? String == "http://news.example/f-1")
                #expect(article.json["title"] as? String == "Title f-1")
                #expect(article.json["summary"] as? String == "Body of f-1.")
                #expect(article.json["published"] as? String == "2003-06-10T04:00:00Z")
                #expect(article.json["updated"] is NSNull)
                #expect((article.json["authors"] as? [Any])?.isEmpty == true)
                let feed = try #require(article.json["feed"] as? [String: Any])
                #expect(Set(feed.keys) == ["name", "url", "title", "link"])
                #expect(feed["name"] as? String == "format")
                #expect(feed["url"] as? String == server.url("/format.xml"))
                #expect(feed["title"] as? String == "Format channel")
                #expect(feed["link"] as? String == "http://news.example/home")
                // RFC 3339 UTC with milliseconds: 2026-11-27T10:22:33.123Z.
                let fetchedAt = try #require(article.json["fetched_at"] as? String)
                #expect(fetchedAt.utf8.count == 24 && fetchedAt.hasSuffix("Z") && Array(fetchedAt.utf8)[10] == UInt8(ascii: "T"))

                // Key order in the bytes: schema_version, the ENTRY keys, feed, fetched_at.
                let order = (["schema_version"] + entryKeys + ["feed", "fetched_at"]).map { key in
                    article.raw.range(of: "\"\(key)\":").map { article.raw.distance(from: article.raw.startIndex, to: $0.lowerBound) } ?? -1
                }
                #expect(!order.contains(-1) && order == order.sorted())
                #expect(article.raw.hasPrefix("{\"schema_version\":1,"))

                for article in articles {
                    // One line per file, ending in "\n" (JSON Lines when concatenated).
                    #expect(article.raw.hasSuffix("}\n"))
                    #expect(article.raw.dropLast().contains("\n") == false)
                    // `<YYYYMMDDTHHMMSS.ffffffZ>-<id>.json`, the id being the article's.
                    let id = try #require(article.json["id"] as? String)
                    #expect(id.utf8.count == 32)
                    #expect(article.fileName.hasSuffix("Z-\(id).json"))
                    #expect(article.fileName.utf8.count == "20261127T102233.123456Z-".utf8.count + 32 + ".json".utf8.count)
                }
            }
        }
    }
}
