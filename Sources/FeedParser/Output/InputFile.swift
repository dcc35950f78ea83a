#if canImport(Glibc)
import Glibc
#endif

/// Reads a whole file (or standard input for "-") into memory with plain POSIX calls.
public enum InputFile {
    public struct ReadError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(_ path: String, limit: Int = 1 << 30) throws(ReadError) -> [UInt8] {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(description: "cannot open: \(String(cString: strerror(errno)))") }
        defer { if fd != 0 { close(fd) } }
        var st = stat()
        var bytes: [UInt8] = []
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
            bytes.reserveCapacity(Int(st.st_size) + 1)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { throw ReadError(description: "larger than \(limit >> 20) MB") }
        }
        return bytes
    }
}
