import Testing
import TestSupport

@testable import Crawler

@Suite struct ScheduleTests {
    /// 2023-11-14T22:13:20Z in epoch milliseconds.
    private static let now: Int64 = 1_700_000_000_000
    private static let day: Int64 = 86_400_000

    // MARK: First poll

    @Test(arguments: [
        // Test vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv, "FNV-1a 64").
        ("", 0xcbf2_9ce4_8422_2325 as UInt64),
        ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
    ])
    func fnv1aMatchesReferenceVectors(name: String, expected: UInt64) {
        #expect(FeedNameHash.fnv1a64(name) == expected)
    }

    @Test func firstDueIsStableAcrossRuns() {
        // Computed independently (Python: FNV-1a 64, fmix64, (h * 900000) >> 64); a restart
        // or another machine must give the same offset, which a seeded hashValue would not.
        #expect(FeedSchedule.firstDue(feedName: "kazpravda", interval: .seconds(900), now: Self.now) == Self.now + 821_004)
        #expect(FeedSchedule.firstDue(feedName: "tengrinews", interval: .seconds(900), now: Self.now) == Self.now + 226_937)
    }

    @Test func firstDueSpreadsTenThousandFeedsUniformly() {
        let interval: Int64 = 900_000
        var buckets = [Int](repeating: 0, count: 10)
        for index in 0..<10_000 {
            let due = FeedSchedule.firstDue(feedName: "feed-\(index)", interval: .seconds(900), now: Self.now)
            #expect(due >= Self.now && due < Self.now + interval)
            buckets[Int((due - Self.now) * 10 / interval)] += 1
        }
        // Expected 1,000 per tenth; names differing in one trailing digit must not cluster.
        for (tenth, count) in buckets.enumerated() {
            #expect((800...1200).contains(count), "tenth \(tenth) holds \(count) feeds")
        }
    }

    @Test func firstDueCapsIntervalAndHandlesZero() {
        let due = FeedSchedule.firstDue(feedName: "weekly", interval: .seconds(7 * 86_400), now: Self.now)
        #expect(due >= Self.now && due < Self.now + Self.day)
        #expect(FeedSchedule.firstDue(feedName: "x", interval: .zero, now: Self.now) == Self.now)
    }

    // MARK: After success

    @Test(arguments: [
        ([Duration](), Self.now + 900_000),
        ([.seconds(3600)], Self.now + 3_600_000),  // max-age 1 h lengthens
        ([.seconds(60)], Self.now + 900_000),  // ttl 1 min cannot shorten
        ([.seconds(60), .seconds(1800), .seconds(1200)], Self.now + 1_800_000),  // longest hint wins
        ([.seconds(7 * 86_400)], Self.now + 86_400_000),  // sy:updatePeriod weekly: capped at 24 h
        ([.seconds(-5)], Self.now + 900_000),
    ])
    func successUsesLongestOfIntervalAndHintsCappedAt24h(hints: [Duration], expected: Int64) {
        #expect(FeedSchedule.nextDueAfterSuccess(now: Self.now, interval: .seconds(900), hints: hints) == expected)
    }

    @Test func successAfterFailuresReturnsToTheInterval() {
        var rng = SplitMix64(state: 1)
        let failed = FeedSchedule.nextDueAfterFailure(
            now: Self.now, interval: .seconds(900), errorCount: 6, retryAfter: nil, using: &rng)
        #expect(failed > Self.now + 25_000_000)  // 8 h backoff, minus 10 %
        // The error count is not an input: a success resets the schedule to the plain interval.
        #expect(FeedSchedule.nextDueAfterSuccess(now: Self.now, interval: .seconds(900), hints: []) == Self.now + 900_000)
    }

    @Test func successDoesNotTrapAtTheEndOfTime() {
        #expect(FeedSchedule.nextDueAfterSuccess(now: .max - 1, interval: .seconds(900), hints: []) == .max)
    }

    // MARK: After failure

    /// (errorCount, expected delay in ms) for a 15 min interval.
    static let backoffTable: [(Int, Int64)] = [
        (1, 900_000),  // 15 min
        (2, 1_800_000),
        (3, 3_600_000),
        (4, 7_200_000),
        (5, 14_400_000),
        (6, 28_800_000),
        (7, 57_600_000),  // 16 h
        (8, 86_400_000),  // 32 h capped to 24 h
        (9, 86_400_000),
        (10_000, 86_400_000),  // 2^9999 would overflow anything; capped before conversion
        (Int.max, 86_400_000),
        (0, 900_000),  // nonsense counts are treated as the first failure
        (-4, 900_000),
    ]

    @Test(arguments: backoffTable)
    func backoffDoublesUpTo24h(errorCount: Int, expected: Int64) {
        #expect(Backoff.baseDelay(interval: .seconds(900), errorCount: errorCount) == expected)
    }

    @Test func hugeIntervalIsCappedBeforeDoubling() {
        #expect(Backoff.baseDelay(interval: .seconds(Int64.max), errorCount: 3) == 86_400_000)
    }

    @Test(arguments: [(1, 900_000), (3, 3_600_000), (7, 57_600_000)] as [(Int, Int64)])
    func jitterStaysWithinTenPercentAndUsesTheRange(errorCount: Int, base: Int64) {
        var rng = SplitMix64(state: 42)
        var lowest = Int64.max
        var highest = Int64.min
        for _ in 0..<1_000 {
            let due = FeedSchedule.nextDueAfterFailure(
                now: Self.now, interval: .seconds(900), errorCount: errorCount, retryAfter: nil, using: &rng)
            let delay = due - Self.now
            #expect(delay >= base - base / 10 && delay <= base + base / 10)
            lowest = min(lowest, delay)
            highest = max(highest, delay)
        }
        // Feeds that failed together must not retry together: 1,000 draws cover most of ±10 %.
        #expect(lowest < base - base / 20)
        #expect(highest > base + base / 20)
    }

    @Test func jitterNeverPassesTheCap() {
        var rng = SplitMix64(state: 7)
        var lowest = Int64.max
        for _ in 0..<1_000 {
            let due = FeedSchedule.nextDueAfterFailure(
                now: Self.now, interval: .seconds(900), errorCount: 10_000, retryAfter: nil, using: &rng)
            #expect(due <= Self.now + Self.day)
            lowest = min(lowest, due - Self.now)
        }
        #expect(lowest >= 77_760_000)  // 24 h - 10 %
        #expect(lowest < 82_080_000)  // still spread: below 24 h - 5 %
    }

    @Test func retryAfterIsNeverUndercut() {
        var rng = SplitMix64(state: 3)
        // Retry-After 2 h beats the 15 min backoff of a first failure.
        #expect(
            FeedSchedule.nextDueAfterFailure(
                now: Self.now, interval: .seconds(900), errorCount: 1, retryAfter: .seconds(7200), using: &rng)
                == Self.now + 7_200_000)
        // A Retry-After of 30 days is capped at 24 h.
        #expect(
            FeedSchedule.nextDueAfterFailure(
                now: Self.now, interval: .seconds(900), errorCount: 1, retryAfter: .seconds(30 * 86_400), using: &rng)
                == Self.now + Self.day)
        // A shorter Retry-After does not shorten the backoff (4 h ± 10 % for the 5th failure).
        let due = FeedSchedule.nextDueAfterFailure(
            now: Self.now, interval: .seconds(900), errorCount: 5, retryAfter: .seconds(60), using: &rng)
        #expect(due >= Self.now + 12_960_000 && due <= Self.now + 15_840_000)
    }
}
