import Testing

/// Integration tests of `feedcrawler run` and `check`: the real binary (built next to the test
/// bundle) against FlyingFox servers on 127.0.0.1, each test in its own temp directory.
/// Serialized: the tests share nothing, but each starts several processes and they would
/// only fight for the CPU (and stretch the timeouts some of them exercise).
@Suite("CrawlerIntegration", .serialized)
struct CrawlerIntegration {}

/// Runs `body` with a fresh sandbox directory and test server, removed/stopped afterwards.
func withCrawlSetup(_ body: (CrawlSandbox, TestFeedServer) async throws -> Void) async throws {
    let sandbox = try CrawlSandbox()
    let server = try await TestFeedServer.start()
    do {
        try await body(sandbox, server)
    } catch {
        await server.stop()
        sandbox.remove()
        throw error
    }
    await server.stop()
    sandbox.remove()
}
