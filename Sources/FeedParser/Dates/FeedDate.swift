/// Feed dates: text in any of the shapes real feeds send → seconds since the Unix epoch, and back to RFC 3339.
///
/// Shapes read (grammar in `DateGrammar.swift`, names in `DateNames.swift`):
/// - RFC 822 / 1123 / 5322: `Tue, 25 Nov 2026 10:15:00 +0300`, weekday optional and ignored, seconds optional,
///   2-, 3- or 4-digit years, full or abbreviated month names, `25-Nov-2026`, a trailing `(comment)`.
/// - Month first: `Nov 25, 2026 10:15`, asctime/`date` output `Tue Nov 25 10:15:00 UTC 2026`, 12-hour `10:15 PM`.
/// - ISO 8601 / RFC 3339 / W3C-DTF: `2026`, `2026-11`, `2026-11-25`, `2026-11-25T10:15[:00[.123]][Z|±hh[:mm]]`,
///   space for `T`, lowercase `t`/`z`, comma fraction, basic `20261125T101500Z`.
/// - Russian/Kazakh: `25 ноября 2026 г. в 10:15`, `Ср, 25 ноя 2026 10:15:00 +0300`, `25 қараша 2026`;
///   and day.month.year `25.11.2026 10:15`.
///
/// Decisions:
/// - No zone at all means UTC: a feed that omits the zone gives us nothing better, and UTC is what
///   RFC 3339 §4.3 calls the reference ("-00:00": offset to local time unknown).
/// - An alphabetic zone not in `DateNames.zones` gives nil: we do not guess an offset.
/// - RFC 822 military letters (A-I, K-Y) are read as UTC. RFC 822 §5.1 gave them offsets, RFC 1123 §5.2.14
///   says their signs were specified wrongly and they are unreliable, and RFC 5322 §4.3 (as RFC 2822 §4.3
///   before it) says they SHOULD be treated as "-0000" unless out-of-band information says otherwise.
///   Z is UTC in every reading. J is not a zone.
/// - `GMT+3`, `UTC+05:30`: the sign means east of Greenwich as people write it, not the inverted POSIX TZ sign.
/// - Second 60 (a leap second) is read as 59; `24:00:00` is midnight at the end of the day (ISO 8601 §4.2.3).
/// - Fractions of a second are dropped (truncated).
public enum FeedDate {
    /// Seconds since 1970-01-01T00:00:00Z, or nil when the text is not a date we can read exactly
    /// (never a guess: a partial or invalid date that cannot be pinned gives nil).
    public static func parse(_ text: String) -> Int64? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ DateGrammar.parse($0) }) {
            return result
        }
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return contiguous.utf8.withContiguousStorageIfAvailable { DateGrammar.parse($0) } ?? nil
    }

    /// "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339, UTC, no fraction). Years 0000-9999 only matter; outside them the
    /// year is written with as many digits as it needs and a leading "-" when negative.
    public static func rfc3339(_ seconds: Int64) -> String {
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let date = CivilDate(daysSinceEpoch: days)
        let hour = Int(secondOfDay / 3600)
        let minute = Int(secondOfDay / 60 % 60)
        let second = Int(secondOfDay % 60)
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func putTwo(_ value: Int) {
                put(UInt8(48 + value / 10))
                put(UInt8(48 + value % 10))
            }
            var year = date.year
            if year < 0 {
                put(UInt8(ascii: "-"))
                year = -year
            }
            // Digits of the year, at least four ("0042"), more when the year needs them.
            var digits = InlineArray<20, UInt8>(repeating: 48)
            var digitCount = 0
            repeat {
                digits[digitCount] = UInt8(48 + year % 10)
                year /= 10
                digitCount += 1
            } while year > 0
            for index in stride(from: max(digitCount, 4) - 1, through: 0, by: -1) { put(digits[index]) }
            put(UInt8(ascii: "-"))
            putTwo(date.month)
            put(UInt8(ascii: "-"))
            putTwo(date.day)
            put(UInt8(ascii: "T"))
            putTwo(hour)
            put(UInt8(ascii: ":"))
            putTwo(minute)
            put(UInt8(ascii: ":"))
            putTwo(second)
            put(UInt8(ascii: "Z"))
            return count
        }
    }
}

/// A proleptic Gregorian date, converted to and from days since 1970-01-01 with Howard Hinnant's
/// `days_from_civil` / `civil_from_days` (https://howardhinnant.github.io/date_algorithms.html):
/// exact for every Int64 day count we produce, no tables, no loops.
struct CivilDate: Equatable {
    var year: Int64
    var month: Int
    var day: Int

    init(year: Int64, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097  // [0, 146096]
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // [0, 399]
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // [0, 365], from March 1
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // [0, 11], March = 0
        day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    var daysSinceEpoch: Int64 {
        let y = year - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400  // [0, 399]
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)  // [0, 365]
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // [0, 146096]
        return era * 146_097 + dayOfEra - 719_468
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ month: Int, year: Int64) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// The fields of a date as read, checked and turned into epoch seconds in one place.
struct DateFields {
    var year: Int64 = 0
    var month = 1
    var day = 1
    var hour = 0
    var minute = 0
    var second = 0
    var fractionIsZero = true
    /// Offset of the written time from UTC, east positive.
    var offsetSeconds = 0

    /// Nil unless every field is in range: month 1-12, day within the month (leap years counted), hour 0-23
    /// or exactly 24:00:00 (ISO 8601 end of day), minute 0-59, second 0-60 (60 → 59), offset within ±18 h
    /// (the RFC 3339 / ISO 8601 bound).
    var epochSeconds: Int64? {
        guard (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(month, year: year),
              (0...59).contains(minute), (0...60).contains(second),
              hour >= 0, hour < 24 || (hour == 24 && minute == 0 && second == 0 && fractionIsZero),
              abs(offsetSeconds) <= 18 * 3600
        else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let clock = hour * 3600 + minute * 60 + min(second, 59)
        return days * 86_400 + Int64(clock - offsetSeconds)
    }
}
