/// Why a document could not be read as a feed. `description` is the one-line error the
/// CLI prints ("not a feed: the root element is <html>").
public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a streaming parse returns once every entry has been handed over.
public struct ParsedFeed: Sendable {
    public var format: FeedFormat
    public var feed: FeedInfo
    public var warnings: [String]
}

/// The parser's front door: bytes in (+ the URL they came from and the charset HTTP
/// announced), entries out. Detects the format, decodes the charset, then dispatches to
/// the XML (RSS/RDF/Atom) or JSON Feed reader.
public enum FeedParser {
    /// Streams entries to `onEntry` in document order as they are completed, so a 50 MB
    /// feed never has all its entries in memory at once.
    /// `documentURL` is where the bytes came from: the base for relative links. `identityURL`
    /// scopes the identity of entries whose guid is not a URL (IdentityKey); it defaults to
    /// `documentURL`, and the crawler passes the configured feed URL so that a feed that
    /// starts redirecting keeps its entries' ids. `onFormat` is called once, before the first
    /// entry, when the format is recognised.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, documentURL: String? = nil, identityURL: String? = nil,
        charset: String? = nil, sanitizer: SanitizerPolicy = .default,
        onFormat: (FeedFormat) -> Void = { _ in }, onEntry: (Entry) -> Void
    ) throws(ParseError) -> ParsedFeed {
        let identity = identityURL ?? documentURL
        let first = firstSignificantByte(bytes)
        guard first != nil else { throw ParseError("not a feed: the document is empty") }
        let isJSON = first == UInt8(ascii: "{")
        let outcome: Result<ParsedFeed, ParseError> = InputDecoder.withUTF8(
            bytes, charsetHint: charset, isXML: !isJSON
        ) { utf8, info in
            var r = isJSON
                ? JSONFeedReader.parse(utf8, documentURL: documentURL, identityURL: identity,
                                       sanitizer: sanitizer, onFormat: onFormat, onEntry: onEntry)
                : parseXMLRepairingAmpersands(utf8, documentURL: documentURL, identityURL: identity,
                                              sanitizer: sanitizer, onFormat: onFormat, onEntry: onEntry)
            if case .success(var parsed) = r {
                parsed.warnings.insert(contentsOf: info.warnings, at: 0)
                r = .success(parsed)
            }
            return r
        }
        return try outcome.get()
    }

    /// Collects every entry: convenient for tests and small documents.
    public static func parse(
        _ bytes: [UInt8], documentURL: String? = nil, charset: String? = nil
    ) throws(ParseError) -> ParseResult {
        var entries: [Entry] = []
        let outcome = bytes.withUnsafeBytes { raw in
            Result { () throws(ParseError) in
                try parse(raw, documentURL: documentURL, charset: charset) { entries.append($0) }
            }
        }
        let parsed = try outcome.get()
        return ParseResult(format: parsed.format, feed: parsed.feed, entries: entries, warnings: parsed.warnings)
    }

    private static func parseXMLRepairingAmpersands(
        _ utf8: UnsafeRawBufferPointer, documentURL: String?, identityURL: String?, sanitizer: SanitizerPolicy,
        onFormat: (FeedFormat) -> Void, onEntry: (Entry) -> Void
    ) -> Result<ParsedFeed, ParseError> {
        if let repaired = BareAmpersandRepair.repair(utf8) {
            let note = "line \(repaired.firstLine): \(repaired.count) bare '&' kept as text (escaped as &amp;)"
            let result = repaired.bytes.withUnsafeBytes {
                parseXML($0, documentURL: documentURL, identityURL: identityURL, sanitizer: sanitizer,
                         onFormat: onFormat, onEntry: onEntry)
            }
            return result.map { parsed in
                var p = parsed
                p.warnings.insert(note, at: 0)
                return p
            }
        }
        return parseXML(utf8, documentURL: documentURL, identityURL: identityURL, sanitizer: sanitizer,
                        onFormat: onFormat, onEntry: onEntry)
    }

    private static func parseXML(
        _ utf8: UnsafeRawBufferPointer, documentURL: String?, identityURL: String?, sanitizer: SanitizerPolicy,
        onFormat: (FeedFormat) -> Void, onEntry: (Entry) -> Void
    ) -> Result<ParsedFeed, ParseError> {
        var warnings: [String] = []
        var identity = IdentityKey(documentURL: identityURL)
        var announced = false
        let builder = withoutActuallyEscaping(onEntry) { deliver in
          withoutActuallyEscaping(onFormat) { announce in
            let builder = XMLFeedBuilder(documentURL: documentURL) { draft, format, feedLanguage in
                if !announced { announced = true; announce(format) }
                let assembler = EntryAssembler(format: format, sanitizer: sanitizer) { warnings.append($0) }
                var entry = assembler.assemble(draft, feedLanguage: feedLanguage)
                if let w = identity.assign(&entry) { warnings.append("line \(draft.line): \(w)") }
                deliver(entry)
            }
            XMLEventParser.parse(utf8: utf8, handler: builder)
            builder.finishDocument()
            return builder
          }
        }
        if let rejection = builder.rejection { return .failure(ParseError(rejection)) }
        guard let format = builder.format else {
            let reason = builder.warnings.first.map { " (\($0))" } ?? ""
            return .failure(ParseError("not a feed: no XML root element\(reason)"))
        }
        if !announced { onFormat(format) }
        var all = builder.warnings
        all.append(contentsOf: warnings)
        let feed = FeedAssembler(format: format) { all.append($0) }.assemble(builder.feed)
        return .success(ParsedFeed(format: format, feed: feed, warnings: all))
    }

    private static func firstSignificantByte(_ bytes: UnsafeRawBufferPointer) -> UInt8? {
        var i = 0
        // Skip a UTF-8 BOM and whitespace.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0 { i += 1; continue }
            return b
        }
        return nil
    }
}
