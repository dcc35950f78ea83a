#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The output directory, opened once. Every file call is relative to its descriptor
/// (`openat`, `renameat2`, `unlinkat`, `fstatat`) with single-component names, and none
/// follows a symlink inside the directory: a symlink planted at a temp or final name makes
/// that call fail (EEXIST / ELOOP) instead of writing through it. The configured path itself
/// may be a symlink to a directory (a deployment choice of the operator); it is resolved once,
/// here.
@available(*, unavailable)
extension OutputDirectory: Sendable {}

final class OutputDirectory {
    let path: String
    private let descriptor: Int32

    /// Opens `path`, creating it and its missing parents with mode 0755 (less the umask).
    init(path: String) throws(OutputError) {
        self.path = path
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 && errno == ENOENT {
            try OutputDirectory.makeDirectories(path, root: path)
            fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        }
        guard fd >= 0 else { throw OutputError(directory: path, operation: "open", errno: errno) }
        // Fail at start-up, not at the first article, when we may not create files here
        // (EACCES, or EROFS on a read-only mount; note root passes any permission check).
        if faccessat(fd, ".", W_OK | X_OK, AT_EACCESS) != 0 {
            let code = errno
            close(fd)
            throw OutputError(directory: path, operation: "access", errno: code)
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Creates `name` (which must not exist: O_EXCL, and O_NOFOLLOW so a symlink there is an
    /// error), mode 0644 less the umask, and writes `bytes`. A file that could not be written
    /// whole is removed again, so ENOSPC leaves no partial file behind.
    func createFile(_ name: String, bytes: [UInt8]) throws(OutputError) {
        let fd = openat(descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open", name) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if count > 0 {
                written += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                let code = count < 0 ? errno : EIO
                close(fd)
                unlinkat(descriptor, name, 0)
                throw OutputError(directory: path, file: name, operation: "write", errno: code)
            }
        }
        // close can report a deferred write error (NFS, quotas); the data is not safe then.
        if close(fd) != 0 && errno != EINTR {
            let code = errno
            unlinkat(descriptor, name, 0)
            throw OutputError(directory: path, file: name, operation: "close", errno: code)
        }
    }

    /// Renames `from` to `to` unless `to` exists (a file or a symlink planted there): then
    /// EEXIST, and nothing is replaced. `renameat2(RENAME_NOREPLACE)` where the kernel and file
    /// system support it (ext4, xfs, btrfs, tmpfs), else `linkat` + `unlinkat`, which also
    /// refuses an existing target.
    func renameNoReplace(_ from: String, to: String) throws(OutputError) {
        if let renameat2 = LinuxFileCalls.resolved.renameat2 {
            if renameat2(descriptor, from, descriptor, to, LinuxFileCalls.renameNoReplace) == 0 { return }
            let code = errno
            guard code == EINVAL || code == ENOSYS || code == EOPNOTSUPP else {
                throw OutputError(directory: path, file: from, operation: "rename", errno: code)
            }
        }
        // linkat without AT_SYMLINK_FOLLOW links the name itself, never a symlink's target.
        guard linkat(descriptor, from, descriptor, to, 0) == 0 else { throw failure("rename", from) }
        guard unlinkat(descriptor, from, 0) == 0 else { throw failure("unlink", from) }
    }

    /// Removes `name`; false when it did not exist.
    @discardableResult
    func remove(_ name: String) throws(OutputError) -> Bool {
        if unlinkat(descriptor, name, 0) == 0 { return true }
        if errno == ENOENT { return false }
        throw failure("unlink", name)
    }

    struct Status: Equatable {
        var isRegularFile: Bool
        var isSymlink: Bool
        var device: UInt64
        var inode: UInt64
    }

    /// `lstat` of `name` (a symlink is reported as one, not followed); nil when it does not exist.
    func status(of name: String) throws(OutputError) -> Status? {
        var info = stat()
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw failure("stat", name)
        }
        let type = info.st_mode & S_IFMT
        return Status(isRegularFile: type == S_IFREG, isSymlink: type == S_IFLNK,
                      device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// One `syncfs(2)`: writes back everything dirty on the directory's file system, file data
    /// and directory entries alike. Returns errno on failure (since Linux 5.8 that includes
    /// write-back errors of any file on the file system), 0 on success.
    func syncFileSystem() -> Int32 {
        guard let syncfs = LinuxFileCalls.resolved.syncfs else { return ENOSYS }
        return syncfs(descriptor) == 0 ? 0 : errno
    }

    /// `fdatasync(2)` of one file, reopened read-only by name (Linux syncs the inode whatever
    /// the open mode); O_NOFOLLOW so a swapped-in symlink is not followed.
    func dataSync(_ name: String) throws(OutputError) {
        let fd = openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", name) }
        defer { close(fd) }
        guard fdatasync(fd) == 0 else { throw failure("fdatasync", name) }
    }

    /// `fsync(2)` of the directory itself, which makes its entries (new names, renames) durable.
    func syncEntries() throws(OutputError) {
        guard fsync(descriptor) == 0 else { throw OutputError(directory: path, operation: "fsync", errno: errno) }
    }

    /// The names in the directory that are valid UTF-8 (ours always are), "." and ".." excluded.
    func names() throws(OutputError) -> [String] {
        // A fresh open file description: reading through a dup of `descriptor` would move the
        // offset they share.
        let fd = openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(directory: path, operation: "open", errno: errno) }
        guard let stream = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw OutputError(directory: path, operation: "opendir", errno: code)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw OutputError(directory: path, operation: "readdir", errno: errno) }
                return names
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(validatingCString: $0)
                }
            }
            if let name, name != ".", name != ".." { names.append(name) }
        }
    }

    private func failure(_ operation: String, _ name: String) -> OutputError {
        OutputError(directory: path, file: name, operation: operation, errno: errno)
    }

    /// `mkdir -p`: creates the missing directories of `path`, parents first.
    private static func makeDirectories(_ path: String, root: String) throws(OutputError) {
        if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
        guard errno == ENOENT, let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex else {
            throw OutputError(directory: root, operation: "mkdir", errno: errno)
        }
        try makeDirectories(String(path[..<slash]), root: root)
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw OutputError(directory: root, operation: "mkdir", errno: errno)
        }
    }
}
