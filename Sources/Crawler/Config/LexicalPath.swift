/// Path arithmetic on strings only: no file-system access, symlinks not followed
/// (the directories may not exist yet when the configuration is checked).
enum LexicalPath {
    /// `path` if absolute, else `base/path`; `.` and `..` components removed,
    /// duplicate and trailing slashes dropped. `..` at the root stays at the root.
    static func resolve(_ path: String, against base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var components: [Substring] = []
        for component in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The directory part of `path`: `conf/feeds.conf` → `conf`, `feeds.conf` → `.`, `/feeds.conf` → `/`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }
}
