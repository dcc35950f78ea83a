import Foundation
import Testing

/// `feedcrawler parse` as a process: JSON Lines in input order, `--files-from` lists.
@Suite struct ParseCommandTests {
    struct Run {
        var status: Int32
        var lines: [[String: Any]]
    }

    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ParseProcess.binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(stdin ?? Data())
        try input.fileHandleForWriting.close()
        // Read before waiting: a full pipe would block the child.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = try data.split(separator: UInt8(ascii: "\n")).map {
            try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
        }
        return Run(status: process.terminationStatus, lines: lines)
    }

    static func withFiles(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parse-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["a", "b", "c"] {
            try Data("<rss version=\"2.0\"><channel><title>\(name)</title><item><title>\(name)1</title></item></channel></rss>".utf8)
                .write(to: directory.appendingPathComponent("\(name).xml"))
        }
        try Data("<html><body>not a feed</body></html>".utf8).write(to: directory.appendingPathComponent("page.html"))
        try body(directory)
    }

    @Test func filesFromListComeFirstThenArguments() throws {
        try Self.withFiles { dir in
            let list = dir.appendingPathComponent("list")
            try Data("\(dir.path)/b.xml\n\n\(dir.path)/page.html\n\(dir.path)/a.xml\n".utf8).write(to: list)
            let run = try Self.run(["parse", "--files-from", list.path, dir.path + "/c.xml"])
            #expect(run.lines.map { $0["file"] as? String } == ["b.xml", "page.html", "a.xml", "c.xml"].map { dir.path + "/" + $0 })
            #expect(run.lines.map { ($0["feed"] as? [String: Any])?["title"] as? String } == ["b", nil, "a", "c"])
            #expect(run.lines[1]["error"] is String)
            #expect(run.status == 1)  // one input was not a feed
        }
    }

    @Test func filesFromStandardInput() throws {
        try Self.withFiles { dir in
            let run = try Self.run(["parse", "--files-from", "-"], stdin: Data("\(dir.path)/a.xml\n\(dir.path)/c.xml".utf8))
            #expect(run.lines.map { ($0["feed"] as? [String: Any])?["title"] as? String } == ["a", "c"])
            #expect(run.status == 0)
        }
    }

    /// One input: no "file" key, as before; with no input named, standard input is the feed.
    @Test func singleInputHasNoFileKey() throws {
        let run = try Self.run(["parse"], stdin: Data("<rss version=\"2.0\"><channel><title>s</title></channel></rss>".utf8))
        #expect(run.lines.count == 1)
        #expect(run.lines[0]["file"] == nil)
        #expect((run.lines[0]["feed"] as? [String: Any])?["title"] as? String == "s")
    }

    @Test func unreadableListIsAUsageError() throws {
        let run = try Self.run(["parse", "--files-from", "/nonexistent/list"])
        #expect(run.status == 64)
        #expect(run.lines.isEmpty)
    }
}
