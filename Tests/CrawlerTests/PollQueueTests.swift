import Testing
import TestSupport
@testable import Crawler

/// The daemon's due-time queue: earliest first, only what is due, rescheduling supersedes.
struct PollQueueTests {
    @Test func popsOnlyWhatIsDueInOrder() {
        var q = PollQueue()
        q.schedule(2, at: 300)
        q.schedule(0, at: 100)
        q.schedule(1, at: 200)
        #expect(q.nextDue() == 100)
        #expect(q.popDue(now: 250) == 0)
        #expect(q.popDue(now: 250) == 1)
        #expect(q.popDue(now: 250) == nil)
        #expect(q.count == 1)
        #expect(q.nextDue() == 300)
    }

    @Test func reschedulingSupersedesTheOldTime() {
        var q = PollQueue()
        q.schedule(7, at: 100)
        q.schedule(7, at: 500)   // e.g. a delivery failure pushed the feed back
        #expect(q.count == 1)
        #expect(q.nextDue() == 500)
        #expect(q.popDue(now: 200) == nil)
        #expect(q.popDue(now: 500) == 7)
        #expect(q.popDue(now: 1_000) == nil)
    }

    @Test func cancelledFeedIsNeverPopped() {
        var q = PollQueue()
        q.schedule(1, at: 10)
        q.schedule(2, at: 20)
        q.cancel(1)
        #expect(q.popDue(now: 100) == 2)
        #expect(q.popDue(now: 100) == nil)
        #expect(q.nextDue() == nil)
    }

    @Test func tenThousandFeedsComeOutSorted() {
        var q = PollQueue()
        var rng = SplitMix64(state: 42)
        for i in 0..<10_000 { q.schedule(i, at: Int64(rng.next() % 1_000_000)) }
        var last: Int64 = -1
        var popped = 0
        while let due = q.nextDue(), let _ = q.popDue(now: .max) {
            #expect(due >= last)
            last = due
            popped += 1
        }
        #expect(popped == 10_000)
    }
}
