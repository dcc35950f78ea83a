import Foundation
import Testing
@testable import FeedParser
#if canImport(Glibc)
import Glibc
#endif

/// Documents built to exhaust a parser: very deep, very long, very wide, very many, or
/// amplifying through entities. Each is generated here (nothing large is committed) and
/// must end in bounded time and memory with the outcome and warning written below; no
/// timing is asserted. The limits relied on are libxml2 2.9.14's defaults without
/// XML_PARSE_HUGE (parserInternals.h: xmlParserMaxDepth 256, XML_MAX_TEXT_LENGTH
/// 10,000,000), `XMLFeedBuilder.maxFieldBytes` (16 MiB) and `EntityScope.maxExpandedBytes`
/// (1 MiB); see docs/ and shim.h (`fc_feed_parse_options`: no HUGE, NOENT or DTDLOAD).
@Suite struct ParserLimitTests {
    /// An RSS 2.0 document around `items` (already serialised), UTF-8 bytes.
    static func rss(_ items: [UInt8], prolog: String = "") -> [UInt8] {
        Array("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\(prolog)<rss version=\"2.0\"><channel><title>Limits</title>\n".utf8)
            + items + Array("</channel></rss>\n".utf8)
    }

    static func item(_ guid: String, body: String = "Body.") -> [UInt8] {
        Array("<item><guid isPermaLink=\"false\">\(guid)</guid><title>T \(guid)</title><description>\(body)</description></item>\n".utf8)
    }

    static func parse(_ bytes: [UInt8]) throws -> ParseResult {
        try FeedParser.parse(bytes, documentURL: "http://limits.example/feed.xml")
    }

    static func hasWarning(_ result: ParseResult, _ text: String) -> Bool {
        result.warnings.contains { $0.contains(text) }
    }

    // MARK: Depth

    /// 100,000 nested elements inside an item's description. libxml2 stops at depth 256
    /// ("Excessive depth in document: 256 use XML_PARSE_HUGE option", parser.c
    /// xmlParseElementStart) and halts the parse: the items before are delivered, the deep
    /// one is left out as not closed, and nothing after it is read. With XML_PARSE_HUGE the
    /// depth check is skipped and all three items come out.
    @Test func deepNestingStopsAtLibxml2DepthLimit() throws {
        let depth = 100_000
        var deep = Array("<item><guid isPermaLink=\"false\">deep</guid><description>".utf8)
        deep.reserveCapacity(depth * 7 + 200)
        for _ in 0..<depth { deep.append(contentsOf: "<x>".utf8) }
        deep.append(contentsOf: "y".utf8)
        for _ in 0..<depth { deep.append(contentsOf: "</x>".utf8) }
        deep.append(contentsOf: "</description></item>\n".utf8)

        let result = try Self.parse(Self.rss(Self.item("before-1") + Self.item("before-2") + deep + Self.item("after")))
        #expect(result.entries.map(\.guid) == ["before-1", "before-2"])
        #expect(Self.hasWarning(result, "Excessive depth in document: 256"), "\(result.warnings)")
        #expect(Self.hasWarning(result, "entry not closed before the end of the document; skipped"), "\(result.warnings)")
    }

    // MARK: Length

    /// A 100 MB text node in a description. libxml2 hands plain character data to SAX in
    /// small pieces (no 10 MB limit applies to it), so the builder's field cap is what
    /// bounds it: the field is cut at 16 MiB with a warning, and the items before and after
    /// are parsed as usual.
    @Test func hundredMegabyteTextNodeIsCutAtTheFieldCap() throws {
        let size = 100 * 1024 * 1024
        var big = Array("<item><guid isPermaLink=\"false\">big</guid><description>".utf8)
        big += [UInt8](repeating: UInt8(ascii: "x"), count: size)
        big += Array("</description></item>\n".utf8)

        let result = try Self.parse(Self.rss(Self.item("before") + big + Self.item("after")))
        #expect(result.entries.map(\.guid) == ["before", "big", "after"])
        #expect(Self.hasWarning(result, "element longer than 16 MB; truncated"), "\(result.warnings)")
        let bigEntry = try #require(result.entries.first { $0.guid == "big" })
        let kept = bigEntry.summary?.utf8.count ?? 0
        // At most 16 MiB; libxml2 hands text over in pieces of a few hundred bytes, so the
        // cut falls within the last 64 KiB below the cap.
        #expect(kept <= 16 * 1024 * 1024)
        #expect(kept > 16 * 1024 * 1024 - 64 * 1024)
        #expect(result.entries.first { $0.guid == "after" }?.summary == "Body.")
    }

