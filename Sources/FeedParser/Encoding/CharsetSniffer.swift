/// What the first bytes of a document say about its encoding, before any decoding
/// (RFC 7303 §3 and XML 1.0 Appendix F).
enum CharsetSniffer {
    /// A byte order mark at the start: the charset and how many bytes to strip.
    /// UTF-32 is tested before UTF-16 because FF FE 00 00 also starts with the UTF-16LE mark.
    static func byteOrderMark(_ bytes: UnsafeRawBufferPointer) -> (charset: Charset, length: Int)? {
        let count = bytes.count
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return (.utf8, 3) }
        if count >= 4, bytes[0] == 0xFF, bytes[1] == 0xFE, bytes[2] == 0, bytes[3] == 0 { return (.utf32LE, 4) }
        if count >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF { return (.utf32BE, 4) }
        if count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return (.utf16LE, 2) }
        if count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }

    /// A wide Unicode encoding recognisable from "<?" without a BOM (XML 1.0 Appendix F.1).
    static func wideDeclarationStart(_ bytes: UnsafeRawBufferPointer) -> Charset? {
        guard bytes.count >= 4 else { return nil }
        switch (bytes[0], bytes[1], bytes[2], bytes[3]) {
        case (0x3C, 0, 0x3F, 0): return .utf16LE
        case (0, 0x3C, 0, 0x3F): return .utf16BE
        case (0x3C, 0, 0, 0): return .utf32LE
        case (0, 0, 0, 0x3C): return .utf32BE
        default: return nil
        }
    }

    /// Whether the document starts with an ASCII "<?xml", which rules out UTF-16/32 whatever a
    /// label says.
    static func startsWithASCIIDeclaration(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 5 && bytes[0] == 0x3C && bytes[1] == 0x3F && bytes[2] == 0x78 && bytes[3] == 0x6D
            && bytes[4] == 0x6C
    }

    /// The `encoding="..."` pseudo-attribute of an ASCII-readable XML declaration at the very start
    /// (XML 1.0 §2.8 and §4.3.3), looked for in the first 1 KB only.
    static func declaredEncoding(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard startsWithASCIIDeclaration(bytes) else { return nil }
        let end = min(bytes.count, 1024)
        let keyword = Array("encoding".utf8)
        var index = 5
        while index + keyword.count < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "?") || byte == UInt8(ascii: ">") { return nil }  // end of the declaration
            if byte == keyword[0], matches(keyword, in: bytes, at: index) {
                index += keyword.count
                index = skipSpaces(bytes, from: index, end: end)
                guard index < end, bytes[index] == UInt8(ascii: "=") else { return nil }
                index = skipSpaces(bytes, from: index + 1, end: end)
                guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                    return nil
                }
                let quote = bytes[index]
                let start = index + 1
                var stop = start
                while stop < end, bytes[stop] != quote {
                    guard stop - start < 40, bytes[stop] > 0x20, bytes[stop] < 0x7F else { return nil }
                    stop += 1
                }
                guard stop < end else { return nil }
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    private static func matches(_ keyword: [UInt8], in bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        for offset in keyword.indices where bytes[index + offset] != keyword[offset] { return false }
        return true
    }

    private static func skipSpaces(_ bytes: UnsafeRawBufferPointer, from index: Int, end: Int) -> Int {
        var index = index
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A
            || bytes[index] == 0x0D
        {
            index += 1
        }
        return index
    }

    /// Byte order of BOM-less UTF-16/32 under a label that does not say: ASCII text puts its zero
    /// bytes after (LE) or before (BE) each letter. Without evidence, big-endian (RFC 2781 §4.3).
    static func guessBigEndian(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var zerosAtEven = 0
        var zerosAtOdd = 0
        let end = min(bytes.count, 512)
        for index in 0..<end where bytes[index] == 0 {
            if index & 1 == 0 { zerosAtEven += 1 } else { zerosAtOdd += 1 }
        }
        return zerosAtOdd <= zerosAtEven
    }
}
