/// A charset this decoder knows: the canonical name reported to callers and how its bytes are decoded.
struct Charset: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case utf8
        /// Unicode encodings decoded in Swift (see `UnicodeWideDecoder`); `nil` endianness
        /// means the label did not say ("utf-16") and the bytes have to tell.
        case utf16(bigEndian: Bool?)
        case utf32(bigEndian: Bool?)
        /// Everything else goes through a libxml2 (iconv) converter opened under this name.
        case legacy(converter: String)
    }

    let name: String
    let kind: Kind
    /// The label promised 7-bit ASCII ("us-ascii", "ascii"). Bytes >= 0x80 break that promise, so
    /// they are judged like an undeclared document (valid UTF-8 stays UTF-8), not trusted blindly.
    var isASCIILabel = false

    static let utf8 = Charset(name: "UTF-8", kind: .utf8)
    static let utf16LE = Charset(name: "UTF-16LE", kind: .utf16(bigEndian: false))
    static let utf16BE = Charset(name: "UTF-16BE", kind: .utf16(bigEndian: true))
    static let utf32LE = Charset(name: "UTF-32LE", kind: .utf32(bigEndian: false))
    static let utf32BE = Charset(name: "UTF-32BE", kind: .utf32(bigEndian: true))
    static let windows1251 = Charset(name: "windows-1251", kind: .legacy(converter: "CP1251"))
    static let windows1252 = Charset(name: "windows-1252", kind: .legacy(converter: "CP1252"))
    static let koi8R = Charset(name: "KOI8-R", kind: .legacy(converter: "KOI8-R"))

    /// Whether ASCII bytes mean ASCII characters in this charset, so that an XML declaration read
    /// as ASCII and UTF-8 validity of the bytes are meaningful.
    var isASCIICompatible: Bool {
        switch kind {
        case .utf8: return true
        case .utf16, .utf32: return false
        case .legacy: return true
        }
    }
}

/// Charset labels → `Charset`, after folding a label to its lowercase letters and digits, so that
/// "cp-1251", "win_1251", "Windows 1251" and "x-cp1251" meet the same entry. Names follow the WHATWG
/// Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels), including its choice to read
/// latin1/iso-8859-1/us-ascii as windows-1252: that is what browsers do and what real feeds need.
enum CharsetName {
    static func lookup(_ label: String) -> Charset? {
        var key = ""
        for byte in label.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                key.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                key.unicodeScalars.append(Unicode.Scalar(byte + 32))
            default:
                continue
            }
            if key.utf8.count > 24 { return nil }
        }
        return table[key]
    }

    private static let table: [String: Charset] = {
        var table: [String: Charset] = [:]
        func add(_ charset: Charset, _ keys: [String]) {
            for key in keys { table[key] = charset }
        }
        add(.utf8, ["utf8", "unicode11utf8", "unicode20utf8", "xunicode20utf8"])
        add(.utf16LE, ["utf16le"])
        add(.utf16BE, ["utf16be"])
        add(Charset(name: "UTF-16", kind: .utf16(bigEndian: nil)), ["utf16", "ucs2", "iso10646ucs2", "csunicode"])
        add(.utf32LE, ["utf32le"])
        add(.utf32BE, ["utf32be"])
        add(Charset(name: "UTF-32", kind: .utf32(bigEndian: nil)), ["utf32", "ucs4", "iso10646ucs4"])

        var asciiLabel = Charset.windows1252
        asciiLabel.isASCIILabel = true
        add(asciiLabel, ["usascii", "ascii", "ansix341968", "iso646us", "cp367", "ibm367", "csascii", "us"])
        add(.windows1252, ["latin1", "l1", "iso88591", "iso885911987", "isoir100", "cp819", "ibm819", "csisolatin1"])
        for number in 1250...1258 {
            let charset = Charset(name: "windows-\(number)", kind: .legacy(converter: "CP\(number)"))
            add(charset, ["windows\(number)", "win\(number)", "cp\(number)", "xcp\(number)", "mscp\(number)"])
        }
        // ISO-8859-9 and -11 are read as their Windows supersets, as WHATWG does.
        let latinNumbers = [2: "2", 3: "3", 4: "4", 10: "6", 13: "7", 14: "8", 15: "9", 16: "10"]
        for part in [2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16] {
            let charset = Charset(name: "ISO-8859-\(part)", kind: .legacy(converter: "ISO-8859-\(part)"))
            add(charset, ["iso8859\(part)", "iso\(part)", "csisolatin\(part)"])
            if let latin = latinNumbers[part] { add(charset, ["latin\(latin)", "l\(latin)"]) }
        }
        add(table["iso88595"]!, ["cyrillic", "csisolatincyrillic", "isoir144"])
        add(table["iso88597"]!, ["greek", "greek8", "elot928", "ecma118"])
        add(table["iso88596"]!, ["arabic", "asmo708", "ecma114"])
        add(table["iso88598"]!, ["hebrew", "iso88598i", "visual", "logical"])
        add(table["windows1254"]!, ["iso88599", "latin5", "l5", "iso9", "csisolatin5"])
        add(Charset(name: "windows-874", kind: .legacy(converter: "CP874")),
            ["windows874", "cp874", "tis620", "iso885911", "dos874"])

        add(.koi8R, ["koi8r", "koi8", "cskoi8r", "koi"])
        add(Charset(name: "KOI8-U", kind: .legacy(converter: "KOI8-U")), ["koi8u", "koi8ru"])
        add(Charset(name: "IBM866", kind: .legacy(converter: "CP866")), ["ibm866", "cp866", "866", "csibm866"])
        add(Charset(name: "KZ-1048", kind: .legacy(converter: "RK1048")), ["kz1048", "rk1048", "strk10482002"])
        add(Charset(name: "x-mac-cyrillic", kind: .legacy(converter: "MAC-CYRILLIC")),
            ["xmaccyrillic", "maccyrillic", "xmacukrainian"])
        add(Charset(name: "macintosh", kind: .legacy(converter: "MACINTOSH")),
            ["macintosh", "mac", "xmacroman", "csmacintosh"])

        add(Charset(name: "GBK", kind: .legacy(converter: "GBK")),
            ["gbk", "gb2312", "chinese", "csgb2312", "xgbk", "cp936", "windows936", "gb231280", "euccn"])
        add(Charset(name: "gb18030", kind: .legacy(converter: "GB18030")), ["gb18030"])
        add(Charset(name: "Big5", kind: .legacy(converter: "BIG5-HKSCS")),
            ["big5", "big5hkscs", "cnbig5", "csbig5", "xxbig5"])
        add(Charset(name: "Shift_JIS", kind: .legacy(converter: "CP932")),
            ["shiftjis", "sjis", "xsjis", "mskanji", "csshiftjis", "windows31j", "cp932"])
        add(Charset(name: "EUC-JP", kind: .legacy(converter: "EUC-JP")), ["eucjp", "xeucjp", "cseucpkdfmtjapanese"])
        add(Charset(name: "ISO-2022-JP", kind: .legacy(converter: "ISO-2022-JP")), ["iso2022jp", "csiso2022jp"])
        add(Charset(name: "EUC-KR", kind: .legacy(converter: "CP949")),
            ["euckr", "cseuckr", "ksc56011987", "ksc5601", "windows949", "cp949", "korean", "isoir149"])
        return table
    }()
}
