import FeedParser
import Foundation
import Testing

import Crawler

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The output directory writer, on real directories under /tmp (and on small tmpfs mounts for
/// a full and a read-only file system). Clocks are injected, so names are known in advance;
/// every expected name and JSON text below is written by hand from the contract (issue:
/// "Per new article one file `<output>/<UTC timestamp>-<id>.json`").
@Suite struct ArticleWriterTests {
    /// 2026-11-27T10:22:33Z (`date -u -d 2026-11-27T10:22:33Z +%s` = 1795774953) + 0.123456 s.
    static let instant: Int64 = 1_795_774_953_123_456
    static let id1 = "0123456789abcdef0123456789abcdef"
    static let id2 = "fedcba9876543210fedcba9876543210"
    static let id3 = "00000000000000000000000000000003"
    static let feed = FeedRef(name: "example", url: "https://example.org/feed.xml", title: "Example", link: nil)

    // MARK: File content

    @Test func publishedFileHoldsTheEntryKeysBetweenSchemaVersionAndFeed() throws {
        let dir = try ScratchDirectory()
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        let entry = Entry(
            id: Self.id1, guid: "g1", url: "https://example.org/a", title: "Tab\there \"quoted\" \u{01}",
            authors: [Person(name: "Joe")], published: 1_795_774_953, contentHTML: "<p>x</p>", contentText: "x",
            categories: ["news"], enclosures: [Enclosure(url: "https://example.org/a.mp3", type: "audio/mpeg", length: 1234)],
            language: "en")
        let article = try writer.stage(entry: entry, key: key(Self.id1), feed: Self.feed, fetchedAt: 1_795_774_953_789)
        try writer.syncStaged()
        try writer.publish([article])

        #expect(article.fileName == "20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json")
        #expect(article.tempName == ".tmp-20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json.part")
        #expect(article.feedName == "example")
        #expect(article.seenAt == 1_795_774_953_789)
        // Order: schema_version, the ENTRY keys (docs/entry.schema.json order), feed, fetched_at;
        // one line ending in "\n"; TAB and U+0001 escaped.
        let expected = #"{"schema_version":1,"id":"0123456789abcdef0123456789abcdef","guid":"g1","url":"https://example.org/a","#
            + #""title":"Tab\there \"quoted\" \u0001","authors":[{"name":"Joe","email":null,"uri":null}],"#
            + #""published":"2026-11-27T10:22:33Z","updated":null,"summary":null,"content_html":"<p>x</p>","#
            + #""content_text":"x","categories":["news"],"#
            + #""enclosures":[{"url":"https://example.org/a.mp3","type":"audio/mpeg","length":1234}],"#
            + #""comments":null,"language":"en","#
            + #""feed":{"name":"example","url":"https://example.org/feed.xml","title":"Example","link":null},"#
            + #""fetched_at":"2026-11-27T10:22:33.789Z"}"# + "\n"
        #expect(try dir.read(article.fileName) == expected)
    }

    @Test func fetchedAtKeepsMillisecondsWithLeadingZeros() throws {
        let dir = try ScratchDirectory()
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        // 1999-12-31T23:59:59Z (= 946684799) + 7 ms.
        let article = try writer.stage(entry: Entry(id: Self.id1), key: key(Self.id1), feed: Self.feed, fetchedAt: 946_684_799_007)
        try writer.publish([article])
        #expect(try dir.read(article.fileName).hasSuffix(#","fetched_at":"1999-12-31T23:59:59.007Z"}"# + "\n"))
    }

    // MARK: Names

    /// `YYYYMMDDTHHMMSS.ffffffZ`, UTC, microseconds zero-padded.
    @Test(arguments: [
        (Int64(0), "19700101T000000.000000Z"),
        (1_795_774_953_123_456, "20261127T102233.123456Z"),
        // 2000-02-29T23:59:59Z (= 951868799), a leap day, + 1 µs.
        (951_868_799_000_001, "20000229T235959.000001Z"),
        // 1999-12-31T23:59:59.999999Z
        (946_684_799_999_999, "19991231T235959.999999Z"),
    ])
    func fileNameIsTheUTCTimestampThenTheID(micros: Int64, stamp: String) throws {
        let dir = try ScratchDirectory()
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: -1, clock: { micros })
        let article = try writer.stage(entry: Entry(id: Self.id2), key: key(Self.id2), feed: Self.feed, fetchedAt: 0)
        #expect(article.fileName == stamp + "-fedcba9876543210fedcba9876543210.json")
        #expect(writer.lastTimestamp == micros)
    }

    @Test func namesIncreaseByOneMicrosecondWhenTheClockStandsStill() throws {
        let dir = try ScratchDirectory()
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        let names = try [Self.id1, Self.id2, Self.id3].map { id in
            try writer.stage(entry: Entry(id: id), key: key(id), feed: Self.feed, fetchedAt: 0).fileName
        }
        #expect(names == [
            "20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json",
            "20261127T102233.123457Z-fedcba9876543210fedcba9876543210.json",
            "20261127T102233.123458Z-00000000000000000000000000000003.json",
        ])
        #expect(writer.lastTimestamp == 1_795_774_953_123_458)
    }

    @Test func namesKeepIncreasingWhenTheClockStepsBack() throws {
        let dir = try ScratchDirectory()
        // Now, then 5 s earlier (an NTP step), then 1 µs before the first reading.
        let readings = ClockReadings([Self.instant, Self.instant - 5_000_000, Self.instant - 1])
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: readings.next)
        let names = try [Self.id1, Self.id2, Self.id3].map { id in
            try writer.stage(entry: Entry(id: id), key: key(id), feed: Self.feed, fetchedAt: 0).fileName
        }
        #expect(names == [
            "20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json",
            "20261127T102233.123457Z-fedcba9876543210fedcba9876543210.json",
            "20261127T102233.123458Z-00000000000000000000000000000003.json",
        ])
        #expect(names == names.sorted())
    }

    @Test func namesContinueAfterTheLastTimestampOfThePreviousRun() throws {
        let dir = try ScratchDirectory()
        // The store says a file was named 10 µs after what the clock reads now.
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: Self.instant + 10, clock: { Self.instant })
        let article = try writer.stage(entry: Entry(id: Self.id1), key: key(Self.id1), feed: Self.feed, fetchedAt: 0)
        #expect(article.fileName == "20261127T102233.123467Z-0123456789abcdef0123456789abcdef.json")
        #expect(writer.lastTimestamp == 1_795_774_953_123_467)
    }

    @Test(arguments: ["../../etc/passwd", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef", ""])
    func anIDThatIsNot32LowercaseHexDigitsIsRefused(id: String) throws {
        let dir = try ScratchDirectory()
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        let error = try #require(throws: OutputError.self) {
            try writer.stage(entry: Entry(id: id), key: key(id), feed: Self.feed, fetchedAt: 0)
        }
        #expect(error.operation == "name")
        #expect(error.errno == EINVAL)
        #expect(try dir.names() == [])
    }

    // MARK: Staging, publishing, discarding

    @Test func stagedFilesAreHiddenAndNotJSONUntilPublished() throws {
        let dir = try ScratchDirectory()
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        let articles = try [Self.id1, Self.id2].map { id in
            try writer.stage(entry: Entry(id: id), key: key(id), feed: Self.feed, fetchedAt: 0)
        }
        try writer.syncStaged()
        #expect(try dir.names() == [
            ".tmp-20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json.part",
            ".tmp-20261127T102233.123457Z-fedcba9876543210fedcba9876543210.json.part",
        ])
        try writer.publish(articles)
        #expect(try dir.names() == [
            "20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json",
            "20261127T102233.123457Z-fedcba9876543210fedcba9876543210.json",
        ])
        #expect(try dir.read(articles[1].fileName).hasPrefix(#"{"schema_version":1,"id":"fedcba9876543210fedcba9876543210","#))
    }

    @Test func discardStagedRemovesTheTempFiles() throws {
        let dir = try ScratchDirectory()
        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        let first = try writer.stage(entry: Entry(id: Self.id1), key: key(Self.id1), feed: Self.feed, fetchedAt: 0)
        try writer.publish([first])
        _ = try writer.stage(entry: Entry(id: Self.id2), key: key(Self.id2), feed: Self.feed, fetchedAt: 0)
        _ = try writer.stage(entry: Entry(id: Self.id3), key: key(Self.id3), feed: Self.feed, fetchedAt: 0)
        writer.discardStaged()
        // The published file stays; both temps are gone.
        #expect(try dir.names() == ["20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json"])
    }

    // MARK: Recovery

    @Test func recoverRenamesLeftoverTempsAndReportsDeliveredAndMissing() throws {
        let dir = try ScratchDirectory()
        let batch: [PendingArticle]
        do {
            let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
            batch = try [Self.id1, Self.id2, Self.id3].map { id in
                try writer.stage(entry: Entry(id: id), key: key(id), feed: Self.feed, fetchedAt: 0)
            }
            try writer.syncStaged()
            // The crash: after the batch was committed and the first file renamed.
            try writer.publish([batch[0]])
        }
        let neverWritten = PendingArticle(
            key: key("0000000000000000000000000000dead"), feedName: "example",
            fileName: "20261127T102233.999999Z-0000000000000000000000000000dead.json",
            tempName: ".tmp-20261127T102233.999999Z-0000000000000000000000000000dead.json.part", seenAt: 0)

        let restarted = try ArticleWriter(directory: dir.path, lastTimestamp: Self.instant + 2)
        let report = try restarted.recover(batch + [neverWritten])

        #expect(report == RecoveryReport(renamed: [batch[1], batch[2]], alreadyDelivered: [batch[0]], missing: [neverWritten]))
        #expect(try dir.names() == [
            "20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json",
            "20261127T102233.123457Z-fedcba9876543210fedcba9876543210.json",
            "20261127T102233.123458Z-00000000000000000000000000000003.json",
        ])
        // Recovering again (a crash during recovery) changes nothing and finds all delivered.
        let again = try restarted.recover(batch)
        #expect(again == RecoveryReport(alreadyDelivered: batch))
    }

    @Test func removeOrphanTempsDeletesUnlistedTempsOnly() throws {
        let dir = try ScratchDirectory()
        let staged: [PendingArticle]
        do {
            let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
            staged = try [Self.id1, Self.id2, Self.id3].map { id in
                try writer.stage(entry: Entry(id: id), key: key(id), feed: Self.feed, fetchedAt: 0)
            }
        }
        // Not ours: no ".part" suffix, not a temp at all, a directory with our pattern.
        try dir.write(".tmp-editor-swap", "keep")
        try dir.write("notes.txt", "keep")
        try FileManager.default.createDirectory(atPath: dir.path + "/.tmp-dir.part", withIntermediateDirectories: false)

        let restarted = try ArticleWriter(directory: dir.path, lastTimestamp: Self.instant + 2)
        let removed = try restarted.removeOrphanTemps(keeping: [staged[1].tempName])

        #expect(removed == 2)
        #expect(try dir.names() == [
            ".tmp-20261127T102233.123457Z-fedcba9876543210fedcba9876543210.json.part",
            ".tmp-dir.part",
            ".tmp-editor-swap",
            "notes.txt",
        ])
    }

    // MARK: Safety

    @Test func symlinkPlantedAtTheFinalNameIsNotFollowedNorReplaced() throws {
        let dir = try ScratchDirectory()
        let finalName = "20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json"
        let planted = try PlantedSymlink(in: dir, named: finalName)

        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        let article = try writer.stage(entry: Entry(id: Self.id1), key: key(Self.id1), feed: Self.feed, fetchedAt: 0)
        try writer.syncStaged()
        let error = try #require(throws: OutputError.self) { try writer.publish([article]) }

        #expect(error.operation == "rename")
        #expect(error.errno == EEXIST)
        #expect(error.description == "output directory \(dir.path): rename(\(article.tempName)): File exists (EEXIST)")
        try planted.expectUntouched()
    }

    @Test func symlinkPlantedAtTheTempNameFailsTheWrite() throws {
        let dir = try ScratchDirectory()
        let tempName = ".tmp-20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json.part"
        let planted = try PlantedSymlink(in: dir, named: tempName)

        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0, clock: { Self.instant })
        let error = try #require(throws: OutputError.self) {
            try writer.stage(entry: Entry(id: Self.id1), key: key(Self.id1), feed: Self.feed, fetchedAt: 0)
        }
        // O_CREAT|O_EXCL fails on any existing name, a dangling or live symlink included.
        #expect(error.operation == "open")
        #expect(error.errno == EEXIST)
        #expect(error.path == dir.path + "/" + tempName)
        try planted.expectUntouched()
        // The failed name is not reused: the next article gets the next microsecond.
        let next = try writer.stage(entry: Entry(id: Self.id2), key: key(Self.id2), feed: Self.feed, fetchedAt: 0)
        #expect(next.fileName == "20261127T102233.123457Z-fedcba9876543210fedcba9876543210.json")
    }

    @Test func recoverRefusesToMoveASymlinkIntoAFinalName() throws {
        let dir = try ScratchDirectory()
        let article = PendingArticle(
            key: key(Self.id1), feedName: "example",
            fileName: "20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json",
            tempName: ".tmp-20261127T102233.123456Z-0123456789abcdef0123456789abcdef.json.part", seenAt: 0)
        let planted = try PlantedSymlink(in: dir, named: article.tempName)

        let writer = try ArticleWriter(directory: dir.path, lastTimestamp: 0)
        let error = try #require(throws: OutputError.self) { try writer.recover([article]) }
        #expect(error.errno == ELOOP)
        #expect(try dir.names() == [article.tempName])
        try planted.expectUntouched()
    }

    @Test func missingDirectoryIsCreatedWithParentsMode0755AndFilesGet0644() throws {
        let dir = try ScratchDirectory()
        let output = dir.path + "/var/lib/articles"
        let writer = try ArticleWriter(directory: output, lastTimestamp: 0, clock: { Self.instant })
        let article = try writer.stage(entry: Entry(id: Self.id1), key: key(Self.id1), feed: Self.feed, fetchedAt: 0)
        try writer.publish([article])

        // The process umask applies (as for any mkdir/open); read it without changing it.
        let umask = try processUmask()
        #expect(try permissions(dir.path + "/var") == 0o755 & ~umask)
        #expect(try permissions(output) == 0o755 & ~umask)
        #expect(try permissions(output + "/" + article.fileName) == 0o644 & ~umask)
        // Never world-writable, whatever the umask.
        #expect(try permissions(output + "/" + article.fileName) & 0o002 == 0)
    }

    @Test func configuredDirectoryMayBeASymlinkToADirectory() throws {
        let dir = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/real", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link", withDestinationPath: dir.path + "/real")
        let writer = try ArticleWriter(directory: dir.path + "/link", lastTimestamp: 0, clock: { Self.instant })
        let article = try writer.stage(entry: Entry(id: Self.id1), key: key(Self.id1), feed: Self.feed, fetchedAt: 0)
        try writer.publish([article])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/real") == [article.fileName])
    }

    @Test func configuredPathThatIsAFileIsRefused() throws {
        let dir = try ScratchDirectory()
        try dir.write("plain", "")
        let error = try #require(throws: OutputError.self) {
            try ArticleWriter(directory: dir.path + "/plain", lastTimestamp: 0)
        }
        #expect(error.errno == ENOTDIR)
        #expect(error.description == "output directory \(dir.path)/plain: open(\(dir.path)/plain): Not a directory (ENOTDIR)")
    }

    @Test func errorDescriptionNamesDirectoryCallFileAndErrno() {
        let error = OutputError(directory: "/x/articles", file: ".tmp-a.json.part", operation: "open", errno: EACCES)
        #expect(error.description == "output directory /x/articles not writable: open(.tmp-a.json.part): Permission denied (EACCES)")
        #expect(error.path == "/x/articles/.tmp-a.json.part")
    }

    // MARK: Full and read-only file systems (real tmpfs mounts; needs CAP_SYS_ADMIN)

    /// ENOSPC for real: a 64 KiB tmpfs. (chmod cannot make a directory unwritable for root,
    /// and these tests run as root in CI, so a real mount is the honest way to get the errno.)
    // Needs CAP_SYS_ADMIN to mount (CI and development run as root): a failed mount fails the
    // test rather than skipping it.
    @Test
    func fullFileSystemThrowsENOSPCAndLeavesNoPartialFile() throws {
        let mount = try TinyTmpfs(options: "size=64k")
        let writer = try ArticleWriter(directory: mount.path, lastTimestamp: 0, clock: { Self.instant })
        // 16 KiB of content per file: the fifth file at the latest cannot fit in 64 KiB.
        let body = String(repeating: "x", count: 16 * 1024)
        var staged = 0
        let error = try #require(throws: OutputError.self) {
            for id in (1...8).map({ String(repeating: "0", count: 31) + String($0) }) {
                _ = try writer.stage(entry: Entry(id: id, contentText: body), key: key(id), feed: Self.feed, fetchedAt: 0)
                staged += 1
            }
        }
        #expect(error.errno == ENOSPC)
        #expect(error.description.hasPrefix("output directory \(mount.path) full: "))
        #expect(error.description.hasSuffix(": No space left on device (ENOSPC)"))
        #expect(staged >= 1 && staged < 4)
        // Only the complete temps of the articles staged before the failure are there.
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.path).count == staged)
        writer.discardStaged()
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.path) == [])
    }

    // Needs CAP_SYS_ADMIN to mount (CI and development run as root): a failed mount fails the
    // test rather than skipping it.
    @Test
    func readOnlyFileSystemIsRefusedAtStartUp() throws {
        let mount = try TinyTmpfs(options: "size=64k", readOnly: true)
        let error = try #require(throws: OutputError.self) {
            try ArticleWriter(directory: mount.path, lastTimestamp: 0)
        }
        #expect(error.errno == EROFS)
        #expect(error.description == "output directory \(mount.path) not writable: access(\(mount.path)): Read-only file system (EROFS)")
    }

    // MARK: Helpers

    private func key(_ id: String) -> ArticleKey { ArticleKey(id: id, normalizedURL: nil, title: nil) }

    private func permissions(_ path: String) throws -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
        return info.st_mode & 0o7777
    }

    /// The `Umask:` line of /proc/self/status (Linux 4.7+): calling umask() would change it for
    /// every test running in parallel.
    private func processUmask() throws -> mode_t {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
        return try #require(mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8))
    }
}

