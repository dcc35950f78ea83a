import ArgumentParser
import Crawler
import Logging

/// Options shared by `run` and `check`.
struct CommonOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The configuration file.")
    var config: String = "feeds.conf"

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    /// Prints "FILE:LINE: message" and exits 78 (EX_CONFIG) when the file is invalid.
    func loadConfig() throws -> CrawlerConfig {
        do {
            return try FeedsConf.load(path: config)
        } catch {
            StandardError.print(error.description)
            throw ExitCode(ExitStatus.config.rawValue)
        }
    }

    func makeLogger() -> Logger {
        let level = Logger.Level(rawValue: logLevel.lowercased()) ?? .info
        let environment = ProcessEnvironment.current
        LoggingSystem.bootstrap { label in
            JournalLogHandler(label: label, level: level, environment: environment)
        }
        return Logger(label: "feedcrawler")
    }
}
