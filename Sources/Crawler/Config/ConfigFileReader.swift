#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads feeds.conf with POSIX calls, so the parser stays free of Foundation.
enum ConfigFileReader {
    /// The whole file's bytes, or the `strerror` text of the failing call.
    static func contents(of path: String) -> Result<[UInt8], ConfMessage> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(errnoMessage()) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count > 0 {
                bytes.append(contentsOf: chunk[..<count])
            } else if count == 0 {
                return .success(bytes)
            } else if errno != EINTR {
                return .failure(errnoMessage())
            }
        }
    }

    /// The process's working directory, to make a relative base directory absolute.
    static func currentDirectory() -> String? {
        guard let pointer = getcwd(nil, 0) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func errnoMessage() -> ConfMessage {
        ConfMessage("cannot read: " + String(cString: strerror(errno)))
    }
}
