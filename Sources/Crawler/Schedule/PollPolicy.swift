/// The bounds every schedule respects.
public struct PollPolicy: Sendable {
    /// No feed waits longer than a day between polls: not after a success with long
    /// cache hints, not after many failures, not for a long Retry-After.
    public static let maxInterval: Duration = .seconds(86_400)
    /// The shortest poll interval feeds.conf accepts.
    public static let minInterval: Duration = .seconds(10)
    /// Backoff delays are spread by up to this fraction either way, so feeds that
    /// failed together (one host down) do not retry together.
    public static let backoffJitter: Double = 0.1
}

extension Duration {
    /// Whole milliseconds, truncated toward zero; saturates at Int64 bounds, so it never traps.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (secondsPart, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflowSum) = secondsPart.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        if overflowSum { return seconds < 0 ? .min : .max }
        return total
    }
}

extension Int64 {
    /// `self + milliseconds` without trapping near the ends of the range.
    func addingSaturating(_ milliseconds: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(milliseconds)
        return overflow ? (milliseconds > 0 ? .max : .min) : sum
    }
}
