/// What `InputDecoder` did to a document's bytes.
public struct DecodedInputInfo: Sendable {
    /// Canonical name of the charset the bytes were decoded as, e.g. "UTF-8", "windows-1251".
    public var encoding: String
    /// Human-readable notes on labels ignored or contradicted and bytes replaced or dropped.
    public var warnings: [String]

    public init(encoding: String, warnings: [String]) {
        self.encoding = encoding
        self.warnings = warnings
    }
}

/// Raw feed bytes → clean UTF-8: the charset chosen in RFC 7303 §3 order (BOM, then the charset
/// hint, then the XML declaration, then UTF-8), bytes that contradict a UTF-8 label re-read as the
/// single-byte charset they look like, and the result free of what stops an XML parser (ill-formed
/// UTF-8, C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF, the BOM).
public enum InputDecoder {
    /// Turns the raw bytes of a feed document into clean UTF-8 and hands them to `body` (no copy
    /// when the input is already clean UTF-8). `charsetHint` is the charset an HTTP Content-Type
    /// announced (or the user's override). `isXML` is false for JSON documents: no XML declaration
    /// sniffing; BOM, hint and the invalid-UTF-8 detection still apply.
    public static func withUTF8<R>(
        _ bytes: UnsafeRawBufferPointer, charsetHint: String?, isXML: Bool = true,
        _ body: (UnsafeRawBufferPointer, DecodedInputInfo) throws -> R
    ) rethrows -> R {
        var warnings: [String] = []
        var input = bytes
        var declared: Charset?
        var declarationFallback: Charset?

        let hint = charsetHint.flatMap { $0.isEmpty ? nil : $0 }
        let hintCharset = hint.flatMap(CharsetName.lookup)
        if let hint, hintCharset == nil {
            warnings.append("unknown charset \"\(hint)\" in the charset hint; ignored")
        }

        if let (charset, length) = CharsetSniffer.byteOrderMark(bytes) {
            // RFC 7303 §3: the BOM wins over every label; it is not part of the text.
            input = UnsafeRawBufferPointer(rebasing: bytes[length...])
            declared = charset
            if let hintCharset, !charset.name.hasPrefix(hintCharset.name) {  // "UTF-16" agrees with UTF-16LE
                warnings.append("charset hint \(hintCharset.name) ignored: the byte order mark says \(charset.name)")
            }
        } else if let hintCharset {
            declared = hintCharset
            // Kept for one case: a UTF-8 hint the bytes contradict, where the document's own
            // declaration is a better witness than letter statistics.
            if isXML, case .utf8 = hintCharset.kind, let label = CharsetSniffer.declaredEncoding(bytes),
                let charset = CharsetName.lookup(label), case .legacy = charset.kind, !charset.isASCIILabel
            {
                declarationFallback = charset
            }
        } else if isXML {
            if let wide = CharsetSniffer.wideDeclarationStart(bytes) {
                declared = wide
            } else if let label = CharsetSniffer.declaredEncoding(bytes) {
                declared = CharsetName.lookup(label)
                if declared == nil {
                    warnings.append("unknown encoding \"\(label)\" in the XML declaration; ignored")
                }
            }
        }

        guard let charset = declared else {
            return try decodeUTF8(input, label: nil, warnings: warnings, body)
        }
        switch charset.kind {
        case .utf8:
            return try decodeUTF8(input, label: charset, fallback: declarationFallback, warnings: warnings, body)
        case .utf16(let bigEndian), .utf32(let bigEndian):
            if isXML, CharsetSniffer.startsWithASCIIDeclaration(input) {
                // "<?xml" in single bytes cannot be UTF-16 or UTF-32, whatever the label says.
                warnings.append("declared encoding \(charset.name) does not match the bytes; decoded as UTF-8")
                return try decodeUTF8(input, label: nil, warnings: warnings, body)
            }
            let isBigEndian = bigEndian
                ?? (CharsetSniffer.wideDeclarationStart(input).map { $0 == .utf16BE || $0 == .utf32BE }
                    ?? CharsetSniffer.guessBigEndian(input))
            let isUTF16: Bool
            if case .utf16 = charset.kind { isUTF16 = true } else { isUTF16 = false }
            let decoded = isUTF16
                ? UnicodeWideDecoder.decodeUTF16(input, bigEndian: isBigEndian)
                : UnicodeWideDecoder.decodeUTF32(input, bigEndian: isBigEndian)
            let name = isUTF16 ? (isBigEndian ? "UTF-16BE" : "UTF-16LE") : (isBigEndian ? "UTF-32BE" : "UTF-32LE")
            if decoded.invalidUnits > 0 {
                warnings.append("\(decoded.invalidUnits) invalid \(name) code units replaced with U+FFFD")
            }
            noteForbidden(decoded.forbiddenCharacters, in: &warnings)
            return try decoded.utf8.withUnsafeBytes {
                try body($0, DecodedInputInfo(encoding: name, warnings: warnings))
            }
        case .legacy(let converter):
            if charset.isASCIILabel {
                return try decodeUTF8(input, label: charset, warnings: warnings, body)
            }
            if UTF8Survey.isUTF8(input, withMultibyteSequences: Threshold.utf8Evidence) {
                // Several well-formed multi-byte sequences and no ill-formed one do not happen by
                // chance in legacy-encoded text: the label is wrong (Miniflux trusts valid UTF-8
                // over the prolog the same way, internal/reader/encoding/encoding.go).
                warnings.append("declared encoding \(charset.name) does not match the bytes; decoded as UTF-8")
                return try decodeUTF8(input, label: nil, warnings: warnings, body)
            }
            guard let result = LibXMLTranscoder.transcode(input, converter: converter) else {
                warnings.append("no converter for \(charset.name) in libxml2; decoded as UTF-8")
                return try decodeUTF8(input, label: nil, warnings: warnings, body)
            }
            return try deliver(result, charset: charset, warnings: warnings, body)
        }
    }

