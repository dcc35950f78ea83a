import FlyingFox
import Foundation
import Logging
import Testing

@testable import Fetcher

/// The private-network rule end to end, through libcurl and real sockets: a "public" feed
/// server on 127.0.0.2 (declared public for the test, PrivateNetwork.treatingAsPublic, since
/// every loopback address is private) redirects into an internal server on 127.0.0.1 that
/// must never see a request. Everything else (the Location check, how the origin is
/// classified, the connected-peer check in libcurl's prereq callback) is production code.
@Suite struct PrivateRedirectTests {
    static let publicAddress = "127.0.0.2"

    /// Runs `body` with the internal server's base URL, the public server's base URL and the
    /// internal server's request counter.
    static func withServers(
        _ body: (_ internalBase: String, _ feed: String, _ hits: InFlightCounter) async throws -> Void
    ) async throws {
        let hits = InFlightCounter()
        try await withTestServer(routes: { server in
            await server.appendRoute("/secret") { _ in
                await hits.enter()
                await hits.leave()
                return HTTPResponse(statusCode: .ok, body: Data("internal secret".utf8))
            }
        }) { internalBase in
            let internalPort = internalBase.split(separator: ":").last.map(String.init) ?? ""
            try await withTestServer(address: publicAddress, routes: { server in
                await server.appendRoute("/feed") { _ in HTTPResponse(statusCode: .ok, body: Data("public feed".utf8)) }
                await server.appendRoute("/to-literal") { _ in .redirect(302, to: internalBase + "/secret") }
                await server.appendRoute("/to-localhost") { _ in .redirect(302, to: "http://localhost:\(internalPort)/secret") }
                await server.appendRoute("/to-metadata") { _ in .redirect(302, to: "http://169.254.169.254/latest/meta-data/") }
                await server.appendRoute("/to-ipv6-loopback") { _ in .redirect(302, to: "http://[::1]:\(internalPort)/secret") }
                // A public-looking name that resolves to the internal address (DNS rebinding):
                // only the check on the connected address can catch it.
                await server.appendRoute("/to-name") { _ in .redirect(302, to: "http://feeds.example.test:\(internalPort)/secret") }
                await server.appendRoute("/to-public") { _ in .redirect(302, to: "/feed") }
            }) { feed in
                try await body(internalBase, feed, hits)
            }
        }
    }

    static func request(_ url: String, allowPrivate: Bool = false, internalBase: String) -> FetchRequest {
        var request = FetchRequest(url: url, timeout: .seconds(10), allowPrivateRedirects: allowPrivate)
        request.privateNetwork = .treatingAsPublic([publicAddress])
        let port = internalBase.split(separator: ":").last.map(String.init) ?? ""
        request.resolve = ["feeds.example.test:\(port):127.0.0.1"]
        return request
    }

    static func fetch(_ request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
        defer { fetcher.shutdown() }
        return await fetcher.fetch(request)
    }

    @Test(arguments: ["/to-literal", "/to-localhost", "/to-metadata", "/to-ipv6-loopback"])
    func publicFeedRedirectingToPrivateAddressIsRefused(path: String) async throws {
        try await Self.withServers { internalBase, feed, hits in
            let result = await Self.fetch(Self.request(feed + path, internalBase: internalBase))
            guard case .failure(.redirectForbidden(_, let reason)) = result else {
                Issue.record("\(path): \(result)")
                return
            }
            #expect(reason == "private address from a public feed")
            #expect(await hits.total == 0)
        }
    }

    @Test func publicNameResolvingToPrivateAddressIsRefusedBeforeTheRequest() async throws {
        try await Self.withServers { internalBase, feed, hits in
            let result = await Self.fetch(Self.request(feed + "/to-name", internalBase: internalBase))
            guard case .failure(.redirectForbidden(let url, let reason)) = result else {
                Issue.record("\(result)")
                return
            }
            #expect(url.hasPrefix("http://feeds.example.test:"))
            #expect(reason == "connected to private address 127.0.0.1 from a public feed")
            #expect(await hits.total == 0)
        }
    }

    @Test func allowPrivateLetsTheRedirectsThrough() async throws {
        try await Self.withServers { internalBase, feed, hits in
            for path in ["/to-literal", "/to-name"] {
                let response = try await Self.fetch(Self.request(feed + path, allowPrivate: true, internalBase: internalBase)).get()
                #expect(response.body == Array("internal secret".utf8))
            }
            #expect(await hits.total == 2)
        }
    }

    /// Control: the refusal is about the target, not about redirects from this server.
    @Test func publicToPublicRedirectIsFollowed() async throws {
        try await Self.withServers { internalBase, feed, _ in
            let response = try await Self.fetch(Self.request(feed + "/to-public", internalBase: internalBase)).get()
            #expect(response.body == Array("public feed".utf8))
        }
    }

    /// A feed that is itself private (the standard classification of 127.0.0.2) may send
    /// its readers anywhere in the private network: nothing is crossed.
    @Test func privateFeedMayRedirectIntoThePrivateNetwork() async throws {
        try await Self.withServers { internalBase, feed, hits in
            var request = Self.request(feed + "/to-literal", internalBase: internalBase)
            request.privateNetwork = .standard
            let response = try await Self.fetch(request).get()
            #expect(response.body == Array("internal secret".utf8))
            #expect(await hits.total == 1)
        }
    }
}
