import ArgumentParser
import Crawler

/// `feedcrawler check --config FILE`: validates the configuration and prints a summary,
/// with each feed's last known state when the state database can be read.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate feeds.conf and print a summary (exit 78 when invalid)."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let config = try common.loadConfig()
        print(ConfigSummary.render(config, states: ConfigSummary.readStates(config)))
    }
}
