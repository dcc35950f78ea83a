import Testing
import FeedParser

/// One accepted date shape: the text a feed sends and the instant it names, written by hand as RFC 3339.
struct DateCase: CustomTestStringConvertible, Sendable {
    let text: String
    let expected: String
    let proves: String
    init(_ text: String, _ expected: String, _ proves: String) {
        self.text = text
        self.expected = expected
        self.proves = proves
    }
    var testDescription: String { "\(proves): \"\(text)\"" }
}

/// Most cases name 2026-11-25 10:15 local time, so a wrong offset or field shows at a glance.
private let validDates: [DateCase] = [
    // RFC 822 / 1123 / 5322 (§3.3 date-time)
    DateCase("Tue, 25 Nov 2026 10:15:00 +0300", "2026-11-25T07:15:00Z", "RFC 1123 with numeric zone east of UTC"),
    DateCase("Wed, 25 Nov 2026 10:15:00 GMT", "2026-11-25T10:15:00Z", "GMT is UTC"),
    DateCase("25 Nov 2026 10:15:00 GMT", "2026-11-25T10:15:00Z", "weekday is optional (RFC 5322 §3.3)"),
    DateCase("Mon, 25 Nov 2026 10:15:00 GMT", "2026-11-25T10:15:00Z", "a wrong weekday is ignored"),
    DateCase("Tuesday, 25 Nov 2026 10:15:00 GMT", "2026-11-25T10:15:00Z", "full weekday name"),
    DateCase("Thurs, 26 Nov 2026 10:15:00 GMT", "2026-11-26T10:15:00Z", "longer weekday abbreviation"),
    DateCase("Tue, 25 Nov 2026 10:15 GMT", "2026-11-25T10:15:00Z", "seconds are optional"),
    DateCase("Tue, 25 Nov 26 10:15:00 GMT", "2026-11-25T10:15:00Z", "2-digit year 00-49 is 20xx (RFC 5322 §4.3)"),
    DateCase("Thu, 25 Nov 99 10:15:00 GMT", "1999-11-25T10:15:00Z", "2-digit year 50-99 is 19xx (RFC 5322 §4.3)"),
    DateCase("Thu, 25 Nov 126 10:15:00 GMT", "2026-11-25T10:15:00Z", "3-digit year + 1900 (RFC 5322 §4.3)"),
    DateCase("Thu, 5 Nov 2026 10:15:00 GMT", "2026-11-05T10:15:00Z", "single-digit day"),
    DateCase("Thu, 05 Nov 2026 9:05:00 GMT", "2026-11-05T09:05:00Z", "single-digit hour"),
    DateCase("Tue, 25 November 2026 10:15:00 GMT", "2026-11-25T10:15:00Z", "full month name"),
    DateCase("Fri, 25 Sept 2026 10:15:00 GMT", "2026-09-25T10:15:00Z", "4-letter month abbreviation"),
    DateCase("tue, 25 nov 2026 10:15:00 gmt", "2026-11-25T10:15:00Z", "names are case-insensitive (lower)"),
    DateCase("TUE, 25 NOV 2026 10:15:00 GMT", "2026-11-25T10:15:00Z", "names are case-insensitive (upper)"),
    DateCase("  Tue,  25   Nov  2026   10:15:00   +0000 \n", "2026-11-25T10:15:00Z", "extra and surrounding spaces"),
    DateCase("Tue 25 Nov 2026 10:15:00 +0000", "2026-11-25T10:15:00Z", "comma after weekday missing"),
    DateCase("25-Nov-2026 10:15:00 +0000", "2026-11-25T10:15:00Z", "dashes between day, month and year"),
    DateCase("Tue, 25 Nov 2026 10:15:00 +0000 (UTC)", "2026-11-25T10:15:00Z", "trailing comment (RFC 5322 CFWS)"),
    DateCase("Tue, 25 Nov 2026 10:15:00", "2026-11-25T10:15:00Z", "no zone at all reads as UTC"),
    DateCase("Sat, 29 Feb 2024 12:00:00 GMT", "2024-02-29T12:00:00Z", "leap day in a leap year"),
    // Zones
    DateCase("Tue, 25 Nov 2026 10:15:00 -0500", "2026-11-25T15:15:00Z", "numeric zone west of UTC"),
    DateCase("Tue, 25 Nov 2026 10:15:00 +03:00", "2026-11-25T07:15:00Z", "numeric zone with colon"),
    DateCase("Tue, 25 Nov 2026 10:15:00 +03", "2026-11-25T07:15:00Z", "numeric zone hours only"),
    DateCase("Tue, 25 Nov 2026 10:15:00 +0530", "2026-11-25T04:45:00Z", "numeric zone with minutes"),
    DateCase("Tue, 25 Nov 2026 01:00:00 +1400", "2026-11-24T11:00:00Z", "+14:00 (Kiribati) crosses the day back"),
    DateCase("Tue, 25 Nov 2026 10:15:00 EST", "2026-11-25T15:15:00Z", "EST -5 (RFC 822)"),
    DateCase("Tue, 25 Nov 2026 10:15:00 PDT", "2026-11-25T17:15:00Z", "PDT -7 (RFC 822)"),
    DateCase("Tue, 25 Nov 2026 10:15:00 CST", "2026-11-25T16:15:00Z", "CST is US Central -6, not China"),
    DateCase("Tue, 25 Nov 2026 10:15:00 MSK", "2026-11-25T07:15:00Z", "MSK +3"),
    DateCase("Tue, 25 Nov 2026 10:15:00 MSD", "2026-11-25T06:15:00Z", "MSD +4 (historical Moscow summer time)"),
    DateCase("Tue, 25 Nov 2026 10:15:00 IST", "2026-11-25T04:45:00Z", "IST is India +5:30"),
    DateCase("Tue, 25 Nov 2026 10:15:00 ALMT", "2026-11-25T05:15:00Z", "ALMT +5 since 2024-03-01"),
    DateCase("Tue, 25 Nov 2026 10:15:00 CEST", "2026-11-25T08:15:00Z", "CEST +2"),
    DateCase("Tue, 25 Nov 2026 10:15:00 AEDT", "2026-11-24T23:15:00Z", "AEDT +11 crosses the day back"),
    DateCase("Tue, 25 Nov 2026 10:15:00 utc", "2026-11-25T10:15:00Z", "zone names are case-insensitive"),
    DateCase("Tue, 25 Nov 2026 10:15:00 GMT+3", "2026-11-25T07:15:00Z", "GMT+h means east of UTC"),
    DateCase("Tue, 25 Nov 2026 10:15:00 GMT+03:00", "2026-11-25T07:15:00Z", "GMT+hh:mm"),
    DateCase("Tue, 25 Nov 2026 10:15:00 UTC+5", "2026-11-25T05:15:00Z", "UTC+h"),
    DateCase("Tue, 25 Nov 2026 10:15:00 GMT-2", "2026-11-25T12:15:00Z", "GMT-h means west of UTC"),
    DateCase("Tue, 25 Nov 2026 10:15:00 A", "2026-11-25T10:15:00Z", "military A is -0000 per RFC 5322 §4.3, not -1"),
    DateCase("Tue, 25 Nov 2026 10:15:00 Y", "2026-11-25T10:15:00Z", "military Y is -0000 per RFC 5322 §4.3, not +12"),
    DateCase("Tue, 25 Nov 2026 10:15:00 Z", "2026-11-25T10:15:00Z", "military Z is UTC"),
    // ISO 8601 / RFC 3339 / W3C-DTF
    DateCase("2026-11-25T10:15:00Z", "2026-11-25T10:15:00Z", "RFC 3339 in UTC"),
    DateCase("2026-11-25T10:15:00.123456+03:00", "2026-11-25T07:15:00Z", "fraction dropped, offset applied"),
    DateCase("2026-11-25T10:15:00-05:00", "2026-11-25T15:15:00Z", "negative offset"),
    DateCase("2026-11-25T10:15:00+0300", "2026-11-25T07:15:00Z", "offset without colon"),
    DateCase("2026-11-25 10:15:00", "2026-11-25T10:15:00Z", "space instead of T, no zone → UTC"),
    DateCase("2026-11-25 10:15:00 +0300", "2026-11-25T07:15:00Z", "space before the offset"),
    DateCase("2026-11-25T10:15", "2026-11-25T10:15:00Z", "no seconds"),
    DateCase("2026-11-25t10:15:00z", "2026-11-25T10:15:00Z", "lowercase t and z (RFC 3339 §5.6 NOTE)"),
    DateCase("20261125T101500Z", "2026-11-25T10:15:00Z", "ISO 8601 basic format"),
    DateCase("20261125T101500+0300", "2026-11-25T07:15:00Z", "basic format with offset"),
    DateCase("2026-11-25T10:15:00,5Z", "2026-11-25T10:15:00Z", "comma as decimal mark (ISO 8601)"),
    DateCase("2026", "2026-01-01T00:00:00Z", "W3C-DTF year"),
    DateCase("2026-11", "2026-11-01T00:00:00Z", "W3C-DTF year and month"),
    DateCase("2026-11-25", "2026-11-25T00:00:00Z", "W3C-DTF date: midnight UTC"),
    DateCase("2026-11-25T24:00:00Z", "2026-11-26T00:00:00Z", "24:00 is the end of the day (ISO 8601)"),
    DateCase("2026-12-31T23:59:60Z", "2026-12-31T23:59:59Z", "leap second clamps to :59"),
    DateCase("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "ISO leap day"),
    DateCase("2000-02-29", "2000-02-29T00:00:00Z", "2000 is a leap year (divisible by 400)"),
    // Month first
    DateCase("Nov 25, 2026 10:15:00 +0000", "2026-11-25T10:15:00Z", "month first with comma"),
    DateCase("November 25th, 2026", "2026-11-25T00:00:00Z", "ordinal day suffix"),
    DateCase("Wed Nov 25 10:15:00 2026", "2026-11-25T10:15:00Z", "asctime (C ctime)"),
    DateCase("Wed Nov 25 10:15:00 UTC 2026", "2026-11-25T10:15:00Z", "date(1) output"),
    DateCase("Wed Nov 25 2026 10:15:00 GMT+0300 (Moscow Standard Time)", "2026-11-25T07:15:00Z",
             "JavaScript Date.toString"),
    DateCase("November 25, 2026 10:15 PM", "2026-11-25T22:15:00Z", "12-hour clock PM"),
    DateCase("November 25, 2026 12:05 AM", "2026-11-25T00:05:00Z", "12 AM is hour 0"),
    // Russian and Kazakh
    DateCase("25 ноября 2026 10:15", "2026-11-25T10:15:00Z", "Russian genitive month"),
    DateCase("25 ноября 2026 г. 10:15", "2026-11-25T10:15:00Z", "Russian year marker г."),
    DateCase("25 ноября 2026 года в 10:15", "2026-11-25T10:15:00Z", "Russian года and в before the time"),
    DateCase("25 ноября 2026, 10:15", "2026-11-25T10:15:00Z", "comma before the time"),
    DateCase("Ср, 25 ноя 2026 10:15:00 +0300", "2026-11-25T07:15:00Z", "Russian weekday and short month in RFC 822"),
    DateCase("25 НОЯБРЯ 2026", "2026-11-25T00:00:00Z", "Cyrillic uppercase folds"),
    DateCase("25\u{00A0}ноября\u{00A0}2026", "2026-11-25T00:00:00Z", "no-break spaces from HTML"),
    DateCase("1 янв 2026", "2026-01-01T00:00:00Z", "short янв"),
    DateCase("3 фев. 2026 10:15", "2026-02-03T10:15:00Z", "short with dot фев."),
    DateCase("9 мая 2026", "2026-05-09T00:00:00Z", "мая: genitive and short"),
    DateCase("12 июн 2026", "2026-06-12T00:00:00Z", "июн vs июл decided at 3 letters"),
    DateCase("1 сент 2026", "2026-09-01T00:00:00Z", "4-letter сент"),
    DateCase("1 Ноябрь 2026", "2026-11-01T00:00:00Z", "Russian nominative"),
    DateCase("25 қараша 2026 10:15", "2026-11-25T10:15:00Z", "Kazakh month (қ is outside А-Я)"),
    DateCase("1 ҚАҢТАР 2026", "2026-01-01T00:00:00Z", "Kazakh uppercase Қ Ң fold"),
    DateCase("25.11.2026 10:15", "2026-11-25T10:15:00Z", "day.month.year with time"),
    DateCase("25.11.2026", "2026-11-25T00:00:00Z", "day.month.year alone"),
]

/// Texts that name no exact instant: each must give nil rather than a guess.
private let invalidDates: [(text: String, why: String)] = [
    ("", "empty"),
    ("   ", "only whitespace"),
    ("Not a date", "prose"),
    ("0000-00-00", "month and day 0 (MySQL zero date)"),
    ("32 Nov 2026", "day 32"),
    ("31 Nov 2026", "November has 30 days"),
    ("2026-02-29", "2026 is not a leap year"),
    ("1900-02-29", "1900 is not a leap year (divisible by 100)"),
    ("2026-13-01", "month 13"),
    ("2026-11-25T25:00:00Z", "hour 25"),
    ("2026-11-25T24:00:01Z", "24:00 only as exactly 24:00:00"),
    ("2026-11-25T10:60:00Z", "minute 60"),
    ("2026-11-25T10:15:61Z", "second 61"),
    ("2026-11-25T10:15:00+0360", "offset minute 60"),
    ("Tue, 25 Nov 2026 10:15:00 +1900", "offset beyond 18 h"),
    ("Tue, 25 Nov 2026 10:15:00 XYZ", "unknown zone name is not guessed"),
    ("Tue, 25 Nov 2026 10:15:00 AST", "ambiguous zone (Atlantic/Arabia) is not guessed"),
    ("Tue, 25 Nov 2026 10:15:00 J", "J is not a military zone"),
    ("Tue, 25 Nov 2026 10:15:00 +0300 extra", "trailing text"),
    ("Blurgsday, 25 Nov 2026", "unknown weekday word"),
    ("25 Foo 2026", "unknown month"),
    ("Nov 2026", "no day: cannot be pinned"),
    ("25 Nov", "no year"),
    ("25 Nov 10:15", "no year before the time"),
    ("25.11.26", "dotted date with 2-digit year is ambiguous"),
    ("November 25, 2026 13:05 PM", "hour 13 on a 12-hour clock"),
    ("2026-11-25T", "T without a time"),
    ("12345", "five digits"),
    ("2026-11-25T10:15:00 (comment", "unclosed comment"),
]

@Suite("FeedDate")
struct DateTests {
    @Test(arguments: validDates)
    func readsShape(_ date: DateCase) throws {
        let seconds = try #require(FeedDate.parse(date.text))
        #expect(FeedDate.rfc3339(seconds) == date.expected)
    }

    @Test(arguments: invalidDates)
    func rejects(_ date: (text: String, why: String)) {
        #expect(FeedDate.parse(date.text) == nil, "\(date.why)")
    }

    /// Epoch seconds written out (checked against Python's calendar.timegm), so the parser is tested
    /// independently of `rfc3339`.
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("Wed, 25 Nov 2026 10:15:00 +0300", Int64(1_795_590_900)),  // 2026-11-25T07:15:00Z
        ("2038-01-19T03:14:07Z", Int64(2_147_483_647)),  // Int32.max: the 2038 edge
        ("1969-12-31T23:59:59Z", Int64(-1)),  // before the epoch
        ("0000-01-01", Int64(-62_167_219_200)),  // year 0 (1 BC), a leap year
    ])
    func epochSeconds(_ text: String, _ expected: Int64) {
        #expect(FeedDate.parse(text) == expected)
    }

    /// `rfc3339` and back: leap days, the epoch, 2038 (Int32 overflow) and 2100 (not a leap year).
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00Z"),
        (Int64(-1), "1969-12-31T23:59:59Z"),
        (Int64(951_782_400), "2000-02-29T00:00:00Z"),
        (Int64(1_709_164_800), "2024-02-29T00:00:00Z"),
        (Int64(2_147_483_647), "2038-01-19T03:14:07Z"),
        (Int64(2_147_483_648), "2038-01-19T03:14:08Z"),
        (Int64(4_107_542_399), "2100-02-28T23:59:59Z"),
        (Int64(4_107_542_400), "2100-03-01T00:00:00Z"),  // 2100 has no Feb 29
        (Int64(253_402_300_799), "9999-12-31T23:59:59Z"),
        (Int64(-62_167_219_200), "0000-01-01T00:00:00Z"),
    ])
    func roundTrip(_ seconds: Int64, _ text: String) {
        #expect(FeedDate.rfc3339(seconds) == text)
        #expect(FeedDate.parse(text) == seconds)
    }

    @Test func rejectsFebruary29In2100() {
        // 2100 is divisible by 100 and not by 400 (Gregorian rule).
        #expect(FeedDate.parse("2100-02-29") == nil)
    }
}
