/// Copies bytes read as UTF-8 into clean UTF-8: each ill-formed maximal subpart becomes U+FFFD and
/// the characters XML forbids (see `UTF8Survey.forbiddenCharacters`) are dropped.
enum UTF8Repair {
    static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// `survey` must be the survey of `bytes`; it sizes the output exactly enough.
    static func repaired(_ bytes: UnsafeRawBufferPointer, survey: UTF8Survey) -> [UInt8] {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return [] }
        let count = bytes.count
        // One byte of ill-formed input at most becomes three bytes of U+FFFD.
        let capacity = count + 2 * survey.invalidSequences
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, written in
            let out = output.baseAddress!
            var used = 0
            var index = 0
            while index < count {
                while index + 8 <= count {
                    let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                    if word & UTF8Bytes.highBits != 0
                        || (word &- UTF8Bytes.spaces) & ~word & UTF8Bytes.highBits != 0
                    {
                        break
                    }
                    UnsafeMutableRawPointer(out + used).storeBytes(of: word, as: UInt64.self)
                    used += 8
                    index += 8
                }
                guard index < count else { break }
                let lead = base[index]
                if lead < 0x80 {
                    if !UTF8Bytes.isForbiddenControl(lead) {
                        out[used] = lead
                        used += 1
                    }
                    index += 1
                    continue
                }
                if lead >= 0xC2, lead <= 0xDF, index + 1 < count, base[index + 1] & 0xC0 == 0x80 {
                    out[used] = lead
                    out[used + 1] = base[index + 1]
                    used += 2
                    index += 2
                    continue
                }
                let sequence = UTF8Bytes.sequence(base, at: index, count: count)
                if !sequence.isValid {
                    out[used] = 0xEF
                    out[used + 1] = 0xBF
                    out[used + 2] = 0xBD
                    used += 3
                } else if !UTF8Bytes.isNonCharacterFFFx(base, at: index, length: sequence.length) {
                    for offset in 0..<sequence.length { out[used + offset] = base[index + offset] }
                    used += sequence.length
                }
                index += sequence.length
            }
            written = used
        }
    }
}
