/// A text construct as it appeared in the feed, before it becomes plain text or HTML.
struct TextValue {
    enum Kind { case text, html, xhtml }
    var value: String
    var kind: Kind
    /// The base URL in effect at the element (xml:base, then the document URL).
    var base: String?
    var line: Int

    /// The value as HTML, whatever the construct's type.
    var html: String {
        switch kind {
        case .html, .xhtml: return value
        case .text: return HTMLEscaping.escapeText(value)
        }
    }

    /// One line of plain text. `.text` is taken literally (Atom type="text": `<` is a
    /// character, not markup); everything else is decoded as HTML.
    var plainText: String {
        switch kind {
        case .text: return TextWhitespace.collapse(value)
        case .html, .xhtml: return HTMLFragment.plainText(value)
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
