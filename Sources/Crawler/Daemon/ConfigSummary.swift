#if canImport(Glibc)
import Glibc
#endif
import FeedParser

/// What `feedcrawler check` prints: the settings, then one line per feed with its last known
/// state (gone feeds say so: they are no longer polled).
public enum ConfigSummary {
    public static func readStates(_ config: CrawlerConfig) -> Result<[String: FeedState], StateError>? {
        guard access(config.settings.statePath) else { return nil }
        do {
            return .success(try SQLiteStateStore.readFeedsWithoutLock(path: config.settings.statePath))
        } catch {
            return .failure(error)
        }
    }

    public static func render(_ config: CrawlerConfig, states: Result<[String: FeedState], StateError>?) -> String {
        let s = config.settings
        var out = "\(config.file): OK, \(config.feeds.count) feeds (\(config.feeds.filter(\.enabled).count) enabled)\n"
        out += "output \(s.outputDirectory)\nstate \(s.statePath)\n"
        out += "interval \(s.interval), concurrency \(s.concurrency), per_host \(s.perHost), timeout \(s.timeout), max_size \(s.maxSize) bytes\n"
        var known: [String: FeedState] = [:]
        switch states {
        case .none: out += "state: none yet (no crawl has run)\n"
        case .failure(let e): out += "state: not readable: \(e)\n"
        case .success(let k): known = k
        }
        for f in config.feeds {
            var line = "  \(f.name)  \(f.url)  every \(f.interval)"
            if !f.enabled { line += "  [disabled]" }
            if let st = known[f.name], st.url == f.url {
                if st.gone { line += "  GONE (HTTP 410): not polled; change its url to poll it again" }
                else if let e = st.lastError { line += "  last error: \(e) (\(st.errorCount) in a row)" }
                else if let status = st.lastStatus { line += "  last status \(status)" }
                if let moved = st.permanentURL { line += "  moved permanently to \(moved)" }
                if let due = st.nextDue, !st.gone { line += "  next poll \(FeedDate.rfc3339(due / 1000))" }
            }
            out += line + "\n"
        }
        return out
    }

    private static func access(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }
}
