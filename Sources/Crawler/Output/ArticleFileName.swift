/// Names in the output directory: `<UTC timestamp>-<id>.json`, written first as
/// `.tmp-<name>.part`. Built only from our own timestamp and the article id (32 hex digits we
/// computed), never from feed content, so a name can hold no "/" or "..".
enum ArticleFileName {
    /// A temp name is hidden (dot first: shell and Python globs skip it) and does not end in
    /// ".json" either, because Go's `filepath.Glob("*.json")` and Rust's `glob` match dot
    /// files: a consumer that lists `*.json` any way never sees a file still being written.
    static let tempPrefix = ".tmp-"
    static let tempSuffix = ".part"

    /// `YYYYMMDDTHHMMSS.ffffffZ-<id>.json`, e.g. `20261127T102233.123456Z-<32 hex>.json`.
    /// Fixed width for years 1000-9999, so byte order is time order.
    static func final(timestamp micros: Int64, id: String) -> String {
        UTCTimestamp.fileStamp(micros) + "-" + id + ".json"
    }

    static func temp(forFinal name: String) -> String { tempPrefix + name + tempSuffix }

    /// A name this writer could have given a temp file (others in the directory are left alone).
    static func isTemp(_ name: String) -> Bool {
        name.utf8.count > tempPrefix.utf8.count + tempSuffix.utf8.count
            && name.hasPrefix(tempPrefix) && name.hasSuffix(tempSuffix)
    }

    /// True for the ids `Entry.id` promises: 32 lowercase hex digits. Anything else is refused
    /// rather than put into a path.
    static func isArticleID(_ id: String) -> Bool {
        var count = 0
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"): count += 1
            default: return false
            }
        }
        return count == 32
    }
}
