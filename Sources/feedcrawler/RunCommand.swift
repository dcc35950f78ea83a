import ArgumentParser
import Crawler
import Logging

/// `feedcrawler run --config FILE [--once]`: the daemon, or one pass over every feed.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Poll the feeds in feeds.conf and write every new article once.",
        discussion: """
        Exit status: 0 all feeds fine; 1 some feeds failed (--once; the others were written); \
        73 the output directory or state file is not usable; 78 invalid configuration.
        Signals: SIGTERM/SIGINT stop cleanly, SIGHUP reloads the configuration.
        """
    )

    @OptionGroup var common: CommonOptions

    @Flag(help: "Poll every feed once regardless of due times, write, and exit.")
    var once = false

    func run() async throws {
        let config = try common.loadConfig()
        let logger = common.makeLogger()
        let runner = CrawlRunner(config: config, configPath: common.config, once: once, logger: logger,
                                 environment: ProcessEnvironment.current)
        let status = await runner.run()
        if status != .ok { throw ExitCode(status.rawValue) }
    }
}
