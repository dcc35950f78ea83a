/// The words `FeedDate` reads: month and weekday names (English, Russian, Kazakh) and time-zone
/// abbreviations. Every table is data, so adding a name is one line.

/// A name as lowercased Unicode scalars. When `matchesPrefix` is set, any prefix of at least three
/// scalars also matches ("Nov", "Sept", "нояб", "қаз"); three is where every month of every table
/// below is already unambiguous ("mar"/"may", "jun"/"jul", "июн"/"июл", "қаң"/"қаз"/"қар").
/// The scalars sit in an inline buffer, so scanning a table touches no reference counts.
struct DateName: Sendable {
    let scalars: InlineArray<16, UInt32>
    let count: Int
    let value: Int
    let matchesPrefix: Bool

    init(_ text: String, _ value: Int, prefix: Bool) {
        var scalars = InlineArray<16, UInt32>(repeating: 0)
        var count = 0
        for scalar in text.unicodeScalars {
            precondition(count < 16, "date names are at most 16 scalars (FoldedWord's buffer)")
            scalars[count] = scalar.value
            count += 1
        }
        self.scalars = scalars
        self.count = count
        self.value = value
        self.matchesPrefix = prefix
    }
}

enum DateNames {
    /// English months: full names; "Nov", "Sept", "Novem" are prefixes of them.
    static let englishMonths: [DateName] = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ].enumerated().map { DateName($0.element, $0.offset + 1, prefix: true) }

    /// Russian and Kazakh months, lowercase (input is lowercased before comparing).
    static let cyrillicMonths: [DateName] = {
        // Russian genitive ("25 ноября"): abbreviations "янв", "фев.", "сент", "нояб" are its prefixes,
        // and "мая" is both the genitive and the usual short form.
        let russianGenitive = [
            "января", "февраля", "марта", "апреля", "мая", "июня",
            "июля", "августа", "сентября", "октября", "ноября", "декабря",
        ]
        // Russian nominative ("ноябрь 2026"): only the whole word; "март", "август" are also genitive
        // prefixes, the others end in "ь"/"й" and are not.
        let russianNominative = [
            "январь", "февраль", "март", "апрель", "май", "июнь",
            "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
        ]
        // Kazakh (nominative, as dates are written: "25 қараша 2026"); prefixes give the usual
        // three-letter abbreviations ("қаң", "ақп", "қыр").
        let kazakh = [
            "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
            "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
        ]
        var names: [DateName] = []
        for (index, name) in russianGenitive.enumerated() { names.append(DateName(name, index + 1, prefix: true)) }
        for (index, name) in russianNominative.enumerated() { names.append(DateName(name, index + 1, prefix: false)) }
        for (index, name) in kazakh.enumerated() { names.append(DateName(name, index + 1, prefix: true)) }
        return names
    }()

    /// Weekdays are read and ignored (RFC 5322 §3.3 makes the day-of-week redundant; feeds get it wrong).
    /// The value is unused; a word that is not in this table where a weekday may stand makes the text invalid.
    static let weekdays: [DateName] = {
        var names = [
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        ].map { DateName($0, 0, prefix: true) }  // "Tue", "Tues", "Thurs"
        for name in ["пн", "вт", "ср", "чт", "пт", "сб", "вс",
                     "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"] {
            names.append(DateName(name, 0, prefix: false))
        }
        return names
    }()

    /// Words allowed between the date and the time: a Russian year marker ("2026 г.", "2026 года")
    /// and "at" / "в" before the time ("25 ноября 2026 в 10:15").
    static let yearMarkers: [DateName] = [DateName("г", 0, prefix: false), DateName("года", 0, prefix: false)]
    static let timeMarkers: [DateName] = [DateName("в", 0, prefix: false), DateName("at", 0, prefix: false)]
    static let ordinalSuffixes: [DateName] = ["st", "nd", "rd", "th"].map { DateName($0, 0, prefix: false) }
    static let meridians: [DateName] = [DateName("am", 0, prefix: false), DateName("pm", 12, prefix: false)]

    /// Zone abbreviations and their offsets from UTC in minutes. Matched case-insensitively, whole word only.
    ///
    /// - RFC 822 §5.1 / RFC 5322 §4.3: UT, GMT, Z, and the North American EST/EDT, CST/CDT, MST/MDT, PST/PDT.
    /// - The rest are the abbreviations feeds actually send. Where one abbreviation has several meanings the
    ///   table keeps the one feeds mean most often and says so: CST is US Central (not China), IST is India
    ///   (not Ireland or Israel), BST is British Summer Time (not Bangladesh). AST (Atlantic -4 or Arabia +3)
    ///   is ambiguous and deliberately absent, so it reads as unknown → nil.
    /// - Kazakhstan: the whole country has been on UTC+5 since 2024-03-01 (government decree of
    ///   2023-12-07 merging the former UTC+6 zone), so ALMT, QYZT, AQTT and ORAT are all +5. Feeds
    ///   written before that date with ALMT meant +6; we read the current rule.
    /// - Russian zones follow the offsets in force since 2014-10-26 (no DST): MSK +3, SAMT +4, YEKT +5, OMST +6,
    ///   NOVT +7, KRAT +7, IRKT +8, YAKT +9, VLAT +10, MAGT +11. MSD (+4) is historical (summer time until 2011)
    ///   and still appears in old feeds.
    static let zones: [(name: String, minutes: Int)] = [
        ("GMT", 0), ("UTC", 0), ("UT", 0), ("Z", 0),
        ("EST", -5 * 60), ("EDT", -4 * 60), ("CST", -6 * 60), ("CDT", -5 * 60),
        ("MST", -7 * 60), ("MDT", -6 * 60), ("PST", -8 * 60), ("PDT", -7 * 60),
        ("AKST", -9 * 60), ("AKDT", -8 * 60), ("HST", -10 * 60),
        ("MSK", 3 * 60), ("MSD", 4 * 60),
        ("WET", 0), ("WEST", 1 * 60), ("BST", 1 * 60),
        ("CET", 1 * 60), ("CEST", 2 * 60), ("MET", 1 * 60), ("MEST", 2 * 60),
        ("EET", 2 * 60), ("EEST", 3 * 60),
        ("SAMT", 4 * 60), ("YEKT", 5 * 60), ("PKT", 5 * 60), ("IST", 5 * 60 + 30),
        ("ALMT", 5 * 60), ("QYZT", 5 * 60), ("AQTT", 5 * 60), ("ORAT", 5 * 60),
        ("OMST", 6 * 60), ("NOVT", 7 * 60), ("KRAT", 7 * 60), ("WIB", 7 * 60),
        ("IRKT", 8 * 60), ("HKT", 8 * 60), ("SGT", 8 * 60), ("AWST", 8 * 60),
        ("JST", 9 * 60), ("KST", 9 * 60), ("YAKT", 9 * 60),
        ("ACST", 9 * 60 + 30), ("ACDT", 10 * 60 + 30),
        ("AEST", 10 * 60), ("AEDT", 11 * 60), ("VLAT", 10 * 60), ("MAGT", 11 * 60),
        ("NZST", 12 * 60), ("NZDT", 13 * 60),
    ]

    /// `zones` keyed by `zoneKey` of the name, for a scan of integer compares.
    static let zoneKeys: [(key: UInt64, seconds: Int)] = zones.map { zone in
        var key: UInt64 = 0
        for byte in zone.name.utf8 { key = key << 8 | UInt64(byte) }
        return (key, zone.minutes * 60)
    }

    /// Offset in seconds for an uppercase zone key, or nil when the name is not in the table.
    static func zoneOffset(key: UInt64) -> Int? {
        for zone in zoneKeys where zone.key == key { return zone.seconds }
        return nil
    }
}

