#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FeedParser
import Foundation

/// Writes new articles into the output directory, one JSON file each, so that a consumer
/// only ever sees complete files, names sort in write order, and a crash at any point loses
/// nothing and duplicates nothing. One batch goes:
///
/// 1. `stage` each article: written to a hidden temp file, no sync.
/// 2. `syncStaged`: the batch's temp files made durable at once.
/// 3. `StateStore.commitPending`: articles recorded as pending, feed validators advanced,
///    `lastTimestamp` saved as the batch's `lastFileTimestamp`.
/// 4. `publish`: temp files renamed to their final names, directory synced.
/// 5. `StateStore.markDelivered`.
///
/// On a failure before 3, call `discardStaged` and do not commit: the validators did not
/// advance, so the articles come again. After a crash, at start-up: `recover` the store's
/// pending batches (finishes step 4), then `removeOrphanTemps` keeping nothing else (temps of
/// batches never committed, which will come again).
///
/// Threads: `stage` and `lastTimestamp` belong to one thread (the crawl loop); `syncStaged`,
/// `publish` and `discard` may run on another (CrawlEngine's BatchCommitter) at the same time,
/// for an earlier batch. Only the list of staged names is shared, behind a lock.
@available(*, unavailable)
extension ArticleWriter: Sendable {}

public final class ArticleWriter {
    private let directory: OutputDirectory
    private let clock: () -> Int64
    /// The highest file timestamp used (microseconds since the epoch).
    public private(set) var lastTimestamp: Int64
    /// Temp names staged and neither published nor discarded, in staging order.
    private var staged: [String] = []
    private let stagedLock = NSLock()

    private func withStaged<R>(_ body: (inout [String]) -> R) -> R {
        stagedLock.lock()
        defer { stagedLock.unlock() }
        return body(&staged)
    }

    /// Opens (creating if missing) the output directory. `lastTimestamp` is
    /// `StateStore.lastFileTimestamp()`; `clock` gives microseconds since the epoch.
    public init(directory: String, lastTimestamp: Int64,
                clock: @escaping () -> Int64 = ArticleWriter.systemClock) throws(OutputError) {
        self.directory = try OutputDirectory(path: directory)
        self.lastTimestamp = lastTimestamp
        self.clock = clock
    }

