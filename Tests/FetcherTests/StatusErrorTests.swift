import FlyingFox
import Foundation
import Logging
import Testing

@testable import Fetcher

/// Statuses that are not content become errors with stable keys.
@Suite struct StatusErrorTests {
    static func routes(_ server: HTTPServer) async {
        await server.appendRoute("/missing") { _ in HTTPResponse(statusCode: .notFound, body: Data("nope".utf8)) }
        await server.appendRoute("/gone") { _ in HTTPResponse(statusCode: .gone) }
        await server.appendRoute("/busy") { _ in
            HTTPResponse(statusCode: .tooManyRequests, headers: responseHeaders(("Retry-After", "120")))
        }
        await server.appendRoute("/broken") { _ in HTTPResponse(statusCode: .internalServerError) }
        await server.appendRoute("/maintenance") { _ in
            HTTPResponse(
                statusCode: .serviceUnavailable,
                // The server's own Date: the delay is measured on its clock (RFC 9110 §10.2.3).
                headers: responseHeaders(
                    ("Date", "Wed, 21 Oct 2015 07:28:00 GMT"),
                    ("Retry-After", "Wed, 21 Oct 2015 08:28:00 GMT")))
        }
    }

    @Test(arguments: [
        ("/missing", "http_404"),
        ("/gone", "gone"),  // 410 is permanent: its own key (RFC 9110 §15.5.11)
        ("/busy", "rate_limited"),
        ("/broken", "http_500"),
        ("/maintenance", "http_503"),
    ])
    func statusBecomesErrorKey(path: String, key: String) async throws {
        try await withTestServer(routes: Self.routes) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let result = await fetcher.fetch(FetchRequest(url: base + path))
            #expect(result.failureKey == key)
        }
    }

    @Test func rateLimitedCarriesRetryAfterSeconds() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let result = await fetcher.fetch(FetchRequest(url: base + "/busy"))
            #expect(result == .failure(.rateLimited(retryAfter: .seconds(120))))
        }
    }

    @Test func unavailableCarriesRetryAfterDate() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let result = await fetcher.fetch(FetchRequest(url: base + "/maintenance"))
            // 08:28:00 - 07:28:00 on the server's clock.
            guard case .failure(let error) = result else {
                Issue.record("expected a failure, got \(result)")
                return
            }
            #expect(error.retryAfter == .seconds(3600))
        }
    }
}
