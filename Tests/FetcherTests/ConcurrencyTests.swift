import FlyingFox
import Foundation
import Logging
import Testing
import TestSupport

@testable import Fetcher

/// Slots, FIFO waiting, task cancellation and shutdown on the one multi handle.
@Suite struct ConcurrencyTests {
    /// Each request stays 100 ms on the server, long enough for others to pile up.
    static func slowRoute(_ counter: InFlightCounter) -> (HTTPServer) async -> Void {
        { server in
            await server.appendRoute("GET /slow/:n") { _ in
                await counter.enter()
                try await Task.sleep(for: .milliseconds(100))
                await counter.leave()
                return HTTPResponse(statusCode: .ok, body: Data("ok".utf8))
            }
        }
    }

    @Test func perHostLimitIsRespected() async throws {
        let counter = InFlightCounter()
        try await withTestServer(routes: Self.slowRoute(counter)) { base in
            let fetcher = FeedFetcher(concurrency: 10, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let statuses = await withTaskGroup(of: Int?.self) { group in
                for n in 0..<10 {
                    group.addTask { try? await fetcher.fetch(FetchRequest(url: base + "/slow/\(n)")).get().status }
                }
                return await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 10))
            #expect(await counter.total == 10)
            #expect(await counter.maximum == 2)
        }
    }

    @Test func globalLimitIsRespected() async throws {
        let counter = InFlightCounter()
        try await withTestServer(routes: Self.slowRoute(counter)) { base in
            let fetcher = FeedFetcher(concurrency: 3, perHost: 10, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            await withTaskGroup(of: Void.self) { group in
                for n in 0..<9 {
                    group.addTask { _ = await fetcher.fetch(FetchRequest(url: base + "/slow/\(n)")) }
                }
            }
            #expect(await counter.total == 9)
            #expect(await counter.maximum == 3)
        }
    }

    /// `setLimits` (a SIGHUP with a new `concurrency`) takes effect for the queue at once.
    @Test func raisedLimitStartsQueuedFetches() async throws {
        let counter = InFlightCounter()
        try await withTestServer(routes: Self.slowRoute(counter)) { base in
            let fetcher = FeedFetcher(concurrency: 1, perHost: 10, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let fetches = Task {
                await withTaskGroup(of: Void.self) { group in
                    for n in 0..<7 {
                        group.addTask { _ = await fetcher.fetch(FetchRequest(url: base + "/slow/\(n)")) }
                    }
                }
            }
            try await waitUntil { fetcher.counts == FetchInbox.Counts(queued: 6, running: 1) }
            fetcher.setLimits(concurrency: 3, perHost: 10)
            await fetches.value
            #expect(await counter.total == 7)
            #expect(await counter.maximum == 3)
        }
    }

    /// A fetch waiting for a slot is cancelled with its task, without ever reaching
    /// the server, and without disturbing the fetch that holds the slot.
    @Test func cancellingAWaitingFetch() async throws {
        let counter = InFlightCounter()
        try await withTestServer(routes: Self.slowRoute(counter)) { base in
            let fetcher = FeedFetcher(concurrency: 1, perHost: 1, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let running = Task { await fetcher.fetch(FetchRequest(url: base + "/slow/1")) }
            let waiting = Task { await fetcher.fetch(FetchRequest(url: base + "/slow/2")) }
            try await waitUntil { fetcher.counts == FetchInbox.Counts(queued: 1, running: 1) }
            waiting.cancel()
            #expect(await waiting.value.failureKey == "cancelled")
            #expect(try await running.value.get().status == 200)
            #expect(await counter.total == 1)
        }
    }

    @Test func cancellingARunningFetchAbortsIt() async throws {
        let server = try await RawSocketServer(lifetime: .seconds(8)) { connection in
            _ = try await connection.readRequestHead()
            try await Task.sleep(for: .seconds(30))
        }
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 2, perHost: 2, logger: Logger(label: "test"))
        defer { fetcher.shutdown() }
        // The transfer's own timeout (25 s) is longer than the wait below (15 s): running only
        // drops to 0 in time if the cancellation aborted the transfer.
        let task = Task { await fetcher.fetch(FetchRequest(url: server.base + "/", timeout: .seconds(25))) }
        try await waitUntil { fetcher.counts.running == 1 }
        task.cancel()
        #expect(await task.value.failureKey == "cancelled")
        try await waitUntil { fetcher.counts.running == 0 }
    }

    @Test func shutdownResumesEveryCaller() async throws {
        let server = try await RawSocketServer(lifetime: .seconds(8)) { connection in
            _ = try await connection.readRequestHead()
            try await Task.sleep(for: .seconds(30))
        }
        defer { server.stop() }
        let fetcher = FeedFetcher(concurrency: 1, perHost: 1, logger: Logger(label: "test"))
        let first = Task { await fetcher.fetch(FetchRequest(url: server.base + "/a", timeout: .seconds(8))) }
        let second = Task { await fetcher.fetch(FetchRequest(url: server.base + "/b", timeout: .seconds(8))) }
        try await waitUntil { fetcher.counts == FetchInbox.Counts(queued: 1, running: 1) }
        fetcher.shutdown()
        fetcher.shutdown()  // idempotent
        #expect(await first.value.failureKey == "cancelled")
        #expect(await second.value.failureKey == "cancelled")
        #expect(await fetcher.fetch(FetchRequest(url: server.base + "/c")).failureKey == "cancelled")
    }

    @Test func alreadyCancelledTaskDoesNotFetch() async throws {
        let counter = InFlightCounter()
        try await withTestServer(routes: Self.slowRoute(counter)) { base in
            let fetcher = FeedFetcher(concurrency: 1, perHost: 1, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await fetcher.fetch(FetchRequest(url: base + "/slow/1"))
            }
            #expect(await task.value.failureKey == "cancelled")
            #expect(await counter.total == 0)
        }
    }
}

/// Polls `condition` every 10 ms for at most `limit`; throws if it never holds.
/// (Waiting for a state, not asserting a duration.)
/// A bounded wait for a state the fetcher's thread reaches asynchronously. Generous (15 s)
/// because the whole suite runs in parallel on 2 shared cores; what a test asserts is the
/// state, not how fast it came.
func waitUntil(limit: Duration = .seconds(15), _ condition: () async -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !(await condition()) {
        guard ContinuousClock.now < deadline else { throw WaitTimeout() }
        try await Task.sleep(for: .milliseconds(10))
    }
}

struct WaitTimeout: Error {}
