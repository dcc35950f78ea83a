
/// A single-byte charset as 256 UTF-8 strings, filled in by asking a libxml2 handler to convert
/// each byte value on its own. Decoding is then one table load per byte, with forbidden controls
/// already mapped to nothing and undefined bytes to U+FFFD.
struct SingleByteTable: Sendable {
    /// UTF-8 of each byte value, little-endian packed (first byte lowest), `lengths[b]` bytes used.
    private var packed = [UInt32](repeating: 0, count: 256)
    private var lengths = [UInt8](repeating: 0, count: 256)
    private var undefined = [UInt8](repeating: 0, count: 256)
    private var forbidden = [UInt8](repeating: 0, count: 256)
    /// 1 where `undefined` or `forbidden` is.
    private var isSpecial = [UInt8](repeating: 0, count: 256)
    private var longest = 1
    /// Bytes 0x20-0x7F are ASCII and 0x00-0x1F the C0 controls: eight such bytes are copied at once.
    private var asciiIdentity = true

    /// Nil when the charset is not single-byte and stateless: some byte alone is an incomplete
    /// character, converts to nothing until flushed, or to more than four UTF-8 bytes.
    init?(handler: LibXMLEncodingHandler) {
        for value in 0...255 {
            var byte = UInt8(value)
            var result = (UInt32(0), 0)
            let status: LibXMLEncodingHandler.Status = withUnsafeBytes(of: &byte) { inputBytes in
                withUnsafeTemporaryAllocation(byteCount: 16, alignment: 4) { buffer in
                    buffer.initializeMemory(as: UInt8.self, repeating: 0)
                    var input = inputBytes
                    var output = buffer
                    handler.reset()
                    let status = handler.convert(&input, into: &output)
                    let produced = buffer.count - output.count
                    var flushed = output
                    handler.flush(into: &flushed)
                    if flushed.count != output.count || (status == .finished && (produced == 0 || produced > 4)) {
                        return .incomplete
                    }
                    result = (buffer.load(as: UInt32.self), produced)
                    return status
                }
            }
            switch status {
            case .finished:
                let (packedValue, length) = result
                packed[value] = packedValue
                lengths[value] = UInt8(length)
                longest = max(longest, length)
                // C0 controls, U+FFFE (EF BF BE) and U+FFFF (EF BF BF) are dropped.
                let isForbidden = (length == 1 && UTF8Bytes.isForbiddenControl(UInt8(packedValue)))
                    || (length == 3 && (packedValue == 0xBEBF_EF || packedValue == 0xBFBF_EF))
                if isForbidden {
                    lengths[value] = 0
                    forbidden[value] = 1
                }
            case .illegal:
                packed[value] = 0xBDBFEF  // U+FFFD
                lengths[value] = 3
                undefined[value] = 1
                longest = max(longest, 3)
            case .incomplete, .outputFull:
                return nil
            }
            isSpecial[value] = undefined[value] | forbidden[value]
            let expected: UInt32 = UTF8Bytes.isForbiddenControl(UInt8(value)) ? 0 : 1
            if value < 0x80, UInt32(lengths[value]) != expected || (expected == 1 && packed[value] != UInt32(value)) {
                asciiIdentity = false
            }
        }
    }

    func decode(_ bytes: UnsafeRawBufferPointer) -> LibXMLTranscoder.Result {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else {
            return LibXMLTranscoder.Result(utf8: [])
        }
        let count = bytes.count
        let asciiIdentity = self.asciiIdentity
        var unconvertible = 0
        var removed = 0
        var special = 0
        let utf8 = packed.withUnsafeBufferPointer { packed in
            lengths.withUnsafeBufferPointer { lengths in
              isSpecial.withUnsafeBufferPointer { isSpecial in
                // Every entry is stored as four bytes, so keep room past the last one.
                [UInt8](unsafeUninitializedCapacity: count * longest + 8) { output, written in
                    let out = UnsafeMutableRawPointer(output.baseAddress!)
                    var used = 0
                    var index = 0
                    var specialBytes = 0
                    while index < count {
                        if asciiIdentity {
                            while index + 8 <= count {
                                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                                if word & UTF8Bytes.highBits != 0
                                    || (word &- UTF8Bytes.spaces) & ~word & UTF8Bytes.highBits != 0
                                {
                                    break
                                }
                                out.storeBytes(of: word, toByteOffset: used, as: UInt64.self)
                                used += 8
                                index += 8
                            }
                            guard index < count else { break }
                        }
                        let byte = Int(base[index])
                        out.storeBytes(of: packed[byte], toByteOffset: used, as: UInt32.self)
                        used += Int(lengths[byte])
                        specialBytes &+= Int(isSpecial[byte])
                        index += 1
                    }
                    written = used
                    special = specialBytes
                }
              }
            }
        }
        // Rare cases counted apart, off the hot loop: undefined and dropped bytes.
        if special > 0 {
            for byte in bytes {
                unconvertible += Int(undefined[Int(byte)])
                removed += Int(forbidden[Int(byte)])
            }
        }
        return LibXMLTranscoder.Result(utf8: utf8, unconvertibleBytes: unconvertible, forbiddenCharacters: removed)
    }

    // MARK: cache

    /// What probing a converter found, kept per converter name so the 256 probe conversions run
    /// once per charset and process.
    enum Probe: Sendable {
        case table(SingleByteTable)
        case multiByte
        case noHandler
    }

    private static let cache = LockedValue<[String: Probe]>([:])

    static func cached(_ converter: String) -> Probe? {
        cache.withLock { $0[converter] }
    }

    static func remember(_ probe: Probe, for converter: String) {
        cache.withLock { $0[converter] = probe }
    }
}
