import FlyingSocks
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A misbehaving HTTP server on 127.0.0.1 written on raw sockets, shared by the fetcher and
/// crawler tests (FlyingSocks `AsyncSocket`),
/// for what a well-behaved server library cannot be made to do: reset a connection mid-body,
/// send headers forever, chunk forever, stream 200 MB, replay a compression bomb, or accept
/// and never answer. Every accepted connection runs `handler`; `routed` reads the request
/// head first and picks a script by path. The server stops itself after `lifetime` so no test
/// can hang on it, and `stop()` ends it sooner (cancelling every script).
public final class RawSocketServer: Sendable {
    public typealias Script = @Sendable (RawConnection) async throws -> Void

    public let port: UInt16
    /// Bytes written to clients, by request path ("" before a head was read).
    public let sent = ByteTally()
    private let task: Task<Void, Never>

    public init(lifetime: Duration = .seconds(60), handler: @escaping Script) async throws {
        let socket = try Socket(domain: AF_INET, type: .stream)
        try socket.setValue(true, for: .localAddressReuse)
        try socket.bind(to: .inet(ip4: "127.0.0.1", port: 0))
        try socket.listen()
        guard case .ip4(_, let port) = try socket.sockname() else { throw RawSocketServerError.noPort }
        self.port = port
        let listener = try AsyncSocket(socket: socket, pool: try await SocketPool<Poll>.client)
        let tally = sent
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(for: lifetime) }
                group.addTask {
                    await withDiscardingTaskGroup { connections in
                        while let socket = try? await listener.accept() {
                            connections.addTask {
                                let connection = RawConnection(socket: socket, tally: tally)
                                try? await handler(connection)
                                connection.close()
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

    /// Reads each request head and runs the script for its path; other paths get 404.
    public static func routed(lifetime: Duration = .seconds(60), _ routes: [String: Script]) async throws -> RawSocketServer {
        try await RawSocketServer(lifetime: lifetime) { connection in
            let path = try await connection.readRequestHead()
            if let script = routes[path] {
                try await script(connection)
            } else {
                try await connection.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            }
        }
    }

    public var base: String { "http://127.0.0.1:\(port)" }
    public func url(_ path: String) -> String { base + path }

    public func stop() { task.cancel() }

    deinit { task.cancel() }
}

/// One accepted connection, used by one script at a time.
public final class RawConnection {
    private let socket: AsyncSocket
    private let tally: ByteTally
    private var closed = false
    public private(set) var path = ""

    fileprivate init(socket: AsyncSocket, tally: ByteTally) {
        self.socket = socket
        self.tally = tally
    }

    /// Reads up to the blank line that ends the request head (RFC 9112 §2.1) and returns the
    /// request target of its first line.
    public func readRequestHead() async throws -> String {
        var head: [UInt8] = []
        let end = Array("\r\n\r\n".utf8)
        while !(head.count >= 4 && Array(head.suffix(4)) == end) {
            head += try await socket.read(atMost: 1)
            if head.count > 64 * 1024 { break }
        }
        let firstLine = head.split(separator: UInt8(ascii: "\r"), maxSplits: 1).first ?? []
        let parts = firstLine.split(separator: UInt8(ascii: " "))
        path = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : ""
        return path
    }

    public func write(_ text: String) async throws {
        try await write(Data(text.utf8))
    }

    public func write(_ data: Data) async throws {
        try Task.checkCancellation()
        try await socket.write(data)
        tally.add(data.count, to: path)
    }

    /// Closes with SO_LINGER {on, 0}: the kernel discards unsent data and sends RST instead
    /// of FIN (socket(7)), so the client sees "connection reset by peer" mid-body.
    public func reset() {
        guard !closed else { return }
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(socket.socket.file.rawValue, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    /// Closes once: a second close could hit a descriptor number another connection reuses.
    public func close() {
        guard !closed else { return }
        closed = true
        try? socket.close()
    }
}

/// Bytes sent per path, readable from the test while scripts run.
/// NSLock (a pthread mutex) rather than Synchronization.Mutex: ThreadSanitizer does not see
/// the ordering of a contended Synchronization.Mutex on Linux and reported a race here.
public final class ByteTally: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    public func add(_ n: Int, to path: String) {
        lock.withLock { counts[path, default: 0] += n }
    }

    public subscript(path: String) -> Int {
        lock.withLock { counts[path] ?? 0 }
    }
}

public enum RawSocketServerError: Error {
    case noPort
}
