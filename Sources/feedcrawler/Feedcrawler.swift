import ArgumentParser

@main
struct Feedcrawler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedcrawler",
        abstract: "Polls news feeds and writes every new article exactly once as a JSON file.",
        version: FeedcrawlerVersion.string,
        subcommands: [RunCommand.self, CheckCommand.self, ParseCommand.self]
    )
}

enum FeedcrawlerVersion {
    static let string = "0.1.0"
}
