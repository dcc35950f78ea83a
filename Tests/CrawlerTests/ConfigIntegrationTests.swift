import Foundation
import Testing

extension CrawlerIntegration {
    /// feeds.conf errors reach the user as `FILE:LINE: message` and exit 78 (EX_CONFIG,
    /// sysexits.h); `check` on a good file lists the feeds.
    @Suite struct ConfigCommands {
        static let badConfig = """
            [crawler]
            output = ./out
            interval = soon
            [feed a]
            url = http://127.0.0.1:9/a.xml

            """

        @Test(arguments: [["run", "--once"], ["check"]])
        func badLineExits78WithFileAndLine(command: [String]) async throws {
            let sandbox = try CrawlSandbox()
            defer { sandbox.remove() }
            try sandbox.writeConfigText(Self.badConfig)
            let run = try await CrawlerProcess.run(
                [command[0], "--config", sandbox.configPath] + command.dropFirst(), in: sandbox.root)
            #expect(run.ending == .exit(78))
            // GNU error format (https://www.gnu.org/prep/standards/html_node/Errors.html): the
            // bad value is on line 3.
            #expect(run.stderr.contains("\(sandbox.configPath):3: "), "\(run.stderr)")
            // Nothing was created for a config that was refused.
            #expect(!FileManager.default.fileExists(atPath: sandbox.outputPath))
        }

        /// An output path that cannot be a directory: 73 (EX_CANTCREAT), before any fetch.
        @Test func unusableOutputExits73() async throws {
            let sandbox = try CrawlSandbox()
            defer { sandbox.remove() }
            try Data("not a directory".utf8).write(to: URL(fileURLWithPath: sandbox.outputPath))
            try sandbox.writeConfig(feeds: [("alpha", "http://127.0.0.1:9/alpha.xml", [])])
            let run = try await sandbox.runOnce()
            #expect(run.ending == .exit(73))
            #expect(run.stderr.contains("output directory is not usable"), "\(run.stderr)")
        }

        @Test func checkOnGoodConfigListsTheFeeds() async throws {
            let sandbox = try CrawlSandbox()
            defer { sandbox.remove() }
            try sandbox.writeConfig(feeds: [
                ("alpha", "http://127.0.0.1:9/alpha.xml", []),
                ("beta", "http://127.0.0.1:9/beta.xml", ["enabled = no"]),
            ])
            let check = try await sandbox.check()
            #expect(check.ending == .exit(0), "\(check.stderr)")
            #expect(check.stdout.contains("OK, 2 feeds (1 enabled)"))
            let lines = check.stdout.split(separator: "\n")
            #expect(lines.contains { $0.contains("alpha") && $0.contains("http://127.0.0.1:9/alpha.xml") })
            #expect(lines.contains { $0.contains("beta") && $0.contains("http://127.0.0.1:9/beta.xml") && $0.contains("[disabled]") })
            // check never crawls: no output directory, no state.
            #expect(!FileManager.default.fileExists(atPath: sandbox.outputPath))
        }
    }
}
