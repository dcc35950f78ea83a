import FlyingFox
import FlyingSocks
import Foundation

/// An in-process FlyingFox server on 127.0.0.1 (not `.loopback`, which is ::1: STYLE §8),
/// or another 127.x address, on an ephemeral port, stopped when `body` returns or throws.
func withTestServer(
    address: String = "127.0.0.1",
    routes: (HTTPServer) async -> Void,
    _ body: (_ base: String) async throws -> Void
) async throws {
    let server = HTTPServer(address: try .inet(ip4: address, port: 0), timeout: 10, logger: .disabled)
    await routes(server)
    let task = Task { try await server.run() }
    defer { task.cancel() }
    try await server.waitUntilListening(timeout: 5)
    guard case .ip4(_, let port) = await server.listeningAddress else {
        throw TestServerError.noPort
    }
    try await body("http://\(address):\(port)")
}

enum TestServerError: Error {
    case noPort
}

extension HTTPResponse {
    static func redirect(_ status: Int, to location: String) -> HTTPResponse {
        HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Redirect"), headers: responseHeaders(("Location", location)))
    }
}

/// Counts requests in flight on the server side, and the most seen at once.
actor InFlightCounter {
    private(set) var current = 0
    private(set) var maximum = 0
    private(set) var total = 0

    func enter() {
        current += 1
        total += 1
        maximum = max(maximum, current)
    }

    func leave() {
        current -= 1
    }
}

/// Response headers from name/value pairs, in order.
func responseHeaders(_ pairs: (String, String)...) -> HTTPHeaders {
    var result = HTTPHeaders()
    for (name, value) in pairs { result.addValue(value, for: HTTPHeader(name)) }
    return result
}