    /// Canonical name for a charset label, or nil when unknown: "cp-1251", "win-1251", "x-cp1251" →
    /// "windows-1251"; "koi8r" → "KOI8-R"; "utf8" → "UTF-8"; "latin1", "iso-8859-1", "us-ascii" →
    /// "windows-1252" (WHATWG Encoding Standard: browsers decode these as windows-1252).
    public static func canonicalCharsetName(_ label: String) -> String? {
        CharsetName.lookup(label)?.name
    }

    private enum Threshold {
        /// Well-formed multi-byte sequences, with no ill-formed one, that overrule a legacy label.
        static let utf8Evidence = 3
        /// UTF-8 with ill-formed sequences stays UTF-8 (each becomes U+FFFD) when it has at least
        /// this many well-formed multi-byte sequences and at least `validPerInvalid` of them per
        /// ill-formed one. Legacy Cyrillic or Latin text has far fewer well-formed sequences than
        /// ill-formed ones, while a UTF-8 feed with one pasted windows-1252 item has far more.
        static let minimumValid = 3
        static let validPerInvalid = 10
    }

    /// Bytes labelled UTF-8 (`label`), ASCII (`label.isASCIILabel`), or not labelled at all (nil).
    /// When they are not UTF-8, they are decoded as `fallback` if given, else as detected.
    private static func decodeUTF8<R>(
        _ input: UnsafeRawBufferPointer, label: Charset?, fallback: Charset? = nil, warnings: [String],
        _ body: (UnsafeRawBufferPointer, DecodedInputInfo) throws -> R
    ) rethrows -> R {
        var warnings = warnings
        let survey = UTF8Survey(input)
        // ASCII-only text is the same in every ASCII-labelled reading: keep the label's name.
        let isASCIILabel = label?.isASCIILabel ?? false
        if survey.isClean {
            let name = isASCIILabel && survey.validMultibyteSequences == 0 ? label!.name : "UTF-8"
            if isASCIILabel && survey.validMultibyteSequences > 0 {
                warnings.append("declared encoding US-ASCII does not match the bytes; decoded as UTF-8")
            }
            return try body(input, DecodedInputInfo(encoding: name, warnings: warnings))
        }
        let looksLikeUTF8 = survey.invalidSequencesInside == 0
            || (survey.validMultibyteSequences >= Threshold.minimumValid
                && survey.invalidSequencesInside * Threshold.validPerInvalid <= survey.validMultibyteSequences)
        if looksLikeUTF8 {
            if survey.invalidSequences > 0 { warnings.append("invalid UTF-8 sequences replaced") }
            if isASCIILabel && survey.validMultibyteSequences > 0 {
                warnings.append("declared encoding US-ASCII does not match the bytes; decoded as UTF-8")
            }
            noteForbidden(survey.forbiddenCharacters, in: &warnings)
            let repaired = UTF8Repair.repaired(input, survey: survey)
            let name = isASCIILabel && survey.validMultibyteSequences == 0 ? label!.name : "UTF-8"
            return try repaired.withUnsafeBytes { try body($0, DecodedInputInfo(encoding: name, warnings: warnings)) }
        }
        let detected = fallback ?? CyrillicDetector.detect(input)
        if let label {
            if !(isASCIILabel && detected == .windows1252) {
                let name = isASCIILabel ? "US-ASCII" : label.name
                warnings.append("declared encoding \(name) does not match the bytes; decoded as \(detected.name)")
            }
        } else {
            warnings.append("no encoding declared and the bytes are not UTF-8; decoded as \(detected.name)")
        }
        guard case .legacy(let converter) = detected.kind,
            let result = LibXMLTranscoder.transcode(input, converter: converter)
        else {
            // Not expected: the three detected charsets are always available. Stay with UTF-8.
            warnings.append("invalid UTF-8 sequences replaced")
            let repaired = UTF8Repair.repaired(input, survey: survey)
            return try repaired.withUnsafeBytes { try body($0, DecodedInputInfo(encoding: "UTF-8", warnings: warnings)) }
        }
        return try deliver(result, charset: detected, warnings: warnings, body)
    }

    private static func deliver<R>(
        _ result: LibXMLTranscoder.Result, charset: Charset, warnings: [String],
        _ body: (UnsafeRawBufferPointer, DecodedInputInfo) throws -> R
    ) rethrows -> R {
        var warnings = warnings
        if result.unconvertibleBytes > 0 {
            warnings.append("\(result.unconvertibleBytes) bytes not valid in \(charset.name) replaced with U+FFFD")
        }
        noteForbidden(result.forbiddenCharacters, in: &warnings)
        return try result.utf8.withUnsafeBytes {
            try body($0, DecodedInputInfo(encoding: charset.name, warnings: warnings))
        }
    }

    private static func noteForbidden(_ count: Int, in warnings: inout [String]) {
        if count > 0 {
            warnings.append("\(count) characters not allowed in XML removed (C0 controls, U+FFFE, U+FFFF)")
        }
    }
}
