#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call on the output directory, kept with the call, the file and errno
/// so the log says which path failed and why (the shape of swift-nio's
/// `FileSystemError+Syscall.swift`: syscall, path, errno).
///
/// When the writer throws, the caller does not commit the batch: its feeds' validators do
/// not advance, so the same articles come again on the next poll.
public struct OutputError: Error, Equatable, CustomStringConvertible {
    /// The output directory as configured.
    public var directory: String
    /// The file inside the directory the call was about, nil for the directory itself.
    public var file: String?
    /// The failing call: "mkdir", "open", "write", "close", "syncfs", "fdatasync", "fsync",
    /// "rename", "unlink", "stat", "readdir", or "name" for an article id that cannot be a
    /// file name.
    public var operation: String
    public var errno: Int32

    public init(directory: String, file: String? = nil, operation: String, errno: Int32) {
        self.directory = directory
        self.file = file
        self.operation = operation
        self.errno = errno
    }

    /// The full path the call was about.
    public var path: String {
        guard let file else { return directory }
        return directory.hasSuffix("/") ? directory + file : directory + "/" + file
    }

    /// e.g. `output directory /x/articles not writable: open(.tmp-….json): Permission denied (EACCES)`.
    public var description: String {
        let call = operation + "(" + (file ?? directory) + ")"
        return "output directory \(directory)\(OutputError.verdict(errno)): \(call): \(OutputError.reason(errno))"
    }

    /// The errno's cause in words, as an operator reads it first.
    private static func verdict(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM, EROFS: " not writable"
        case ENOSPC, EDQUOT: " full"
        case EIO: " failing (I/O error)"
        default: ""
        }
    }

    private static func reason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        guard let name = ErrnoName.of(code) else { return text }
        return text + " (" + name + ")"
    }
}
