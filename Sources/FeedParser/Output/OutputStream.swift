#if canImport(Glibc)
import Glibc
#endif

/// Buffered writes to a file descriptor, without Foundation. Writes survive EINTR and short
/// writes; a failed write (EPIPE: the reader went away) ends the output silently.
public final class OutputStream: @unchecked Sendable {
    public static let standardOutput = OutputStream(fd: 1, bufferSize: 1 << 16)
    public static let standardError = OutputStream(fd: 2, bufferSize: 0)

    private let fd: Int32
    private let bufferSize: Int
    private var buffer: [UInt8] = []
    private var failed = false

    init(fd: Int32, bufferSize: Int) {
        self.fd = fd
        self.bufferSize = bufferSize
        buffer.reserveCapacity(bufferSize)
    }

    public func write(_ bytes: [UInt8]) {
        if bytes.count >= bufferSize {
            flush()
            writeAll(bytes)
        } else {
            if buffer.count + bytes.count > bufferSize { flush() }
            buffer.append(contentsOf: bytes)
        }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) {
        guard !failed else { return }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                offset += n
            }
        }
    }
}