    /// The same 100 MB as one CDATA section: libxml2 reads a CDATA section whole and refuses
    /// it past XML_MAX_TEXT_LENGTH ("CData section too big found", parser.c xmlParseCDSect),
    /// then halts. The item before is kept, the big one is skipped, nothing huge is held.
    @Test func hundredMegabyteCDATAStopsAtLibxml2TextLimit() throws {
        let size = 100 * 1024 * 1024
        var big = Array("<item><guid isPermaLink=\"false\">big</guid><description><![CDATA[".utf8)
        big += [UInt8](repeating: UInt8(ascii: "x"), count: size)
        big += Array("]]></description></item>\n".utf8)

        let result = try Self.parse(Self.rss(Self.item("before") + big + Self.item("after")))
        #expect(result.entries.map(\.guid) == ["before"])
        #expect(Self.hasWarning(result, "CData section too big found"), "\(result.warnings)")
        #expect(Self.hasWarning(result, "entry not closed before the end of the document; skipped"), "\(result.warnings)")
    }

    // MARK: Count

    /// 100,000 items in one document: all delivered, in order, through the streaming
    /// callback in a single parse call (the test keeps only a count and the ends, so its own
    /// memory stays small). Guards against any silent cap or drop on entry count.
    @Test func hundredThousandEntriesAreAllDelivered() throws {
        let count = 100_000
        var document = Array("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Many</title>\n".utf8)
        document.reserveCapacity(count * 60 + 100)
        for i in 1...count {
            document += Array("<item><guid isPermaLink=\"false\">e\(i)</guid><title>E</title></item>\n".utf8)
        }
        document += Array("</channel></rss>\n".utf8)

        var delivered = 0
        var first: String?
        var last: String?
        var ids = Set<String>()
        var formats: [FeedFormat] = []
        let parsed = try document.withUnsafeBytes { raw in
            try FeedParser.parse(raw, documentURL: "http://limits.example/many.xml", onFormat: { formats.append($0) }) { entry in
                delivered += 1
                if first == nil { first = entry.guid }
                last = entry.guid
                ids.insert(entry.id)
            }
        }
        #expect(delivered == 100_000)
        #expect(ids.count == 100_000)
        #expect(first == "e1")
        #expect(last == "e100000")
        #expect(formats == [.rss20])
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    // MARK: Width

    /// 10,000 attributes on the item element and on an HTML element inside its description
    /// (RSS description with raw child elements is read as HTML markup). The parse completes,
    /// the item is read, and none of the attributes (nor the `onclick` hidden at the end of
    /// the list) reaches content_html: the sanitiser's allow-list keeps none of them.
    @Test func tenThousandAttributesOnOneElement() throws {
        var attributes = ""
        attributes.reserveCapacity(10_000 * 12)
        for i in 0..<9_999 { attributes += " a\(i)=\"v\"" }
        attributes += " onclick=\"alert(1)\""
        let item = "<item\(attributes)><guid isPermaLink=\"false\">wide</guid><title>Wide</title>"
            + "<description><p\(attributes)>ok</p></description></item>\n"

        let result = try Self.parse(Self.rss(Array(item.utf8) + Self.item("next")))
        #expect(result.entries.map(\.guid) == ["wide", "next"])
        let wide = try #require(result.entries.first)
        #expect(wide.contentHTML == "<p>ok</p>")
        #expect(wide.summary == "ok")
        #expect(wide.title == "Wide")
    }

    // MARK: Entities

    /// Quadratic blow-up: one internal entity of 1 KiB referenced 100,000 times (a 300 KB
    /// document that libxml2 with NOENT would expand to ~100 MB). EntityScope expands at most
    /// 1 MiB per document, i.e. exactly 1,024 of these references; the rest become nothing,
    /// with one "expansion budget" warning.
    @Test func quadraticBlowUpStopsAtTheExpansionBudget() throws {
        let kilobyte = String(repeating: "k", count: 1024)
        var references = ""
        references.reserveCapacity(100_000 * 3)
        for _ in 0..<100_000 { references += "&a;" }
        let prolog = "<!DOCTYPE rss [\n<!ENTITY a \"\(kilobyte)\">\n]>\n"
        let items = Self.item("quadratic", body: references) + Self.item("next")

        let result = try Self.parse(Self.rss(items, prolog: prolog))
        #expect(result.entries.map(\.guid) == ["quadratic", "next"])
        #expect(Self.hasWarning(result, "entity &a; declared in the DTD is not expanded (the expansion budget is spent)"),
                "\(result.warnings)")
        // 1,024 expansions of 1,024 bytes fill the 1 MiB budget. libxml2 also looks the
        // entity up once right after its declaration (parser.c xmlParseEntityDecl, "Ugly
        // mechanism to save the raw entity value"), which EntityScope may charge as one
        // expansion: 1,023 or 1,024 KiB, never more.
        let summary = try #require(result.entries[0].summary)
        #expect((1_047_552...1_048_576).contains(summary.utf8.count), "\(summary.utf8.count) bytes")
        #expect(summary.utf8.allSatisfy { $0 == UInt8(ascii: "k") })
    }

