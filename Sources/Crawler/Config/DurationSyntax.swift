/// `90s`, `15m`, `2h`, `7d`, `1h30m`, `500ms`; a bare number is seconds.
///
/// Units are lowercase (`15M` could be read as months) and must appear in strictly
/// decreasing order, each at most once, so `30m1h` and `1m1m` are rejected as typos
/// rather than summed. Whole numbers only. Overflow of Int64 milliseconds is rejected.
enum DurationSyntax {
    private enum Unit: Int {
        // Raw values order the units: a later component must have a smaller one.
        case milliseconds = 0, seconds, minutes, hours, days

        var milliseconds: Int64 {
            switch self {
            case .milliseconds: 1
            case .seconds: 1_000
            case .minutes: 60_000
            case .hours: 3_600_000
            case .days: 86_400_000
            }
        }
    }

    static func parse(_ text: Substring.UTF8View) -> Duration? {
        var bytes = text[...]
        ASCIIScanning.trimSpaces(&bytes)
        guard !bytes.isEmpty else { return nil }
        var total: Int64 = 0
        var previous: Unit?
        while !bytes.isEmpty {
            guard let number = ASCIIScanning.takeNumber(&bytes) else { return nil }
            let unit: Unit
            if bytes.isEmpty {
                // A bare number means seconds, but only as the whole value: `1h30` is a typo.
                guard previous == nil else { return nil }
                unit = .seconds
            } else {
                guard let parsed = takeUnit(&bytes) else { return nil }
                unit = parsed
            }
            if let previous, unit.rawValue >= previous.rawValue { return nil }
            previous = unit
            let (product, overflowA) = number.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, overflowB) = total.addingReportingOverflow(product)
            guard !overflowA, !overflowB else { return nil }
            total = sum
        }
        return .milliseconds(total)
    }

    private static func takeUnit(_ bytes: inout Substring.UTF8View) -> Unit? {
        var unit: Unit?
        var length = 0
        var iterator = bytes.makeIterator()
        switch (iterator.next(), iterator.next()) {
        case (UInt8(ascii: "m"), UInt8(ascii: "s")): (unit, length) = (.milliseconds, 2)
        case (UInt8(ascii: "s"), _): (unit, length) = (.seconds, 1)
        case (UInt8(ascii: "m"), _): (unit, length) = (.minutes, 1)
        case (UInt8(ascii: "h"), _): (unit, length) = (.hours, 1)
        case (UInt8(ascii: "d"), _): (unit, length) = (.days, 1)
        default: return nil
        }
        bytes = bytes.dropFirst(length)
        return unit
    }
}


extension DurationSyntax {
    /// The shortest spelling `parse` reads back: `10s`, `24h`, `1h30m`, `500ms`, `0s`.
    static func format(_ duration: Duration) -> String {
        var remaining = duration.wholeMilliseconds
        guard remaining > 0 else { return "0s" }
        var text = ""
        for (unit, suffix) in [(Int64(86_400_000), "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s"), (1, "ms")] {
            let count = remaining / unit
            if count > 0 { text += "\(count)\(suffix)" }
            remaining %= unit
        }
        return text
    }
}
