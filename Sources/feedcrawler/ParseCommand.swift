import ArgumentParser
import FeedParser

/// `feedcrawler parse FILE|- [FILE…] [--url URL] [--charset NAME]`: one JSON document per
/// input, one per line. Exit 0 when every input was a feed (warnings allowed), 1 otherwise.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed documents and print them as JSON (one line per file)."
    )

    @Argument(help: "Feed files to read; '-' reads standard input.")
    var files: [String] = ["-"]

    @Option(help: "The URL the document came from: base for relative links and part of identity.")
    var url: String?

    @Option(help: "The charset an HTTP Content-Type announced for the document.")
    var charset: String?

    func run() throws {
        let out = OutputStream.standardOutput
        var failures = 0
        for file in files {
            let name = files.count > 1 ? file : nil
            let outcome: ParseOutput.Outcome
            do {
                let bytes = try InputFile.read(file)
                outcome = bytes.withUnsafeBytes { raw in
                    ParseOutput.document(file: name, bytes: raw, documentURL: url, charset: charset, write: out.write)
                }
            } catch {
                outcome = ParseOutput.failure(file: name, message: "\(error)", write: out.write)
            }
            if let error = outcome.error {
                failures += 1
                OutputStream.standardError.write(Array("feedcrawler: \(file): \(error)\n".utf8))
            }
        }
        out.flush()
        if failures > 0 { throw ExitCode(1) }
    }
}
