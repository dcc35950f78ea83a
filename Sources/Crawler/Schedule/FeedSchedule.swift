/// When to poll a feed next. Pure functions of their arguments: the clock is passed in
/// as Unix epoch milliseconds (what the state database stores), randomness through an
/// injected generator. No I/O, no sleeping.
public enum FeedSchedule {
    /// First poll of a feed never seen before: a point in `[now, now + interval)` chosen
    /// by a stable hash of the feed name, so 10,000 new feeds do not all fire at start-up
    /// and a restart before the first poll keeps the same spread. An interval above
    /// `PollPolicy.maxInterval` is capped to it; an interval ≤ 0 gives `now`.
    public static func firstDue(feedName: String, interval: Duration, now: Int64) -> Int64 {
        let range = min(max(interval.wholeMilliseconds, 0), PollPolicy.maxInterval.wholeMilliseconds)
        let offset = FeedNameHash.position(of: feedName, in: UInt64(range))
        return now.addingSaturating(Int64(offset))
    }

    /// After a successful poll: `now + max(interval, hints…)`, at most `PollPolicy.maxInterval`.
    /// Hints are what the feed asks for (Cache-Control max-age, RSS `<ttl>`,
    /// `sy:updatePeriod`/`sy:updateFrequency`); they may only lengthen the interval, never
    /// shorten it. Failures before this success do not matter: the count is not an input.
    public static func nextDueAfterSuccess(now: Int64, interval: Duration, hints: [Duration]) -> Int64 {
        let longest = hints.reduce(interval) { max($0, $1) }
        let delay = min(max(longest, .zero), PollPolicy.maxInterval)
        return now.addingSaturating(delay.wholeMilliseconds)
    }

    /// After failure number `errorCount` in a row (1 = the first): exponential backoff
    /// `interval * 2^(errorCount-1)` capped at `PollPolicy.maxInterval`, jittered ±10 %
    /// (never beyond the cap), and never earlier than `now + retryAfter` when the server
    /// sent Retry-After (RFC 9110 §10.2.3), itself capped at `PollPolicy.maxInterval` so a
    /// hostile or mistaken server cannot park a feed for a year.
    public static func nextDueAfterFailure(
        now: Int64, interval: Duration, errorCount: Int, retryAfter: Duration?,
        using rng: inout some RandomNumberGenerator
    ) -> Int64 {
        var delay = Backoff.jitteredDelay(interval: interval, errorCount: errorCount, using: &rng)
        if let retryAfter {
            let asked = min(max(retryAfter, .zero), PollPolicy.maxInterval).wholeMilliseconds
            delay = max(delay, asked)
        }
        return now.addingSaturating(delay)
    }
}