    /// Microseconds since 1970-01-01T00:00:00Z, from CLOCK_REALTIME.
    public static func systemClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }

    /// Writes one article to its temp file (not synced yet) and returns the names chosen.
    /// The file is named after `entry.id`, which must be the 32 hex digits of `Entry.id`.
    /// `fetchedAt` is in milliseconds since the epoch; it is also the article's `seenAt`.
    public func stage(entry: Entry, key: ArticleKey, feed: FeedRef, fetchedAt: Int64) throws(OutputError) -> PendingArticle {
        try stage(json: Self.fileContent(entry, feed: feed, fetchedAt: fetchedAt), key: key,
                  feedName: feed.name, fetchedAt: fetchedAt)
    }

    /// The bytes of an article's file. Separate from `stage` so the crawl can build them
    /// where the feed was parsed, in parallel, and keep only the file I/O in its one loop.
    public static func fileContent(_ entry: Entry, feed: FeedRef, fetchedAt: Int64) -> [UInt8] {
        var json = JSONWriter(capacity: 4096)
        json.articleFile(entry, feed: feed, fetchedAt: fetchedAt)
        return json.bytes
    }

    /// Writes an article whose file content is already built (`fileContent`); `key.id` names it.
    public func stage(json: [UInt8], key: ArticleKey, feedName: String, fetchedAt: Int64) throws(OutputError) -> PendingArticle {
        guard ArticleFileName.isArticleID(key.id) else {
            throw OutputError(directory: directory.path, operation: "name", errno: EINVAL)
        }
        // Strictly after the last name even when the clock stands still within a microsecond
        // or steps back (NTP, a VM resumed): names sort in write order. Taken before the file
        // is created, so a failed name is never reused.
        let timestamp = max(clock(), lastTimestamp + 1)
        lastTimestamp = timestamp
        let fileName = ArticleFileName.final(timestamp: timestamp, id: key.id)
        let tempName = ArticleFileName.temp(forFinal: fileName)
        try directory.createFile(tempName, bytes: json)
        withStaged { $0.append(tempName) }
        return PendingArticle(key: key, feedName: feedName, fileName: fileName, tempName: tempName, seenAt: fetchedAt)
    }

    /// Makes every staged temp file durable (data and directory entry), before the batch is
    /// committed.
    ///
    /// One `syncfs` of the directory's file system, not one `fdatasync` per file. Measured with
    /// a C loop (create + write 1.5 KB + close per file, then the sync; mean of 10 batches,
    /// three runs, Linux 6.18): on the development machine's ext4 disk a batch of 100 took 1.0-1.2 ms with one syncfs
    /// against 11.3-12.3 ms with fdatasync per file (each forces its own jbd2 journal commit),
    /// a batch of 10 0.27 ms against 1.2 ms; on tmpfs (/dev/shm) both are ~0 (0.00 against
    /// 0.10 ms for 100). The cost of syncfs is the file system's dirty data, ours and other
    /// processes', so on a disk shared with heavy writers it can grow; it still is one flush
    /// per batch where per-file syncs serialise the crawl. If syncfs fails (ENOSYS under a
    /// seccomp filter, or a write-back error somewhere on the file system, which Linux >= 5.8
    /// reports), each file gets its own fdatasync, then the directory an fsync: that reports
    /// exactly our files' errors.
    public func syncStaged() throws(OutputError) {
        let names = withStaged { $0 }
        guard !names.isEmpty else { return }
        if directory.syncFileSystem() == 0 { return }
        for name in names {
            try directory.dataSync(name)
        }
        try directory.syncEntries()
    }

    /// Renames the batch's temp files to their final names, in order, then fsyncs the
    /// directory. A final name that exists (a planted file or symlink) fails with EEXIST and
    /// is not replaced; the batch then stays pending in the store and `recover` retries it at
    /// the next start.
    /// `syncDirectory: false` leaves the renames to be made durable by the next sync of the
    /// file system (the crawl's next batch, or `syncDirectory()`), saving one flush per batch.
    public func publish(_ articles: [PendingArticle], syncDirectory: Bool = true) throws(OutputError) {
        var published = Set<String>()
        defer { withStaged { $0.removeAll { published.contains($0) } } }
        for article in articles {
            try directory.renameNoReplace(article.tempName, to: article.fileName)
            published.insert(article.tempName)
        }
        if syncDirectory { try directory.syncEntries() }
    }

    /// Makes every rename done so far durable.
    public func syncDirectory() throws(OutputError) {
        try directory.syncEntries()
    }

    /// Removes the temp files staged since the last `publish` (after a failure, before the
    /// batch was committed). A temp that cannot be removed now is left for
    /// `removeOrphanTemps` at the next start: no committed batch lists it.
    public func discardStaged() {
        for name in withStaged({ $0 }) {
            _ = try? directory.remove(name)
        }
        withStaged { $0.removeAll() }
    }

    /// `discardStaged` for one batch only: its temp files go, other staged files stay.
    public func discard(_ articles: [PendingArticle]) {
        let names = Set(articles.map(\.tempName))
        for name in names { _ = try? directory.remove(name) }
        withStaged { $0.removeAll { names.contains($0) } }
    }

    /// Start-up recovery for the articles of batches the state store still lists as pending
    /// (committed, not marked delivered). Each temp file still present was synced before the
    /// commit and is renamed into place; a missing temp whose final file exists was delivered
    /// before the crash; both gone is reported in `missing`. The directory is then synced (also
    /// when nothing changed: a rename done just before a process crash may still be only in
    /// the page cache), after which the caller marks the batches delivered.
    public func recover(_ pending: [PendingArticle]) throws(OutputError) -> RecoveryReport {
        var report = RecoveryReport()
        for article in pending {
            let final = try directory.status(of: article.fileName)
            guard let temp = try directory.status(of: article.tempName) else {
                if final != nil { report.alreadyDelivered.append(article) } else { report.missing.append(article) }
                continue
            }
            guard temp.isRegularFile else {
                // Not a file we wrote: never move a symlink (or anything else) into a final name.
                throw OutputError(directory: directory.path, file: article.tempName, operation: "stat",
                                  errno: temp.isSymlink ? ELOOP : EINVAL)
            }
            if let final, final.device == temp.device, final.inode == temp.inode {
                // The link + unlink fallback of `renameNoReplace` stopped between its two steps.
                try directory.remove(article.tempName)
                report.alreadyDelivered.append(article)
            } else {
                try directory.renameNoReplace(article.tempName, to: article.fileName)
                report.renamed.append(article)
            }
        }
        if !pending.isEmpty { try directory.syncEntries() }
        return report
    }

    /// Deletes temp files (regular files named like ours) whose names are not in `keeping`:
    /// left by a crash before their batch was committed, so the feed's validators did not
    /// advance and those articles come again. Returns how many were deleted.
    public func removeOrphanTemps(keeping: Set<String>) throws(OutputError) -> Int {
        var removed = 0
        for name in try directory.names() where ArticleFileName.isTemp(name) && !keeping.contains(name) {
            guard let status = try directory.status(of: name), status.isRegularFile else { continue }
            if try directory.remove(name) { removed += 1 }
        }
        return removed
    }
}
