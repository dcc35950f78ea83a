import Testing

@testable import Fetcher

/// Slot rules as plain values: no sockets, no clock.
@Suite struct HostSlotsTests {
    @Test func perHostAndTotalLimits() {
        var slots = HostSlots<String>(total: 3, perHost: 2)
        for (n, host) in ["a", "a", "a", "b", "c"].enumerated() {
            slots.enqueue(sequence: UInt64(n), host: host, item: "\(host)\(n)")
        }
        // a0, a1 fill host a; a2 waits; b3 takes the last global slot; c4 waits.
        #expect(slots.admit().map(\.item) == ["a0", "a1", "b3"])
        #expect(slots.queuedCount == 2)
        #expect(slots.admit().isEmpty)
        slots.release(host: "a")
        // First in line wins the freed global slot, and host a has room again.
        #expect(slots.admit().map(\.item) == ["a2"])
        slots.release(host: "b")
        #expect(slots.admit().map(\.item) == ["c4"])
    }

    /// A reload changes the limits: running transfers stay, the queue follows the new ones.
    @Test func changedLimitsApplyToTheQueue() {
        var slots = HostSlots<String>(total: 1, perHost: 1)
        for (n, host) in ["a", "a", "a", "b"].enumerated() {
            slots.enqueue(sequence: UInt64(n), host: host, item: "\(host)\(n)")
        }
        #expect(slots.admit().map(\.item) == ["a0"])
        slots.setLimits(total: 3, perHost: 2)
        #expect(slots.admit().map(\.item) == ["a1", "b3"])
        // Lowered below what runs: nothing starts until enough have ended.
        slots.setLimits(total: 2, perHost: 1)
        slots.release(host: "a")
        #expect(slots.admit().isEmpty)  // 2 running (a1, b3), total 2
        slots.release(host: "b")
        #expect(slots.admit().isEmpty)  // host a still has a1 running, per host 1
        slots.release(host: "a")
        #expect(slots.admit().map(\.item) == ["a2"])
        // Zero or less is taken as one, as at init.
        slots.setLimits(total: 0, perHost: -1)
        #expect(slots.total == 1 && slots.perHost == 1)
    }

    /// A redirected transfer re-enters with its original number and goes before
    /// later submissions.
    @Test func requeuedItemKeepsItsTurn() {
        var slots = HostSlots<String>(total: 1, perHost: 1)
        slots.enqueue(sequence: 5, host: "x", item: "later")
        slots.enqueue(sequence: 2, host: "y", item: "redirected")
        #expect(slots.admit().map(\.item) == ["redirected"])
    }

    @Test func queuedItemCanBeRemoved() {
        var slots = HostSlots<Int>(total: 1, perHost: 1)
        slots.enqueue(sequence: 1, host: "a", item: 1)
        slots.enqueue(sequence: 2, host: "a", item: 2)
        _ = slots.admit()
        #expect(slots.removeQueued { $0 == 2 } == 2)
        #expect(slots.removeQueued { $0 == 2 } == nil)
        #expect(slots.queuedCount == 0)
    }

    @Test func releasingUnknownHostChangesNothing() {
        var slots = HostSlots<Int>(total: 1, perHost: 1)
        slots.release(host: "nobody")
        #expect(slots.running == 0)
    }
}
