/// HTTP-date (RFC 9110 §5.6.7) to seconds since the Unix epoch, for Retry-After and
/// Date only: Last-Modified is never parsed, it goes back to the server byte-exact.
///
/// Recipients must accept the three historical forms:
///   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
///   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"
///   asctime      "Sun Nov  6 08:49:37 1994"
/// so the reader takes tokens in any of those orders: a month name, a day, a year and
/// an hh:mm:ss time. Weekday names and the zone ("GMT") are ignored.
enum HTTPDate {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isLetter(byte) {
                let start = index
                while index < bytes.count, isLetter(bytes[index]) { index += 1 }
                if month == nil, let found = monthNumber(bytes, start, index) { month = found }
            } else if isDigit(byte) {
                let start = index
                let number = readNumber(bytes, &index)
                let digits = index - start
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    guard time == nil, let parsed = readTime(number, bytes, &index) else { return nil }
                    time = parsed
                } else if day == nil, digits <= 2 {
                    day = number
                } else if year == nil {
                    // RFC 850's two-digit year: RFC 9110 §5.6.7 says to take the most recent
                    // past year with those digits; 70 as the pivot keeps 1970-2069.
                    year = digits == 2 ? (number < 70 ? 2000 + number : 1900 + number) : number
                } else {
                    return nil
                }
            } else {
                index += 1
            }
        }
        guard let day, let month, let year, let (hour, minute, second) = time,
            (1...31).contains(day), year >= 1970, year <= 9999,
            hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
    /// `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func readTime(_ hour: Int, _ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> (Int, Int, Int)? {
        var parts = [hour]
        while parts.count < 3 {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), isDigit(bytes[index + 1]) else {
                return nil
            }
            index += 1
            parts.append(readNumber(bytes, &index))
        }
        return (parts[0], parts[1], parts[2])
    }

    private static func readNumber(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> Int {
        var value = 0
        while index < bytes.count, isDigit(bytes[index]), value < 100_000 {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    private static let months: [StaticString] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]

    private static func monthNumber(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int? {
        guard end - start == 3 else { return nil }
        let word = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        for (offset, name) in months.enumerated() where HeaderBytes.equalsIgnoringCase(word, name) {
            return offset + 1
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
