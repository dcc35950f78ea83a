import FlyingFox
import FlyingSocks
import Foundation

/// An in-process FlyingFox server on 127.0.0.1 (not `.loopback`, which is ::1: STYLE §8) on an
/// ephemeral port, serving whatever the test put at a path and recording every request, so a
/// test can assert what the crawler sent (validators, which paths) across several runs of the
/// real binary. Paths without a reply answer 404.
final class TestFeedServer: Sendable {
    let base: String
    private let server: HTTPServer
    private let task: Task<Void, any Error>
    private let table: ReplyTable

    /// What one request got: its path, its headers (names lowercased) and the status answered.
    struct Seen: Sendable {
        var path: String
        var headers: [String: String]
        var status: Int
    }

    typealias Reply = @Sendable (HTTPRequest) async -> HTTPResponse

    private init(base: String, server: HTTPServer, task: Task<Void, any Error>, table: ReplyTable) {
        self.base = base
        self.server = server
        self.task = task
        self.table = table
    }

    static func start() async throws -> TestFeedServer {
        let table = ReplyTable()
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 15, logger: .disabled)
        await server.appendRoute("*") { request in await table.answer(request) }
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 5)
        guard case .ip4(_, let port) = await server.listeningAddress else {
            task.cancel()
            throw TestFeedServerError.noPort
        }
        return TestFeedServer(base: "http://127.0.0.1:\(port)", server: server, task: task, table: table)
    }

    func url(_ path: String) -> String { base + path }

    /// Serves `reply` at `path` from now on (replacing what was there).
    func route(_ path: String, _ reply: @escaping Reply) async {
        await table.set(path, reply)
    }

    /// Serves a fixed feed document at `path`. With an `etag` and/or `lastModified`, a request
    /// repeating both validators byte for byte gets 304 (as nginx's default
    /// `if_modified_since exact`, RFC 9110 §13.1), anything else the 200.
    func feed(_ path: String, _ document: String, etag: String? = nil, lastModified: String? = nil,
              contentType: String = "application/rss+xml; charset=utf-8") async {
        await route(path) { request in
            let inm = request.headers[HTTPHeader("If-None-Match")]
            let ims = request.headers[HTTPHeader("If-Modified-Since")]
            if etag != nil || lastModified != nil, inm == etag, ims == lastModified {
                var headers = HTTPHeaders()
                if let etag { headers[HTTPHeader("ETag")] = etag }
                return HTTPResponse(statusCode: .notModified, headers: headers)
            }
            var headers = HTTPHeaders()
            headers[HTTPHeader("Content-Type")] = contentType
            if let etag { headers[HTTPHeader("ETag")] = etag }
            if let lastModified { headers[HTTPHeader("Last-Modified")] = lastModified }
            return HTTPResponse(statusCode: .ok, headers: headers, body: Data(document.utf8))
        }
    }

    /// Every request so far to `path`, in arrival order.
    func requests(to path: String) async -> [Seen] {
        await table.seen.filter { $0.path == path }
    }

    func stop() async {
        await server.stop(timeout: 0)
        task.cancel()
    }
}

enum TestFeedServerError: Error {
    case noPort
}

/// The replies by path and the log of requests, behind one actor.
private actor ReplyTable {
    private var replies: [String: TestFeedServer.Reply] = [:]
    private(set) var seen: [TestFeedServer.Seen] = []

    func set(_ path: String, _ reply: @escaping TestFeedServer.Reply) {
        replies[path] = reply
    }

    func answer(_ request: HTTPRequest) async -> HTTPResponse {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
        let index = seen.count
        seen.append(TestFeedServer.Seen(path: request.path, headers: headers, status: 0))
        let response: HTTPResponse
        if let reply = replies[request.path] {
            // A slow reply must not hold the table: run it outside the actor's turn.
            response = await Self.run(reply, request)
        } else {
            response = HTTPResponse(statusCode: .notFound)
        }
        seen[index].status = response.statusCode.code
        return response
    }

    private nonisolated static func run(_ reply: TestFeedServer.Reply, _ request: HTTPRequest) async -> HTTPResponse {
        await reply(request)
    }
}

extension HTTPResponse {
    static func redirect(_ status: Int, to location: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[HTTPHeader("Location")] = location
        return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Redirect"), headers: headers)
    }

    static func status(_ status: Int, _ phrase: String, headers pairs: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in pairs { headers.addValue(value, for: HTTPHeader(name)) }
        return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: phrase), headers: headers)
    }
}
