#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a `file://` feed named in the config, without libcurl. Only regular files:
/// a FIFO, a device such as /dev/zero or a directory is refused ("not_a_file").
enum LocalFile {
    static func contents(of url: ParsedURL, maxSize: Int) -> Result<FetchResponse, FetchError> {
        let path = url.path
        // O_NONBLOCK so opening a FIFO cannot hang; regular files ignore it.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let error = errno
            return .failure(error == ENOENT ? .fileNotFound(path: path) : .fileUnreadable(path: path, errno: error))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(.fileUnreadable(path: path, errno: errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.notAFile(path: path)) }
        guard info.st_size <= maxSize else { return .failure(.tooLarge(limit: maxSize)) }

        // The size may change while reading: the cap is enforced on what is read.
        var body = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var filled = 0
        while true {
            if filled == body.count {
                guard body.count <= maxSize else { return .failure(.tooLarge(limit: maxSize)) }
                body.append(contentsOf: repeatElement(0, count: min(body.count, maxSize + 1 - body.count)))
            }
            let count = body.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.fileUnreadable(path: path, errno: errno))
            }
            filled += count
            if filled > maxSize { return .failure(.tooLarge(limit: maxSize)) }
        }
        body.removeSubrange(filled...)
        return .success(FetchResponse(status: 200, body: body, finalURL: url.url, httpVersion: "file"))
    }
}
