import HeapModule

/// Which feed is due next, in O(log n): a min-heap of (due time, feed index). The daemon
/// takes only what is due and sleeps until the head's due time, instead of walking every
/// feed after every event (which made a 10,000-feed crawl quadratic).
///
/// A feed has one current due time; rescheduling pushes a new entry and leaves the old one
/// in the heap, where it is recognised as stale (its time is no longer the feed's) and
/// skipped when it reaches the top.
struct PollQueue {
    private struct Item: Comparable {
        var due: Int64
        var index: Int
        static func < (a: Item, b: Item) -> Bool { (a.due, a.index) < (b.due, b.index) }
    }

    private var heap = Heap<Item>()
    private var current: [Int: Int64] = [:]

    /// How many feeds are waiting (stale entries not counted).
    var count: Int { current.count }

    mutating func schedule(_ index: Int, at due: Int64) {
        current[index] = due
        heap.insert(Item(due: due, index: index))
    }

    mutating func cancel(_ index: Int) {
        current[index] = nil
    }

    /// The earliest due time, nil when nothing waits.
    mutating func nextDue() -> Int64? {
        dropStale()
        return heap.min?.due
    }

    /// The next feed due at or before `now`, removed from the queue.
    mutating func popDue(now: Int64) -> Int? {
        dropStale()
        guard let top = heap.min, top.due <= now else { return nil }
        heap.removeMin()
        current[top.index] = nil
        return top.index
    }

    private mutating func dropStale() {
        while let top = heap.min, current[top.index] != top.due {
            heap.removeMin()
        }
    }
}