/// A word of the input decoded to lowercase Unicode scalars in a fixed inline buffer (no allocation),
/// for comparing against the tables above.
struct FoldedWord {
    private let scalars: InlineArray<16, UInt32>
    let count: Int

    /// Nil for a word longer than any name (16 scalars) or with a byte sequence that is not 1-3 byte UTF-8.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        // Built in locals and assigned once. An earlier version that mutated default-initialised stored
        // properties (`self.count += 1`) read back count 0 in -O builds with Swift 6.3.1 (debug was right);
        // a 10-line reduction did not reproduce it, so keep this shape and the release check in the report.
        var folded = InlineArray<16, UInt32>(repeating: 0)
        var length = 0
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            guard length < 16 else { return nil }
            let lead = UInt32(bytes[index])
            let scalar: UInt32
            if lead < 0x80 {
                scalar = lead
                index += 1
            } else if lead & 0xE0 == 0xC0, index + 1 < end {
                scalar = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if lead & 0xF0 == 0xE0, index + 2 < end {
                scalar = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                return nil
            }
            folded[length] = FoldedWord.lowercased(scalar)
            length += 1
        }
        scalars = folded
        count = length
    }

    /// The value of the first table name this word spells (or abbreviates, where the name allows it).
    func lookup(_ table: [DateName]) -> Int? {
        table.withUnsafeBufferPointer { names in
            for position in names.indices {
                let length = names[position].count
                if count > length || (count < length && !(names[position].matchesPrefix && count >= 3)) { continue }
                var index = 0
                while index < count && scalars[index] == names[position].scalars[index] { index += 1 }
                if index == count { return names[position].value }
            }
            return nil
        }
    }

    /// Simple case folding for ASCII and Cyrillic (U+0400-U+04FF): А-Я → а-я, Ѐ-Џ (Ё, І) → ѐ-џ, and the
    /// upper/lower pairs of the extended block Kazakh uses (Ғ ғ, Қ қ, Ң ң, Ү ү, Ұ ұ, Һ һ, Ә ә, Ө ө).
    static func lowercased(_ scalar: UInt32) -> UInt32 {
        switch scalar {
        case 0x41...0x5A: return scalar + 0x20
        case 0x400...0x40F: return scalar + 0x50
        case 0x410...0x42F: return scalar + 0x20
        case 0x460...0x481, 0x48A...0x4BF, 0x4D0...0x4FF: return scalar | 1
        case 0x4C0: return 0x4CF
        case 0x4C1...0x4CE: return scalar & 1 == 1 ? scalar + 1 : scalar
        default: return scalar
        }
    }
}
