/// UTF-16 and UTF-32 to clean UTF-8, in Swift. libxml2's own UTF-16 input functions (the handlers
/// xmlFindCharEncodingHandler returns for "UTF-16LE"/"UTF-16BE" are built in, not iconv) return -2
/// on a lone surrogate without saying where it is, which leaves no way to substitute U+FFFD and go
/// on; decoding here makes every bad unit one U+FFFD.
enum UnicodeWideDecoder {
    struct Result {
        var utf8: [UInt8]
        var invalidUnits = 0
        var forbiddenCharacters = 0
    }

    static func decodeUTF16(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> Result {
        let unitCount = bytes.count / 2
        var invalid = 0
        var forbidden = 0
        // A unit is at most 3 bytes of UTF-8 (a surrogate pair: 4 bytes for 2 units); plus one
        // U+FFFD for an odd trailing byte.
        let utf8 = [UInt8](unsafeUninitializedCapacity: unitCount * 3 + 3) { output, written in
            var writer = ScalarWriter(out: output.baseAddress!)
            var index = 0
            @inline(__always) func unit(_ at: Int) -> UInt32 {
                bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
            }
            while index + 1 < bytes.count {
                let first = unit(index)
                index += 2
                if first < 0xD800 || first > 0xDFFF {
                    if !writer.write(first) { forbidden += 1 }
                } else if first <= 0xDBFF, index + 1 < bytes.count, case let second = unit(index),
                    second >= 0xDC00, second <= 0xDFFF
                {
                    index += 2
                    _ = writer.write(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                } else {
                    invalid += 1
                    _ = writer.write(0xFFFD)
                }
            }
            if index < bytes.count {  // half a unit: truncated input
                invalid += 1
                _ = writer.write(0xFFFD)
            }
            written = writer.used
        }
        return Result(utf8: utf8, invalidUnits: invalid, forbiddenCharacters: forbidden)
    }

    static func decodeUTF32(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> Result {
        var invalid = 0
        var forbidden = 0
        let utf8 = [UInt8](unsafeUninitializedCapacity: bytes.count + 3) { output, written in
            var writer = ScalarWriter(out: output.baseAddress!)
            var index = 0
            while index + 3 < bytes.count {
                let value = bigEndian
                    ? UInt32(bytes[index]) << 24 | UInt32(bytes[index + 1]) << 16 | UInt32(bytes[index + 2]) << 8
                        | UInt32(bytes[index + 3])
                    : UInt32(bytes[index + 3]) << 24 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 1]) << 8
                        | UInt32(bytes[index])
                index += 4
                if value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF) {
                    invalid += 1
                    _ = writer.write(0xFFFD)
                } else if !writer.write(value) {
                    forbidden += 1
                }
            }
            if index < bytes.count {
                invalid += 1
                _ = writer.write(0xFFFD)
            }
            written = writer.used
        }
        return Result(utf8: utf8, invalidUnits: invalid, forbiddenCharacters: forbidden)
    }
}

/// Appends scalars as UTF-8, dropping the ones XML forbids (C0 controls but TAB/LF/CR, U+FFFE,
/// U+FFFF). The caller sizes the buffer.
private struct ScalarWriter {
    let out: UnsafeMutablePointer<UInt8>
    var used = 0

    /// False when the scalar was dropped.
    @inline(__always)
    mutating func write(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0..<0x80:
            if UTF8Bytes.isForbiddenControl(UInt8(scalar)) { return false }
            out[used] = UInt8(scalar)
            used += 1
        case 0x80..<0x800:
            out[used] = UInt8(0xC0 | scalar >> 6)
            out[used + 1] = UInt8(0x80 | scalar & 0x3F)
            used += 2
        case 0x800..<0x10000:
            if scalar >= 0xFFFE { return false }
            out[used] = UInt8(0xE0 | scalar >> 12)
            out[used + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[used + 2] = UInt8(0x80 | scalar & 0x3F)
            used += 3
        default:
            out[used] = UInt8(0xF0 | scalar >> 18)
            out[used + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[used + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[used + 3] = UInt8(0x80 | scalar & 0x3F)
            used += 4
        }
        return true
    }
}
