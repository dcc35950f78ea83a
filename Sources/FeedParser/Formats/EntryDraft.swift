/// A text construct as it appeared in the feed, before it becomes plain text or HTML.
struct TextValue {
    enum Kind { case text, html, xhtml }
    /// UTF-8 as libxml2 delivered it. Kept as bytes until rendered: a body becomes a String only
    /// as the rendered HTML and text, so it is validated once, not twice. (Valid, as the input was
    /// decoded to UTF-8 first; a cut at the field cap may split a character, which the String of
    /// the output repairs.)
    var bytes: [UInt8]
    var kind: Kind
    /// The base URL in effect at the element (xml:base, then the document URL).
    var base: String?
    var line: Int

    /// The value as HTML, whatever the construct's type.
    var html: [UInt8] {
        switch kind {
        case .html, .xhtml: return bytes
        case .text: return bytes.withUnsafeBufferPointer(HTMLEscaping.escapedText)
        }
    }

    /// One line of plain text. `.text` is taken literally (Atom type="text": `<` is a
    /// character, not markup); everything else is decoded as HTML.
    var plainText: String {
        switch kind {
        case .text: return TextWhitespace.collapse(utf8: bytes)
        case .html, .xhtml: return HTMLFragment.plainText(utf8: bytes)
        }
    }
}

struct LinkCandidate {
    var href: String
    var rel: String?
    var type: String?
}

/// Everything read for one item/entry, in the feed's own vocabulary. `EntryAssembler` turns
/// it into an `Entry`, applying the precedence rules in one place.
struct EntryDraft {
    var line: Int
    var base: String?
    var xmlLang: String?

    var title: TextValue?
    var rssLink: String?
    var atomLinks: [LinkCandidate] = []
    var guid: String?
    var guidIsPermaLink = true
    var description: TextValue?
    var contentEncoded: TextValue?
    var atomContent: TextValue?
    var atomSummary: TextValue?
    var mediaDescription: TextValue?
    var itunesSummary: TextValue?
    var itunesSubtitle: TextValue?
    var pubDate: DateText?
    var dcDate: DateText?
    var atomPublished: DateText?
    var atomUpdated: DateText?
    var atomIssued: DateText?
    var atomCreated: DateText?
    var atomModified: DateText?
    var dctermsModified: DateText?
    var authors: [Person] = []
    var categories: [String] = []
    var enclosures: [Enclosure] = []
    var comments: String?
    var dcLanguage: String?

    init(line: Int, base: String?, xmlLang: String?) {
        self.line = line
        self.base = base
        self.xmlLang = xmlLang
    }
}

struct DateText {
    var text: String
    var line: Int
    /// Named only when a warning needs it: building the name for every field was measurable.
    var kind: ElementKind

    /// The parsed date, or nil with a warning: an unreadable date is never guessed.
    func seconds(warn: (String) -> Void) -> Int64? {
        guard !text.isEmpty else { return nil }
        if let v = FeedDate.parse(text) { return v }
        warn("line \(line): unparseable date \"\(text.prefix(80))\" in <\(kind.elementName)>")
        return nil
    }
}
