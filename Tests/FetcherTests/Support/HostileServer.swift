import FlyingSocks
import Foundation

/// A misbehaving HTTP server on 127.0.0.1 written on raw sockets (FlyingSocks
/// `AsyncSocket`): each accepted connection runs `script`. It stops itself after
/// `lifetime` so no test can hang on it, and `stop()` ends it sooner.
final class HostileServer: Sendable {
    let port: UInt16
    private let task: Task<Void, Never>

    init(
        lifetime: Duration = .seconds(8),
        script: @Sendable @escaping (AsyncSocket) async throws -> Void
    ) async throws {
        let socket = try Socket(domain: AF_INET, type: .stream)
        try socket.setValue(true, for: .localAddressReuse)
        try socket.bind(to: .inet(ip4: "127.0.0.1", port: 0))
        try socket.listen()
        guard case .ip4(_, let port) = try socket.sockname() else { throw TestServerError.noPort }
        self.port = port
        let listener = try AsyncSocket(socket: socket, pool: try await SocketPool<Poll>.client)
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: lifetime) }
                group.addTask {
                    await withDiscardingTaskGroup { connections in
                        while let connection = try? await listener.accept() {
                            connections.addTask {
                                try? await script(connection)
                                try? connection.close()
                            }
                        }
                    }
                }
                // Whichever ends first (lifetime, or stop()) ends the other.
                await group.next()
                group.cancelAll()
            }
            try? listener.close()
        }
    }

    var base: String { "http://127.0.0.1:\(port)" }

    func stop() {
        task.cancel()
    }

    deinit {
        task.cancel()
    }
}

extension AsyncSocket {
    /// Reads until the blank line ending the request head; returns it.
    func readRequestHead() async throws -> String {
        var head: [UInt8] = []
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while !head.ends(with: end) {
            head.append(contentsOf: try await read(atMost: 1))
            if head.count > 64 * 1024 { break }
        }
        return String(decoding: head, as: UTF8.self)
    }

    func write(_ text: String) async throws {
        try await write(Data(text.utf8))
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
