import FlyingFox
import FlyingSocks
import Foundation
import Logging
import Testing
import TestSupport

@testable import Fetcher

/// Size and time limits: a hostile or broken server cannot make a fetch use unbounded
/// memory or hold a slot for long. Assertions are on error keys, never on elapsed time.
@Suite struct LimitTests {
    static func fetch(_ request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
        defer { fetcher.shutdown() }
        return await fetcher.fetch(request)
    }

    /// Content-Length over the cap: refused before the body is read.
    @Test func declaredBodyOverMaxSizeIsTooLarge() async throws {
        try await withTestServer(routes: { server in
            await server.appendRoute("/big") { _ in
                HTTPResponse(statusCode: .ok, body: Data(repeating: 0x41, count: 200_000))
            }
        }) { base in
            let result = await Self.fetch(FetchRequest(url: base + "/big", maxSize: 100_000))
            #expect(result.failureKey == "too_large")
        }
    }

    /// No Content-Length (body until close): the write callback's count stops it.
    @Test func undeclaredBodyOverMaxSizeIsTooLarge() async throws {
        let server = try await RawSocketServer(lifetime: .seconds(8)) { connection in
            _ = try await connection.readRequestHead()
            try await connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            let chunk = Data(repeating: 0x41, count: 64 * 1024)
            for _ in 0..<32 { try await connection.write(chunk) }  // 2 MB
        }
        defer { server.stop() }
        let result = await Self.fetch(FetchRequest(url: server.base + "/stream", maxSize: 1024 * 1024))
        #expect(result.failureKey == "too_large")
    }

    /// Exactly maxSize bytes is allowed: the cap is "more than", not "at least".
    @Test func bodyOfExactlyMaxSizeIsAccepted() async throws {
        try await withTestServer(routes: { server in
            await server.appendRoute("/exact") { _ in
                HTTPResponse(statusCode: .ok, body: Data(repeating: 0x42, count: 4096))
            }
        }) { base in
            let result = await Self.fetch(FetchRequest(url: base + "/exact", maxSize: 4096))
            let response = try result.get()
            #expect(response.body.count == 4096)
        }
    }

    /// 50 MB of zeros gzipped to ~50 KB: Content-Length is small, the decoded size is
    /// not. The cap counts decoded bytes, so the bomb stops at 1 MB.
    @Test func gzipBombStopsAtMaxSize() async throws {
        let bomb = try gzippedZeros(count: 50 * 1024 * 1024)
        #expect(bomb.count < 1024 * 1024)  // the point: compressed it fits under the cap
        try await withTestServer(routes: { server in
            await server.appendRoute("/bomb") { _ in
                HTTPResponse(
                    statusCode: .ok, headers: responseHeaders(("Content-Encoding", "gzip")), body: bomb)
            }
        }) { base in
            let result = await Self.fetch(FetchRequest(url: base + "/bomb", maxSize: 1024 * 1024))
            #expect(result.failureKey == "too_large")
        }
    }

    @Test func endlessHeadersAreCut() async throws {
        let server = try await RawSocketServer(lifetime: .seconds(8)) { connection in
            _ = try await connection.readRequestHead()
            try await connection.write("HTTP/1.1 200 OK\r\n")
            let line = "X-Filler: " + String(repeating: "a", count: 100) + "\r\n"
            for _ in 0..<1000 { try await connection.write(line) }  // ~110 KB of headers
            try await connection.write("Content-Length: 0\r\n\r\n")
        }
        defer { server.stop() }
        let result = await Self.fetch(FetchRequest(url: server.base + "/", maxHeaderBytes: 64 * 1024))
        #expect(result.failureKey == "headers_too_large")
    }

    /// 1 byte every 200 ms is 5 B/s, far under the 1 KB/s floor: the low-speed limit
    /// (clamped to 1 s under the 2 s timeout) or the total timeout ends it.
    @Test func tricklingServerTimesOut() async throws {
        let server = try await RawSocketServer(lifetime: .seconds(8)) { connection in
            _ = try await connection.readRequestHead()
            try await connection.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            for _ in 0..<1000 {
                try await connection.write("x")
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        defer { server.stop() }
        let result = await Self.fetch(FetchRequest(url: server.base + "/slow", timeout: .seconds(2)))
        #expect(result.failureKey == "timeout")
    }

    @Test func silentServerTimesOut() async throws {
        let server = try await RawSocketServer(lifetime: .seconds(8)) { connection in
            _ = try await connection.readRequestHead()
            try await Task.sleep(for: .seconds(30))  // cut short when the server stops
        }
        defer { server.stop() }
        let result = await Self.fetch(FetchRequest(url: server.base + "/", timeout: .seconds(1)))
        #expect(result.failureKey == "timeout")
        // curl's own words are kept for the log.
        if case .failure(.timeout(let failure?)) = result {
            #expect(failure.code == 28)
            #expect(failure.message == "Timeout was reached")
            #expect(failure.detail.hasPrefix("Operation timed out after"))
        } else {
            Issue.record("expected a curl timeout, got \(result)")
        }
    }

    @Test func refusedConnectionIsConnectError() async throws {
        // Bind a port, then close it: nothing listens there for the fetch.
        let socket = try Socket(domain: AF_INET, type: .stream)
        try socket.bind(to: .inet(ip4: "127.0.0.1", port: 0))
        guard case .ip4(_, let port) = try socket.sockname() else { throw TestServerError.noPort }
        try socket.close()
        let result = await Self.fetch(FetchRequest(url: "http://127.0.0.1:\(port)/"))
        #expect(result.failureKey == "connect")
        // The description keeps the CURLcode and libcurl's detail (STYLE §3).
        if case .failure(let error) = result {
            #expect("\(error)".hasPrefix("connect: curl error 7 (Couldn't connect to server): Failed to connect to 127.0.0.1 port \(port)"))
        }
    }
}
