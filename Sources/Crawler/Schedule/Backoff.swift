/// Delay before retrying a feed that failed `errorCount` times in a row.
///
/// `interval * 2^(errorCount-1)`, capped at `PollPolicy.maxInterval` while still small
/// integers (as async-http-client's `HTTPConnectionPool+Backoff.swift` caps "_before_ we
/// convert to Int64, to avoid trapping"), then spread uniformly over ±10 % but never past
/// the cap. Examples with a 15 min interval: 1 → 15 min, 2 → 30 min, 3 → 1 h, 4 → 2 h,
/// 5 → 4 h, 6 → 8 h, 7 → 16 h, 8 and beyond → 24 h (± jitter, at most 24 h).
enum Backoff {
    /// Unjittered delay in milliseconds, in `0...PollPolicy.maxInterval`.
    static func baseDelay(interval: Duration, errorCount: Int) -> Int64 {
        let cap = PollPolicy.maxInterval.wholeMilliseconds
        var delay = min(max(interval.wholeMilliseconds, 0), cap)
        // Doubling stops at the cap, so the loop runs at most ~27 times for a 1 ms interval
        // and `delay * 2` stays far below Int64.max; huge errorCounts cost nothing more.
        var doublings = max(errorCount, 1) - 1
        while doublings > 0, delay > 0, delay < cap {
            delay *= 2
            doublings -= 1
        }
        return min(delay, cap)
    }

    /// `baseDelay` moved uniformly within ±`PollPolicy.backoffJitter` of itself, not above the cap.
    static func jitteredDelay(
        interval: Duration, errorCount: Int, using rng: inout some RandomNumberGenerator
    ) -> Int64 {
        let delay = baseDelay(interval: interval, errorCount: errorCount)
        let spread = Int64(Double(delay) * PollPolicy.backoffJitter)
        let upper = min(delay + spread, PollPolicy.maxInterval.wholeMilliseconds)
        return Int64.random(in: (delay - spread)...upper, using: &rng)
    }
}