    /// libxml2 hands the raw value of every entity declaration to the entity `getEntity`
    /// returns for it (`cur->orig = orig`, parser.c xmlParseEntityDecl), and whoever frees that
    /// entity must free `orig`. One 2 MiB declaration parsed 40 times in one process (the
    /// daemon re-parses a feed on every poll) must not keep 40 × 2 MiB: the real binary's
    /// peak resident set (VmHWM, STYLE §8) stays within 40 MiB of a single parse's.
    @Test func entityDeclarationsDoNotAccumulateAcrossParses() throws {
        let value = String(repeating: "v", count: 2 * 1024 * 1024)
        let document = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY big \"\(value)\">\n]>\n"
            + "<rss version=\"2.0\"><channel><title>Leak</title><item><guid>g</guid><title>T</title></item></channel></rss>\n"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parser-leak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("entity.xml")
        try Data(document.utf8).write(to: file)

        let once = try ParseProcess.peakKiB(arguments: ["parse", file.path])
        let forty = try ParseProcess.peakKiB(arguments: ["parse"] + Array(repeating: file.path, count: 40))
        #expect(once > 0 && forty > 0)
        // Under `make test-sanitize` AddressSanitizer holds freed memory in quarantine (256 MB
        // by default) before reuse, so the footprint grows without a leak; LeakSanitizer checks
        // the same property more strictly there.
        let allowanceKiB = ProcessInfo.processInfo.environment["FEEDCRAWLER_SANITIZER"] == "address" ? 300 * 1024 : 40 * 1024
        #expect(forty - once < allowanceKiB, "one parse: \(once) KiB, forty: \(forty) KiB")
    }

    /// External parameter entity and external DTD subset: neither is loaded. Port 1 on
    /// 127.0.0.1 has no listener, so even a parser that tried would fetch nothing, but it
    /// would warn about the failed load; /etc/passwd exists on every Linux machine, so a
    /// parser that read it would show its "root:" line somewhere.
    @Test func externalParameterEntityAndExternalDTDAreNotLoaded() throws {
        let prolog = """
            <!DOCTYPE rss SYSTEM "http://127.0.0.1:1/x.dtd" [
              <!ENTITY % p SYSTEM "file:///etc/passwd">
              %p;
              <!ENTITY % remote SYSTEM "http://127.0.0.1:1/remote.dtd">
              %remote;
            ]>

            """
        let items = Self.item("safe", body: "Plain &amp; simple") + Self.item("next")
        let result = try Self.parse(Self.rss(items, prolog: prolog))
        #expect(result.entries.map(\.guid) == ["safe", "next"])
        #expect(result.entries[0].summary == "Plain & simple")

        var everything = result.warnings
        for e in result.entries {
            everything += [e.title, e.summary, e.contentHTML, e.contentText, e.guid].compactMap { $0 }
        }
        everything += [result.feed.title, result.feed.description].compactMap { $0 }
        #expect(!everything.contains { $0.contains("root:") }, "content of /etc/passwd in the output")
        // A load attempt, refused or failed, would name the URL in libxml2's warning
        // ("failed to load external entity", "Attempt to load network entity").
        #expect(!result.warnings.contains { $0.contains("x.dtd") || $0.contains("remote.dtd") || $0.contains("/etc/passwd") },
                "\(result.warnings)")
        #expect(!Self.hasWarning(result, "failed to load"), "\(result.warnings)")
    }
}

/// Runs the `feedcrawler` binary built next to the test bundle (as CrawlerProcess does in
/// CrawlerTests; FEEDCRAWLER_BINARY overrides it), output discarded, and reports its peak
/// resident set: VmHWM from /proc/PID/status (proc(5)), sampled until it exits. VmHWM only
/// grows, so the last sample is the peak unless it rose in the final few milliseconds.
enum ParseProcess {
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["FEEDCRAWLER_BINARY"] { return path }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("feedcrawler").path
    }()

    static func peakKiB(arguments: [String]) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var peak = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate(); break }
            if let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) {
                for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
                    peak = max(peak, Int(line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0)
                }
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return peak
    }
}
