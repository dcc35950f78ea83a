/// Guesses the single-byte charset of bytes that are not UTF-8: windows-1251, KOI8-R or, when
/// the bytes >= 0x80 do not read as Cyrillic words, windows-1252. Both Cyrillic charsets put
/// the 32 Russian letters (ё aside) in 0xC0-0xFF, in different orders and with the cases swapped:
/// windows-1251 has а-я at 0xE0-0xFF, KOI8-R at 0xC0-0xDF. Each reading is scored by how common
/// its letters are in Russian, lowercase counting more, since prose is mostly lowercase.
enum CyrillicDetector {
    static func detect(_ bytes: UnsafeRawBufferPointer) -> Charset {
        var histogram = [Int](repeating: 0, count: 128)
        var highBytes = 0
        var highAfterHigh = 0
        var previousWasHigh = false
        for byte in bytes {
            let isHigh = byte >= 0x80
            if isHigh {
                histogram[Int(byte - 0x80)] += 1
                highBytes += 1
                if previousWasHigh { highAfterHigh += 1 }
            }
            previousWasHigh = isHigh
        }
        guard highBytes > 0 else { return .windows1252 }
        // Cyrillic words are runs of high bytes; accented Latin letters mostly stand alone
        // between ASCII letters ("café", "Größe").
        var letters = histogram[0x40...].reduce(0, +)
        letters += histogram[0xA8 - 0x80] + histogram[0xB8 - 0x80]  // Ё ё in windows-1251
        letters += histogram[0xA3 - 0x80] + histogram[0xB3 - 0x80]  // ё Ё in KOI8-R
        guard letters * 10 >= highBytes * 7, highAfterHigh * 2 >= highBytes else { return .windows1252 }

        var windows1251Score = 0
        var koi8Score = 0
        for offset in 0..<32 {
            let upper = histogram[0x40 + offset]  // bytes 0xC0-0xDF
            let lower = histogram[0x60 + offset]  // bytes 0xE0-0xFF
            // windows-1251: 0xC0 + i is uppercase letter i, 0xE0 + i lowercase letter i.
            windows1251Score += lower * frequency[offset] * 4 + upper * frequency[offset]
            // KOI8-R: 0xC0 + i is lowercase, 0xE0 + i uppercase, both in KOI8 order.
            let letter = koi8Order[offset]
            koi8Score += upper * frequency[letter] * 4 + lower * frequency[letter]
        }
        return koi8Score > windows1251Score ? .koi8R : .windows1251
    }

    /// Approximate frequency (per mille) of а б в г д е ж з и й к л м н о п р с т у ф х ц ч ш щ ъ ы ь э ю я
    /// in Russian text.
    private static let frequency = [
        80, 16, 45, 17, 30, 85, 9, 16, 74, 12, 35, 44, 32, 67, 110, 28,
        47, 55, 63, 26, 3, 10, 5, 14, 7, 4, 1, 19, 17, 3, 6, 20,
    ]

    /// Alphabet index (а = 0 … я = 31) of KOI8-R bytes 0xC0 + i / 0xE0 + i (RFC 1489):
    /// ю а б ц д е ф г х и й к л м н о п я р с т у ж в ь ы з ш э щ ч ъ.
    private static let koi8Order = [
        30, 0, 1, 22, 4, 5, 20, 3, 21, 8, 9, 10, 11, 12, 13, 14,
        15, 31, 16, 17, 18, 19, 6, 2, 28, 27, 7, 24, 29, 25, 23, 26,
    ]
}
