#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `syncfs(2)` and `renameat2(2)`, looked up in the C library at run time. Both are declared
/// only under `_GNU_SOURCE`, which Swift's Glibc module is not built with, so they cannot be
/// called directly; resolving them with `dlsym` keeps this in Swift (no extra C target) and
/// gives a clean nil where the C library lacks them (glibc < 2.28 for `renameat2`, Darwin),
/// in which case the writer falls back (see `OutputDirectory`).
struct LinuxFileCalls: Sendable {
    typealias SyncFS = @convention(c) (Int32) -> Int32
    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// linux/fs.h: fail with EEXIST instead of replacing the target.
    static let renameNoReplace: UInt32 = 1

    var syncfs: SyncFS?
    var renameat2: RenameAt2?

    static let resolved: LinuxFileCalls = {
        // dlopen(NULL) is the program's global symbol scope, which includes the C library.
        let scope = dlopen(nil, RTLD_NOW)
        return LinuxFileCalls(
            syncfs: dlsym(scope, "syncfs").map { unsafeBitCast($0, to: SyncFS.self) },
            renameat2: dlsym(scope, "renameat2").map { unsafeBitCast($0, to: RenameAt2.self) }
        )
    }()
}
