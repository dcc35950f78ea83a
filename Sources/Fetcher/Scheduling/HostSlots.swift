/// Which queued transfers may start: at most `total` in flight, at most `perHost` per
/// host (the lowercased host of the hop about to run), first come first served.
///
/// A queued item whose host is full does not block the items behind it for other
/// hosts; items of the same host start in submission order. A redirected transfer
/// comes back with its original sequence number, so it keeps its place. Plain value
/// type with no I/O, so the rules are tested directly.
struct HostSlots<Item> {
    struct Entry {
        var sequence: UInt64
        var host: String
        var item: Item
    }

    private(set) var total: Int
    private(set) var perHost: Int
    private(set) var running = 0
    private var runningPerHost: [String: Int] = [:]
    /// Sorted by `sequence`.
    private var queue: [Entry] = []

    init(total: Int, perHost: Int) {
        self.total = max(1, total)
        self.perHost = max(1, perHost)
    }

    var queuedCount: Int { queue.count }

    /// New limits (a configuration reload): transfers running stay; from the next `admit`
    /// on, a lower limit lets fewer start until enough have ended, a higher one more.
    mutating func setLimits(total: Int, perHost: Int) {
        self.total = max(1, total)
        self.perHost = max(1, perHost)
    }

    mutating func enqueue(sequence: UInt64, host: String, item: Item) {
        let entry = Entry(sequence: sequence, host: host, item: item)
        // New submissions have the largest sequence: appending is the common case.
        if let last = queue.last, last.sequence > sequence {
            let index = queue.firstIndex { $0.sequence > sequence } ?? queue.endIndex
            queue.insert(entry, at: index)
        } else {
            queue.append(entry)
        }
    }

    /// Takes the slots for every item that may start now, in queue order.
    mutating func admit() -> [Entry] {
        guard running < total, !queue.isEmpty else { return [] }
        var started: [Entry] = []
        var waiting: [Entry] = []
        waiting.reserveCapacity(queue.count)
        for entry in queue {
            if running < total, runningPerHost[entry.host, default: 0] < perHost {
                running += 1
                runningPerHost[entry.host, default: 0] += 1
                started.append(entry)
            } else {
                waiting.append(entry)
            }
        }
        queue = waiting
        return started
    }

    /// Gives back the slot of a transfer that ran on `host`.
    mutating func release(host: String) {
        guard let count = runningPerHost[host] else { return }
        running -= 1
        runningPerHost[host] = count > 1 ? count - 1 : nil
    }

    /// Removes a queued item (a cancelled fetch); nil when none matches.
    mutating func removeQueued(where matches: (Item) -> Bool) -> Item? {
        guard let index = queue.firstIndex(where: { matches($0.item) }) else { return nil }
        return queue.remove(at: index).item
    }

    /// Empties the queue (shutdown).
    mutating func removeAllQueued() -> [Item] {
        defer { queue = [] }
        return queue.map(\.item)
    }
}
