/// Exit statuses of `feedcrawler run` (sysexits.h where one fits).
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// --once: some feeds failed; the others were written.
    case someFeedsFailed = 1
    /// EX_CANTCREAT: the output directory or the state file cannot be created or written.
    case cannotCreate = 73
    /// EX_CONFIG: feeds.conf is invalid.
    case config = 78
}
