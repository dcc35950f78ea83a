internal import CLibXML2
import Glibc

/// Legacy charsets to UTF-8 through libxml2's encoding handlers (iconv-backed on Debian 12's
/// libxml2 2.9.14). The only file in Encoding/ that touches libxml2.
///
/// Conversion calls the handler's own function (`input`, or iconv on `iconv_in`) instead of
/// `xmlCharEncInFunc`, because that one reports a bad byte only as -2 plus a message on libxml2's
/// generic error channel; here every unconvertible byte becomes one U+FFFD and decoding goes on.
/// Single-byte charsets are converted once per byte value into a 256-entry table (cached per
/// charset), which then decodes far faster than iconv and drops forbidden controls on the way.
enum LibXMLTranscoder {
    struct Result {
        var utf8: [UInt8]
        /// Input bytes that had no character in the charset (or ended mid-character).
        var unconvertibleBytes = 0
        var forbiddenCharacters = 0
    }

    /// Nil when libxml2 has no handler for `converter`.
    static func transcode(_ bytes: UnsafeRawBufferPointer, converter: String) -> Result? {
        switch SingleByteTable.cached(converter) {
        case .table(let table)?:
            return table.decode(bytes)
        case .noHandler?:
            return nil
        case .multiByte?:
            return LibXMLEncodingHandler(name: converter)?.convertStream(bytes)
        case nil:
            guard let handler = LibXMLEncodingHandler(name: converter) else {
                SingleByteTable.remember(.noHandler, for: converter)
                return nil
            }
            guard let table = SingleByteTable(handler: handler) else {
                SingleByteTable.remember(.multiByte, for: converter)
                handler.reset()
                return handler.convertStream(bytes)
            }
            SingleByteTable.remember(.table(table), for: converter)
            return table.decode(bytes)
        }
    }
}

/// One open libxml2 encoding handler, closed with xmlCharEncCloseFunc. Not thread-safe (it holds
/// iconv state), so it lives inside one call.
@available(*, unavailable)
extension LibXMLEncodingHandler: Sendable {}

final class LibXMLEncodingHandler {
    private let raw: UnsafeMutablePointer<xmlCharEncodingHandler>

    private static var libraryReady: Void { LibXMLSetup.ready }

    init?(name: String) {
        _ = LibXMLEncodingHandler.libraryReady
        guard let raw = xmlFindCharEncodingHandler(name) else { return nil }
        if raw.pointee.input == nil && raw.pointee.iconv_in == nil {
            xmlCharEncCloseFunc(raw)  // an ICU-only handler: not used here
            return nil
        }
        self.raw = raw
    }

    deinit { xmlCharEncCloseFunc(raw) }

    enum Status { case finished, outputFull, illegal, incomplete }

    /// Converts from `input` into `output` as far as possible, advancing both.
    func convert(
        _ input: inout UnsafeRawBufferPointer, into output: inout UnsafeMutableRawBufferPointer
    ) -> Status {
        if let function = raw.pointee.input {
            var inLength = Int32(clamping: input.count)
            var outLength = Int32(clamping: output.count)
            let result = function(
                output.baseAddress!.assumingMemoryBound(to: UInt8.self), &outLength,
                input.baseAddress!.assumingMemoryBound(to: UInt8.self), &inLength)
            let consumed = result == -2 ? max(0, min(Int(inLength), input.count)) : Int(inLength)
            let produced = result == -2 ? 0 : Int(outLength)
            input = UnsafeRawBufferPointer(rebasing: input[consumed...])
            output = UnsafeMutableRawBufferPointer(rebasing: output[produced...])
            if result == -2 { return .illegal }
            if input.isEmpty { return .finished }
            return output.count < 8 ? .outputFull : .incomplete
        }
        var inPointer = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        var outPointer = output.baseAddress?.assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        let result = iconv(raw.pointee.iconv_in, &inPointer, &inLeft, &outPointer, &outLeft)
        let failure = errno
        input = UnsafeRawBufferPointer(rebasing: input[(input.count - inLeft)...])
        output = UnsafeMutableRawBufferPointer(rebasing: output[(output.count - outLeft)...])
        guard result == -1 else { return .finished }
        switch failure {
        case E2BIG: return .outputFull
        case EILSEQ: return .illegal
        default: return .incomplete
        }
    }

    /// Writes out whatever a stateful converter still holds and returns it to its initial state.
    func flush(into output: inout UnsafeMutableRawBufferPointer) {
        guard raw.pointee.input == nil else { return }
        var outPointer = output.baseAddress?.assumingMemoryBound(to: CChar.self)
        var outLeft = output.count
        _ = iconv(raw.pointee.iconv_in, nil, nil, &outPointer, &outLeft)
        output = UnsafeMutableRawBufferPointer(rebasing: output[(output.count - outLeft)...])
    }

    /// Returns a stateful converter to its initial state, dropping what it holds.
    func reset() {
        guard raw.pointee.input == nil else { return }
        _ = iconv(raw.pointee.iconv_in, nil, nil, nil, nil)
    }

    /// Multi-byte and stateful charsets: one pass of the converter, U+FFFD for each byte it
    /// rejects, then the UTF-8 result cleaned of forbidden characters.
    func convertStream(_ bytes: UnsafeRawBufferPointer) -> LibXMLTranscoder.Result {
        // Three output bytes per input byte covers every CJK charset and U+FFFD for each bad byte;
        // a charset that needs more (one byte to several characters) retries with more room.
        var factor = 3
        while true {
            var unconvertible = 0
            var overflow = false
            let converted = [UInt8](unsafeUninitializedCapacity: bytes.count * factor + 16) { buffer, written in
                var output = UnsafeMutableRawBufferPointer(buffer)
                var input = bytes
                loop: while !input.isEmpty {
                    switch convert(&input, into: &output) {
                    case .finished:
                        break loop
                    case .outputFull:
                        overflow = true
                        break loop
                    case .illegal, .incomplete:
                        // .incomplete on a whole document means it ends mid-character.
                        guard output.count >= 3 else { overflow = true; break loop }
                        output.copyBytes(from: UTF8Repair.replacementCharacter)
                        output = UnsafeMutableRawBufferPointer(rebasing: output[3...])
                        input = UnsafeRawBufferPointer(rebasing: input[1...])
                        unconvertible += 1
                    }
                }
                if !overflow { flush(into: &output) }
                written = buffer.count - output.count
            }
            if overflow {
                factor *= 2
                reset()
                continue
            }
            let survey = converted.withUnsafeBytes { UTF8Survey($0) }
            let clean = survey.isClean ? converted : converted.withUnsafeBytes { UTF8Repair.repaired($0, survey: survey) }
            return LibXMLTranscoder.Result(
                utf8: clean, unconvertibleBytes: unconvertible, forbiddenCharacters: survey.forbiddenCharacters)
        }
    }
}
