/// The date grammar over UTF-8 bytes: one pass, no allocation. The first token picks the family:
/// four or eight digits → ISO 8601; one or two digits → day first (RFC 822, Russian, `25.11.2026`);
/// a word → weekday and/or month first. Everything must be consumed: trailing text makes the date invalid,
/// except whitespace and one parenthesised comment (RFC 5322 CFWS, `+0000 (UTC)`).
enum DateGrammar {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var scanner = DateScanner(bytes)
        var fields = DateFields()
        let ok: Bool
        if scanner.isAtEnd {
            return nil
        } else if DateScanner.isDigit(scanner.byte()) {
            var probe = scanner
            let run = probe.number()!
            switch run.count {
            case 4, 8: ok = scanner.readISO(&fields)
            case 1, 2: ok = scanner.readDayFirst(&fields)
            default: return nil
            }
        } else {
            ok = scanner.readWordFirst(&fields)
        }
        return ok ? fields.epochSeconds : nil
    }
}

struct DateScanner {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- 48 < 10 }
    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 97 < 26 }

    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    var end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        index = 0
        end = bytes.count
        skipSpaces()
        // Trailing whitespace: ASCII, and U+00A0 (C2 A0) which HTML-sourced text leaves behind.
        while end > index {
            let last = bytes[end - 1]
            if last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D {
                end -= 1
            } else if last == 0xA0, end - index >= 2, bytes[end - 2] == 0xC2 {
                end -= 2
            } else {
                break
            }
        }
    }

    var isAtEnd: Bool { index >= end }

    /// The byte `offset` ahead, or 0 past the end (0 never matches anything the grammar looks for).
    @inline(__always) func byte(_ offset: Int = 0) -> UInt8 {
        index + offset < end ? bytes[index + offset] : 0
    }

    @inline(__always) mutating func take(_ expected: UInt8) -> Bool {
        guard byte() == expected else { return false }
        index += 1
        return true
    }

    /// Length of the whitespace at `position`: ASCII space, tab, CR, LF, U+00A0 (no-break space, common
    /// between "25" and "ноября"), U+2009 (thin space), U+202F (narrow no-break space).
    private func spaceLength(at position: Int) -> Int {
        let lead = bytes[position]
        if lead == 0x20 || lead == 0x09 || lead == 0x0A || lead == 0x0D { return 1 }
        if lead == 0xC2, position + 1 < end, bytes[position + 1] == 0xA0 { return 2 }
        if lead == 0xE2, position + 2 < end, bytes[position + 1] == 0x80,
           bytes[position + 2] == 0xAF || bytes[position + 2] == 0x89 { return 3 }
        return 0
    }

    /// Skips whitespace; true when there was some.
    @discardableResult mutating func skipSpaces() -> Bool {
        let start = index
        while index < end {
            let length = spaceLength(at: index)
            if length == 0 { break }
            index += length
        }
        return index != start
    }

    /// A run of ASCII digits: its value (of the first 9 digits) and its full length, or nil without a digit.
    mutating func number() -> (value: Int, count: Int)? {
        var value = 0
        var count = 0
        while index < end, Self.isDigit(bytes[index]) {
            if count < 9 { value = value * 10 + Int(bytes[index] &- 48) }
            count += 1
            index += 1
        }
        return count == 0 ? nil : (value, count)
    }

    /// A number whose digit count is in `range`, or nil.
    mutating func number(digits range: ClosedRange<Int>) -> Int? {
        guard let run = number(), range.contains(run.count) else { return nil }
        return run.value
    }

    /// The range of a word at the cursor, without consuming it: ASCII letters and non-ASCII bytes
    /// other than whitespace.
    func peekWord() -> Range<Int>? {
        var position = index
        while position < end {
            let byte = bytes[position]
            if Self.isASCIILetter(byte) || (byte >= 0x80 && spaceLength(at: position) == 0) {
                position += 1
            } else {
                break
            }
        }
        return position == index ? nil : index..<position
    }

    /// Consumes the word at the cursor if it is in `table`; returns its value.
    mutating func takeWord(in table: [DateName]) -> Int? {
        guard let range = peekWord(), let word = FoldedWord(bytes, range),
              let value = word.lookup(table) else { return nil }
        index = range.upperBound
        return value
    }

    /// A month name, English or Cyrillic, with an optional abbreviation dot ("Nov.", "фев.").
    mutating func takeMonth() -> Int? {
        let table = byte() < 0x80 ? DateNames.englishMonths : DateNames.cyrillicMonths
        guard let month = takeWord(in: table) else { return nil }
        _ = take(UInt8(ascii: "."))
        return month
    }

    // MARK: Families

    /// `YYYY[-MM[-DD[(T|t|space)hh:mm[:ss[(.|,)f…]][zone]]]]` and basic `YYYYMMDD[Thhmm[ss[.f…]][zone]]`.
    mutating func readISO(_ fields: inout DateFields) -> Bool {
        let run = number()!
        if run.count == 8 {
            fields.year = Int64(run.value / 10_000)
            fields.month = run.value / 100 % 100
            fields.day = run.value % 100
            if isAtEnd { return true }
            guard take(UInt8(ascii: "T")) || take(UInt8(ascii: "t")),
                  let time = number(), time.count == 4 || time.count == 6 else { return false }
            fields.hour = time.value / (time.count == 6 ? 10_000 : 100)
            fields.minute = time.count == 6 ? time.value / 100 % 100 : time.value % 100
            if time.count == 6 {
                fields.second = time.value % 100
                readFraction(&fields)
            }
            return readTrailingZone(&fields, military: false)
        }
        fields.year = Int64(run.value)
        if isAtEnd { return true }  // W3C-DTF "YYYY"
        guard take(UInt8(ascii: "-")), let month = number(digits: 1...2) else { return false }
        fields.month = month
        if isAtEnd { return true }  // "YYYY-MM"
        guard take(UInt8(ascii: "-")), let day = number(digits: 1...2) else { return false }
        fields.day = day
        if isAtEnd { return true }  // "YYYY-MM-DD"
        guard take(UInt8(ascii: "T")) || take(UInt8(ascii: "t")) || skipSpaces(),
              readClock(&fields) else { return false }
        return readTrailingZone(&fields, military: false)
    }

    /// `[weekday[,]] D[D] (month-name | .MM.) YYYY …`: RFC 822 and the Russian shapes.
    mutating func readDayFirst(_ fields: inout DateFields) -> Bool {
        guard let day = number(digits: 1...2) else { return false }
        fields.day = day
        if byte() == UInt8(ascii: "."), Self.isDigit(byte(1)) {
            // "25.11.2026": day.month.year as Russian and European sites write it. Only a four-digit year:
            // "25.11.26" could as well be year.month.day.
            index += 1
            guard let month = number(digits: 1...2), take(UInt8(ascii: ".")),
                  let year = number(digits: 4...4) else { return false }
            fields.month = month
            fields.year = Int64(year)
            return readAfterDate(&fields)
        }
        _ = take(UInt8(ascii: "."))  // "25. November 2026"
        skipSpaces()
        if take(UInt8(ascii: "-")) { skipSpaces() }  // "25-Nov-2026"
        guard let month = takeMonth() else { return false }
        fields.month = month
        skipSpaces()
        if take(UInt8(ascii: "-")) || take(UInt8(ascii: ",")) { skipSpaces() }
        guard readYear(&fields) else { return false }
        return readAfterDate(&fields)
    }

    /// A leading weekday (ignored), then either a day-first date or a month-first one.
    mutating func readWordFirst(_ fields: inout DateFields) -> Bool {
        if takeWord(in: DateNames.weekdays) != nil {
            if !take(UInt8(ascii: ",")) { _ = take(UInt8(ascii: ".")) }
            skipSpaces()
            if Self.isDigit(byte()) { return readDayFirst(&fields) }
        }
        return readMonthFirst(&fields)
    }

    /// `Month D[D][,] YYYY [time] [zone]` and asctime / `date`: `Month D[D] hh:mm:ss [zone] YYYY`.
    mutating func readMonthFirst(_ fields: inout DateFields) -> Bool {
        guard let month = takeMonth() else { return false }
        fields.month = month
        skipSpaces()
        guard let day = number(digits: 1...2) else { return false }
        fields.day = day
        _ = takeWord(in: DateNames.ordinalSuffixes)  // "November 25th"
        _ = take(UInt8(ascii: ","))
        skipSpaces()
        var probe = self
        if let run = probe.number(), run.count == 4, probe.byte() != UInt8(ascii: ":") {
            fields.year = Int64(run.value)
            self = probe
            return readAfterDate(&fields)
        }
        // asctime: the year comes last, after the time and an optional zone.
        guard readClock(&fields) else { return false }
        skipSpaces()
        if !Self.isDigit(byte()) {
            guard let offset = readZone(military: true) else { return false }
            fields.offsetSeconds = offset
            skipSpaces()
        }
        guard let year = number(digits: 4...4) else { return false }
        fields.year = Int64(year)
        return finish()
    }

    /// 2-digit years per RFC 5322 §4.3 (obs-year): 00-49 → 20xx, 50-99 → 19xx; a 3-digit year + 1900.
    mutating func readYear(_ fields: inout DateFields) -> Bool {
        guard let run = number() else { return false }
        switch run.count {
        case 2: fields.year = Int64(run.value < 50 ? 2000 + run.value : 1900 + run.value)
        case 3: fields.year = Int64(1900 + run.value)
        case 4: fields.year = Int64(run.value)
        default: return false
        }
        return true
    }

    /// After the year: `[г.|года][,] [в|at] [time [am|pm]] [zone] [(comment)]`.
    mutating func readAfterDate(_ fields: inout DateFields) -> Bool {
        guard isAtEnd || byte() == UInt8(ascii: ",") || skipSpaces() else { return false }
        if takeWord(in: DateNames.yearMarkers) != nil {
            _ = take(UInt8(ascii: "."))
            skipSpaces()
        }
        if take(UInt8(ascii: ",")) { skipSpaces() }
        if takeWord(in: DateNames.timeMarkers) != nil {
            guard skipSpaces() else { return false }
        }
        if isAtEnd { return true }
        if Self.isDigit(byte()) {
            guard readClock(&fields) else { return false }
            skipSpaces()
            if let meridian = takeWord(in: DateNames.meridians) {
                // 12-hour clock: 12 AM is 00, 12 PM is 12.
                guard (1...12).contains(fields.hour) else { return false }
                fields.hour = fields.hour % 12 + meridian
                skipSpaces()
            }
            if isAtEnd || byte() == UInt8(ascii: "(") { return finish() }
        }
        guard let offset = readZone(military: true) else { return false }
        fields.offsetSeconds = offset
        return finish()
    }

    /// `h[h]:mm[:ss[(.|,)f…]]`.
    mutating func readClock(_ fields: inout DateFields) -> Bool {
        guard let hour = number(digits: 1...2), take(UInt8(ascii: ":")),
              let minute = number(digits: 2...2) else { return false }
        fields.hour = hour
        fields.minute = minute
        if byte() == UInt8(ascii: ":"), Self.isDigit(byte(1)) {
            index += 1
            guard let second = number(digits: 2...2) else { return false }
            fields.second = second
            readFraction(&fields)
        }
        return true
    }

    /// `.f…` or `,f…` (ISO 8601 allows either mark): read and dropped, remembering whether it was zero.
    mutating func readFraction(_ fields: inout DateFields) {
        guard byte() == UInt8(ascii: ".") || byte() == UInt8(ascii: ","), Self.isDigit(byte(1)) else { return }
        index += 1
        while index < end, Self.isDigit(bytes[index]) {
            if bytes[index] != UInt8(ascii: "0") { fields.fractionIsZero = false }
            index += 1
        }
    }

    /// An optional zone after an ISO time (directly or after spaces), then the end.
    mutating func readTrailingZone(_ fields: inout DateFields, military: Bool) -> Bool {
        skipSpaces()
        if isAtEnd { return true }
        guard let offset = readZone(military: military) else { return false }
        fields.offsetSeconds = offset
        return finish()
    }

    /// A zone: `±hh`, `±hhmm`, `±hh:mm`, a name from `DateNames.zones`, `GMT±h[h][[:]mm]` / `UTC±…` / `UT±…`,
    /// or (when `military`) an RFC 822 single letter other than J, read as UTC per RFC 5322 §4.3.
    /// Returns the offset in seconds east of UTC; nil for anything else, an unknown name included.
    mutating func readZone(military: Bool) -> Int? {
        let first = byte()
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { return readNumericOffset() }
        var key: UInt64 = 0
        var length = 0
        while index < end, Self.isASCIILetter(bytes[index]) {
            key = key << 8 | UInt64(bytes[index] & 0xDF)  // uppercase
            length += 1
            index += 1
            if length > 5 { return nil }
        }
        guard length > 0 else { return nil }
        let isUniversal = key == 0x474D54 || key == 0x555443 || key == 0x5554  // GMT, UTC, UT
        if isUniversal, byte() == UInt8(ascii: "+") || byte() == UInt8(ascii: "-") {
            return readNumericOffset()
        }
        if let offset = DateNames.zoneOffset(key: key) { return offset }
        if military, length == 1, key != 0x4A { return 0 }  // not J
        return nil
    }

    /// `±h`, `±hh`, `±hh:mm`, `±hhmm`, within ±18:00.
    mutating func readNumericOffset() -> Int? {
        let sign = take(UInt8(ascii: "-")) ? -1 : 1
        if sign == 1 { guard take(UInt8(ascii: "+")) else { return nil } }
        guard let run = number() else { return nil }
        var hours = 0
        var minutes = 0
        switch run.count {
        case 1, 2:
            hours = run.value
            if take(UInt8(ascii: ":")) {
                guard let value = number(digits: 2...2) else { return nil }
                minutes = value
            }
        case 4:
            hours = run.value / 100
            minutes = run.value % 100
        default:
            return nil
        }
        guard minutes < 60, hours * 60 + minutes <= 18 * 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// Whitespace, at most one `(comment)`, whitespace, end.
    mutating func finish() -> Bool {
        skipSpaces()
        if take(UInt8(ascii: "(")) {
            while index < end, bytes[index] != UInt8(ascii: ")") { index += 1 }
            guard take(UInt8(ascii: ")")) else { return false }
            skipSpaces()
        }
        return isAtEnd
    }
}
