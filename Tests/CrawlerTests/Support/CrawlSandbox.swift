import Foundation

/// One test's private directory: its feeds.conf, output directory and state database, and
/// ways to run the binary on them and read what it wrote. Removed by `remove()`.
struct CrawlSandbox {
    let root: URL
    var configPath: String { root.appendingPathComponent("feeds.conf").path }
    var outputPath: String { root.appendingPathComponent("out").path }

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("crawler-itest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes feeds.conf: a `[crawler]` section with `./out`, `./state/state.db`,
    /// `timeout = 10s` (unless `crawler` sets one) plus `crawler` lines, then one `[feed NAME]` per feed with its url and extra lines.
    func writeConfig(crawler: [String] = [], feeds: [(name: String, url: String, extra: [String])]) throws {
        var text = "[crawler]\noutput = ./out\nstate = ./state/state.db\n"
        // A short default so a test never waits a minute; `crawler` may set its own.
        if !crawler.contains(where: { $0.hasPrefix("timeout") }) { text += "timeout = 10s\n" }
        for line in crawler { text += line + "\n" }
        for feed in feeds {
            text += "\n[feed \(feed.name)]\nurl = \(feed.url)\n"
            for line in feed.extra { text += line + "\n" }
        }
        try writeConfigText(text)
    }

    func writeConfigText(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
    }

    /// `feedcrawler run --config feeds.conf --once`.
    func runOnce(environment: [String: String] = [:]) async throws -> CrawlerProcess.Finished {
        try await CrawlerProcess.run(["run", "--config", configPath, "--once"], in: root, environment: environment)
    }

    func check() async throws -> CrawlerProcess.Finished {
        try await CrawlerProcess.run(["check", "--config", configPath], in: root)
    }

    /// `feedcrawler run --config feeds.conf` (the daemon), left running.
    func startDaemon(environment: [String: String] = [:]) throws -> CrawlerProcess {
        try CrawlerProcess(["run", "--config", configPath, "--log-level", "debug"], in: root,
                           environment: environment, label: "daemon")
    }

    // MARK: Output

    /// Every name in the output directory, sorted by bytes (the order a consumer lists them in).
    func outputNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outputPath)) ?? []
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The delivered article files: `*.json`, not hidden.
    func articleNames() -> [String] {
        outputNames().filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
    }

    /// Files a write left half done (`.tmp-*.part`, see ArticleFileName).
    func tempNames() -> [String] {
        outputNames().filter { $0.hasPrefix(".tmp-") }
    }

    /// The delivered articles, in file-name order.
    func articles() throws -> [WrittenArticle] {
        try articleNames().map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: outputPath).appendingPathComponent(name))
            return try WrittenArticle(fileName: name, data: data)
        }
    }

    /// Polls `condition` every 50 ms until it holds or `limit` passes (then false): waits on
    /// a daemon's observable effects without sleeping for a guessed time.
    func waitUntil(limit: Duration = .seconds(10), _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(50))
        }
        return true
    }
}

/// One output file, parsed with Foundation's JSONSerialization (not our own writer's code).
struct WrittenArticle {
    var fileName: String
    var raw: String
    var json: [String: Any]

    init(fileName: String, data: Data) throws {
        self.fileName = fileName
        raw = String(decoding: data, as: UTF8.self)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ArticleError.notAnObject(fileName)
        }
        json = object
    }

    var guid: String? { json["guid"] as? String }
    var title: String? { json["title"] as? String }
    var feedName: String? { (json["feed"] as? [String: Any])?["name"] as? String }
}

enum ArticleError: Error {
    case notAnObject(String)
}

/// Counts how often each element occurs: "each exactly once" is `counts.values.allSatisfy { $0 == 1 }`.
func occurrences(_ values: [String?]) -> [String: Int] {
    var counts: [String: Int] = [:]
    for value in values { counts[value ?? "<nil>", default: 0] += 1 }
    return counts
}
