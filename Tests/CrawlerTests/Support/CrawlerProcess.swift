import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `feedcrawler` binary, run as a child process. Its stdout and stderr go to files in
/// the test's directory rather than pipes: a daemon that logs for a while can never block on
/// a full pipe, and a test can read its log while it is still running.
final class CrawlerProcess: @unchecked Sendable {
    // @unchecked: `process` is only started in `init` and then read (isRunning, status),
    // which Foundation's Process allows from any thread.
    private let process: Process
    let stdoutPath: String
    let stderrPath: String

    /// How a finished process ended.
    struct Ending: Equatable, CustomStringConvertible {
        /// Exit status, or the signal number when `signaled`.
        var status: Int32
        var signaled: Bool

        static func exit(_ status: Int32) -> Ending { Ending(status: status, signaled: false) }
        static func killed(by signal: Int32) -> Ending { Ending(status: signal, signaled: true) }

        var description: String { signaled ? "killed by signal \(status)" : "exit \(status)" }
    }

    /// The binary built next to the test bundle: `swift build --build-tests` puts both in
    /// `.build/<config>/`. FEEDCRAWLER_BINARY overrides it.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["FEEDCRAWLER_BINARY"] { return path }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // On Darwin-style bundles the executable sits in X.xctest/Contents/MacOS/.
        while directory.path.contains(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("feedcrawler").path
    }()

    /// Starts `feedcrawler ARGUMENTS` in `directory`, with the test's environment minus the
    /// variables that would change the crawler's behaviour (systemd's, the crash switch),
    /// plus `environment`.
    init(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
         label: String = "run") throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw CrawlerProcessError.noBinary(Self.binary)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "FEEDCRAWLER_TEST_CRASH_AT"] {
            env.removeValue(forKey: name)
        }
        env.merge(environment) { _, new in new }
        process.environment = env
        let unique = "\(label)-\(UUID().uuidString.prefix(8))"
        stdoutPath = directory.appendingPathComponent("\(unique).stdout").path
        stderrPath = directory.appendingPathComponent("\(unique).stderr").path
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end, at most `limit`; past it the process is killed and the
    /// wait throws, so no test can hang on a crawler that does not stop.
    func wait(limit: Duration = .seconds(20)) async throws -> Ending {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw CrawlerProcessError.timedOut(limit: limit, stderr: stderr)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? .killed(by: process.terminationStatus) : .exit(process.terminationStatus)
    }

    /// Kills a process a failed test left running; a no-op once it ended.
    func killIfRunning() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Runs `feedcrawler ARGUMENTS` to its end.
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                    limit: Duration = .seconds(20)) async throws -> Finished {
        let child = try CrawlerProcess(arguments, in: directory, environment: environment)
        let ending = try await child.wait(limit: limit)
        return Finished(ending: ending, stdout: child.stdout, stderr: child.stderr)
    }

    struct Finished {
        var ending: Ending
        var stdout: String
        var stderr: String

        /// The log lines (stderr) of the "feed failed"-style events about feed `name`.
        func logLines(feed name: String) -> [Substring] {
            stderr.split(separator: "\n").filter { $0.contains(" feed.name=\(name) ") || $0.hasSuffix(" feed.name=\(name)") }
        }
    }
}

enum CrawlerProcessError: Error, CustomStringConvertible {
    case timedOut(limit: Duration, stderr: String)
    case noBinary(String)

    var description: String {
        switch self {
        case .timedOut(let limit, let stderr): "feedcrawler still running after \(limit), killed; stderr:\n\(stderr)"
        case .noBinary(let path): "no feedcrawler executable at \(path): run `swift build --build-tests` first"
        }
    }
}
