/// One pass over bytes read as UTF-8, counting what `UTF8Repair` would have to change. The common
/// case (valid UTF-8, mostly ASCII, no stray controls) is decided here without copying, at memory
/// speed: eight ASCII bytes are checked per step.
struct UTF8Survey: Sendable, Equatable {
    /// Ill-formed sequences, each maximal subpart counted once (Unicode §3.9, "U+FFFD Substitution
    /// of Maximal Subparts"), as `UTF8Repair` replaces each with one U+FFFD.
    var invalidSequences = 0
    /// Well-formed sequences of two to four bytes.
    var validMultibyteSequences = 0
    /// Characters XML 1.0 §2.2 forbids and libxml2 stops at: C0 controls other than TAB, LF and CR,
    /// and U+FFFE/U+FFFF.
    var forbiddenCharacters = 0
    /// The last ill-formed sequence is a well-formed prefix cut off by the end of the input: a
    /// transfer truncated mid-character, no evidence against UTF-8.
    var isTruncatedAtEnd = false

    /// Ill-formed sequences other than a truncated final character.
    var invalidSequencesInside: Int { invalidSequences - (isTruncatedAtEnd ? 1 : 0) }

    var isClean: Bool { invalidSequences == 0 && forbiddenCharacters == 0 }

    init() {}

    /// Whether the bytes are well-formed UTF-8 with at least `minimum` multi-byte sequences;
    /// stops at the first ill-formed one, so legacy-encoded text is rejected almost at once.
    static func isUTF8(_ bytes: UnsafeRawBufferPointer, withMultibyteSequences minimum: Int) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let count = bytes.count
        var multibyte = 0
        var index = 0
        while index < count {
            while index + 8 <= count,
                UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & UTF8Bytes.highBits == 0
            {
                index += 8
            }
            guard index < count else { break }
            if base[index] < 0x80 {
                index += 1
                continue
            }
            let sequence = UTF8Bytes.sequence(base, at: index, count: count)
            guard sequence.isValid else { return false }
            multibyte += 1
            index += sequence.length
        }
        return multibyte >= minimum
    }

    init(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let count = bytes.count
        var index = 0
        while index < count {
            // ASCII fast path: no high bit set in eight bytes, then look for a byte below 0x20
            // ("hasless" from Bit Twiddling Hacks, exact when no byte has its high bit set).
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & UTF8Bytes.highBits != 0 { break }
                if (word &- UTF8Bytes.spaces) & ~word & UTF8Bytes.highBits != 0 {
                    for offset in 0..<8 where UTF8Bytes.isForbiddenControl(base[index + offset]) {
                        forbiddenCharacters += 1
                    }
                }
                index += 8
            }
            guard index < count else { break }
            let lead = base[index]
            if lead < 0x80 {
                if UTF8Bytes.isForbiddenControl(lead) { forbiddenCharacters += 1 }
                index += 1
                continue
            }
            // Runs of two-byte sequences (Cyrillic, Greek, Latin accents …) checked inline.
            if lead >= 0xC2, lead <= 0xDF, index + 1 < count, base[index + 1] & 0xC0 == 0x80 {
                index += 2
                validMultibyteSequences += 1
                while index + 1 < count, base[index] >= 0xC2, base[index] <= 0xDF, base[index + 1] & 0xC0 == 0x80 {
                    index += 2
                    validMultibyteSequences += 1
                }
                continue
            }
            let sequence = UTF8Bytes.sequence(base, at: index, count: count)
            if sequence.isValid {
                validMultibyteSequences += 1
                if UTF8Bytes.isNonCharacterFFFx(base, at: index, length: sequence.length) {
                    forbiddenCharacters += 1
                }
            } else {
                invalidSequences += 1
                // A maximal subpart reaching the end was a valid prefix (0xC2-0xF4 lead included).
                isTruncatedAtEnd = index + sequence.length == count && lead >= 0xC2 && lead <= 0xF4
            }
            index += sequence.length
        }
    }
}

/// UTF-8 byte classification shared by the survey and the repair.
enum UTF8Bytes {
    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let spaces: UInt64 = 0x2020_2020_2020_2020
    /// Bit n set when control n must go: all of U+0000-U+001F except TAB (9), LF (10), CR (13).
    private static let forbiddenControls: UInt32 = 0xFFFF_D9FF

    @inline(__always)
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        byte < 0x20 && (forbiddenControls >> UInt32(byte)) & 1 == 1
    }

    /// EF BF BE / EF BF BF: U+FFFE and U+FFFF, not XML characters.
    @inline(__always)
    static func isNonCharacterFFFx(_ base: UnsafePointer<UInt8>, at index: Int, length: Int) -> Bool {
        length == 3 && base[index] == 0xEF && base[index + 1] == 0xBF && base[index + 2] >= 0xBE
    }

    /// The sequence starting at a byte >= 0x80: its length when well-formed, else the length of its
    /// maximal subpart (at least 1), per Unicode Table 3-7.
    @inline(__always)
    static func sequence(_ base: UnsafePointer<UInt8>, at index: Int, count: Int) -> (length: Int, isValid: Bool) {
        let lead = base[index]
        let trailing: Int
        let low: UInt8
        let high: UInt8
        switch lead {
        case 0xC2...0xDF: (trailing, low, high) = (1, 0x80, 0xBF)
        case 0xE0: (trailing, low, high) = (2, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (trailing, low, high) = (2, 0x80, 0xBF)
        case 0xED: (trailing, low, high) = (2, 0x80, 0x9F)
        case 0xF0: (trailing, low, high) = (3, 0x90, 0xBF)
        case 0xF1...0xF3: (trailing, low, high) = (3, 0x80, 0xBF)
        case 0xF4: (trailing, low, high) = (3, 0x80, 0x8F)
        default: return (1, false)
        }
        guard index + 1 < count, base[index + 1] >= low, base[index + 1] <= high else { return (1, false) }
        var offset = 2
        while offset <= trailing {
            guard index + offset < count, base[index + offset] & 0xC0 == 0x80 else { return (offset, false) }
            offset += 1
        }
        return (trailing + 1, true)
    }
}
