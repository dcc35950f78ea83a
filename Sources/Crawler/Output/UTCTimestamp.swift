import FeedParser

/// The two time formats of the output, both UTC and fixed width for years 1000-9999.
enum UTCTimestamp {
    /// ISO 8601 basic format in UTC with microseconds: `20261127T102233.123456Z`.
    static func fileStamp(_ micros: Int64) -> String {
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        // The calendar arithmetic is FeedDate's ("2026-11-27T10:22:33Z"): one implementation of
        // days-to-civil-date; the separators of the extended format are dropped here.
        for byte in FeedDate.rfc3339(seconds).utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: ":") && byte != UInt8(ascii: "Z") {
            out.append(byte)
        }
        out.append(UInt8(ascii: "."))
        appendDigits(fraction, count: 6, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 3339 §5.6 date-time in UTC with milliseconds: `2026-11-27T10:22:33.123Z`.
    static func rfc3339Milliseconds(_ millis: Int64) -> String {
        let (seconds, fraction) = floorDivide(millis, 1_000)
        var out = Array(FeedDate.rfc3339(seconds).utf8.dropLast())  // without the "Z"
        out.append(UInt8(ascii: "."))
        appendDigits(fraction, count: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Quotient and remainder rounding towards minus infinity, so instants before 1970 still
    /// get a fraction in 0..<divisor.
    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }

    private static func appendDigits(_ value: Int64, count: Int, to out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