/// A clock that returns the given readings in turn (the last one from then on).
private final class ClockReadings: @unchecked Sendable {
    private var readings: [Int64]
    init(_ readings: [Int64]) { self.readings = readings }
    func next() -> Int64 { readings.count > 1 ? readings.removeFirst() : readings[0] }
}

/// A fresh directory under /tmp, removed with everything in it when the value goes away.
private final class ScratchDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/feedcrawler-writer-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Sorted, hidden files included.
    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }

    func read(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: false, encoding: .utf8)
    }
}

/// A symlink an attacker planted in the output directory, pointing at a file outside it that
/// must stay as it was.
private struct PlantedSymlink {
    let link: String
    let outside: ScratchDirectory

    init(in dir: ScratchDirectory, named name: String) throws {
        outside = try ScratchDirectory()
        try outside.write("precious", "untouched\n")
        link = dir.path + "/" + name
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside.path + "/precious")
    }

    /// The target's content and the link itself are unchanged.
    func expectUntouched() throws {
        #expect(try outside.read("precious") == "untouched\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == outside.path + "/precious")
    }
}

/// A small tmpfs mounted on a scratch directory for one test, unmounted (lazily) after it.
private final class TinyTmpfs {
    private let mountPoint: ScratchDirectory
    var path: String { mountPoint.path }

    init(options: String, readOnly: Bool = false) throws {
        mountPoint = try ScratchDirectory()
        let flags = readOnly ? UInt(MS_RDONLY) : 0
        guard mount("tmpfs", mountPoint.path, "tmpfs", flags, options) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno)!)
        }
    }

    deinit { umount2(mountPoint.path, Int32(MNT_DETACH)) }

    /// Whether this process may mount (tried once, on a throwaway directory).
}
