import FlyingFox
import Foundation
import Logging
import Testing

@testable import Fetcher

/// Redirects are followed by hand (RedirectPolicy): permanence, loops, the hop limit
/// and forbidden schemes, against a real server.
@Suite struct RedirectTests {
    static func routes(_ server: HTTPServer) async {
        await server.appendRoute("/final") { _ in
            HTTPResponse(statusCode: .ok, headers: responseHeaders(("ETag", "\"final\"")), body: Data("final".utf8))
        }
        await server.appendRoute("/p1") { _ in .redirect(301, to: "/p2") }
        await server.appendRoute("/p2") { _ in .redirect(301, to: "/final") }
        await server.appendRoute("/m1") { _ in .redirect(301, to: "/m2") }
        await server.appendRoute("/m2") { _ in .redirect(302, to: "/final") }
        await server.appendRoute("/loop-a") { _ in .redirect(302, to: "/loop-b") }
        await server.appendRoute("/loop-b") { _ in .redirect(302, to: "/loop-a") }
        // /hop/1 -> /hop/2 -> ... -> /hop/7: six redirects, one more than allowed.
        await server.appendRoute("GET /hop/:n") { (request: HTTPRequest) in
            let n = Int(request.path.split(separator: "/").last ?? "") ?? 0
            return n >= 7
                ? HTTPResponse(statusCode: .ok, body: Data("deep".utf8))
                : .redirect(307, to: "/hop/\(n + 1)")
        }
        await server.appendRoute("/to-file") { _ in .redirect(302, to: "file:///etc/passwd") }
        await server.appendRoute("/to-gopher") { _ in .redirect(301, to: "gopher://127.0.0.1:70/1") }
    }

    static func fetch(_ request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
        defer { fetcher.shutdown() }
        return await fetcher.fetch(request)
    }

    /// RFC 9110 §15.4.2: after a 301 the client may update its stored URL; only when
    /// every hop was permanent is the final URL reported as the new address.
    @Test func allPermanentChainReportsPermanentRedirect() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let response = try await Self.fetch(FetchRequest(url: base + "/p1")).get()
            #expect(response.status == 200)
            #expect(response.body == Array("final".utf8))
            #expect(response.etag == "\"final\"")
            #expect(response.finalURL == base + "/final")
            #expect(response.permanentRedirect == base + "/final")
        }
    }

    /// A 302 anywhere in the chain makes the whole move temporary (RFC 9110 §15.4.3).
    @Test func temporaryHopInChainGivesNoPermanentRedirect() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let response = try await Self.fetch(FetchRequest(url: base + "/m1")).get()
            #expect(response.finalURL == base + "/final")
            #expect(response.permanentRedirect == nil)
        }
    }

    @Test func redirectLoopIsStopped() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let result = await Self.fetch(FetchRequest(url: base + "/loop-a"))
            #expect(result.failureKey == "redirect_loop")
        }
    }

    @Test func sixthRedirectIsRefused() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let result = await Self.fetch(FetchRequest(url: base + "/hop/1"))
            #expect(result.failureKey == "too_many_redirects")
            // Five hops are fine: /hop/2 reaches /hop/7 in exactly five.
            let five = await Self.fetch(FetchRequest(url: base + "/hop/2"))
            let deep = try five.get()
            #expect(deep.body == Array("deep".utf8))
        }
    }

    /// A feed must never become a local file read through a redirect, even when the
    /// feed itself was allowed to be a file (SECURITY: CURLOPT_PROTOCOLS_STR alone would
    /// also refuse it, but the policy refuses it first with a clear key).
    @Test(arguments: [
        ("/to-file", FetchError.redirectForbidden(url: "file:///etc/passwd", reason: "scheme file is not http(s)")),
        ("/to-gopher", FetchError.redirectForbidden(url: "gopher://127.0.0.1:70/1", reason: "scheme gopher is not http(s)")),
    ])
    func redirectToOtherSchemeIsForbidden(path: String, expected: FetchError) async throws {
        try await withTestServer(routes: Self.routes) { base in
            let result = await Self.fetch(FetchRequest(url: base + path, allowFile: true))
            #expect(result.failureKey == "redirect_forbidden")
            #expect(result == .failure(expected))
        }
    }
}

extension Result where Failure == FetchError {
    /// The error key, or nil on success.
    var failureKey: String? {
        if case .failure(let error) = self { return error.key }
        return nil
    }
}
