/// Turns the SAX events of an RSS 0.9x/1.0/2.0 or Atom 0.3/1.0 document into a `FeedDraft`
/// and a stream of `EntryDraft`s. One pass, no tree: each entry is handed to `onEntry` as
/// soon as its end tag (or the next entry's start, in recovered broken XML) is seen.
final class XMLFeedBuilder: XMLEventHandler {
    private(set) var format: FeedFormat?
    private(set) var rejection: String?
    private(set) var feed = FeedDraft()
    private(set) var warnings: [String] = []
    var shouldStop: Bool { rejection != nil }

    private let documentURL: String?
    /// Receives each finished entry with the format and the feed's language known so far.
    private var onEntry: ((EntryDraft, FeedFormat, String?) -> Void)?

    private var depth = 0
    private var kinds: [NameKey: ElementKind] = [:]
    private var bases: [(depth: Int, url: String)] = []
    private var langs: [(depth: Int, lang: String)] = []

    private var entry: EntryDraft?
    private var entryDepth = -1
    private var imageDepth = -1
    private var ignoreDepth = -1
    private var personDepth = -1
    private var person = Person()

    private var capture: Capture?
    private var buffer: [UInt8] = []
    private var bufferOverflowed = false

    /// Bounds one field (a title, a body): larger values are truncated with a warning, so a
    /// hostile 100 MB text node cannot exhaust memory.
    static let maxFieldBytes = 16 << 20

    private struct Capture {
        var kind: ElementKind
        var depth: Int
        var textKind: TextValue.Kind
        var base: String?
        var line: Int
        var isPermaLink = true
        /// Depth of the xhtml wrapper `<div>` that is not part of the content.
        var wrapperDepth = -1
        var sawChildElement = false
    }

    private struct NameKey: Hashable {
        let localName: UnsafePointer<UInt8>
        let namespaceURI: UnsafePointer<UInt8>?
    }

    init(documentURL: String?, onEntry: @escaping (EntryDraft, FeedFormat, String?) -> Void) {
        self.documentURL = documentURL
        self.onEntry = onEntry
    }

    var currentBase: String? { bases.last?.url ?? documentURL }
    private var currentLang: String? { langs.last?.lang }

    // MARK: SAX events

    func startElement(localName: UnsafePointer<UInt8>, namespaceURI: UnsafePointer<UInt8>?,
                      attributes: XMLAttributes, line: Int) {
        depth += 1
        if capture != nil {
            appendStartTag(localName: localName, attributes: attributes)
            return
        }
        let key = NameKey(localName: localName, namespaceURI: namespaceURI)
        let kind: ElementKind
        let namespace = namespaceURI.map { Namespace(uri: String(cString: $0)) } ?? .none
        if let cached = kinds[key] {
            kind = cached
        } else {
            kind = ElementKind(namespace: namespace, localName: String(cString: localName))
            kinds[key] = kind
        }
        readXMLAttributes(attributes)

        if depth == 1 {
            detectFormat(kind: kind, namespace: namespace, localName: localName, attributes: attributes)
            return
        }
        if ignoreDepth >= 0 { return }

        switch kind {
        case .item, .atomEntry:
            if entry != nil { finishEntry() }
            entry = EntryDraft(line: line, base: currentBase, xmlLang: currentLang)
            entryDepth = depth
        case .channel:
            if namespace == .rss090 { format = .rss09x }
        case .image where entry == nil:
            imageDepth = depth
        case .textInput, .atomSource:
            ignoreDepth = depth
        case .atomAuthor:
            personDepth = depth
            person = Person()
        case .atomContributor:
            ignoreDepth = depth
        case .enclosure:
            if let url = attributes.value(named: "url") {
                addEnclosure(url: url, type: attributes.value(named: "type"),
                             length: attributes.value(named: "length"))
            }
        case .mediaContent:
            if let url = attributes.value(named: "url") {
                addEnclosure(url: url, type: attributes.value(named: "type"),
                             length: attributes.value(named: "fileSize"))
            }
        case .mediaThumbnail:
            if let url = attributes.value(named: "url") { addEnclosure(url: url, type: nil, length: nil) }
        case .itunesImage:
            if entry == nil, let href = attributes.value(named: "href") {
                feed.itunesImage = resolve(href)
            }
        case .atomCategory:
            if let term = attributes.value(named: "term") { addCategory(term) }
        case .atomLink:
            atomLink(attributes)
        default:
            if let textKind = textKind(for: kind, attributes: attributes) {
                var c = Capture(kind: kind, depth: depth, textKind: textKind, base: currentBase, line: line)
                if kind == .guid, let p = attributes.value(named: "isPermaLink") {
                    c.isPermaLink = p.lowercased() != "false"
                }
                capture = c
                buffer.removeAll(keepingCapacity: true)
                bufferOverflowed = false
            }
        }
    }

    func endElement(localName: UnsafePointer<UInt8>, namespaceURI: UnsafePointer<UInt8>?) {
        defer { depth -= 1 }
        if let c = capture {
            if depth > c.depth {
                appendEndTag(localName: localName)
                return
            }
            capture = nil
            finishCapture(c)
        }
        while let b = bases.last, b.depth >= depth { bases.removeLast() }
        while let l = langs.last, l.depth >= depth { langs.removeLast() }

        if depth == ignoreDepth { ignoreDepth = -1; return }
        if ignoreDepth >= 0 { return }
        if depth == personDepth {
            personDepth = -1
            if person.name != nil || person.email != nil || person.uri != nil {
                if entry != nil { entry!.authors.append(person) } else { feed.authors.append(person) }
            }
        } else if depth == imageDepth {
            imageDepth = -1
        } else if depth == entryDepth {
            finishEntry()
        }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let c = capture else { return }
        var piece = bytes
        if buffer.count + bytes.count > Self.maxFieldBytes {
            // libxml2 hands a whole run of text to one call (a 100 MB text node arrives at
            // once): keep what fits, cut at a UTF-8 character boundary (RFC 3629 §3).
            overflow(c)
            var cut = max(Self.maxFieldBytes - buffer.count, 0)
            while cut > 0, cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            guard cut > 0 else { return }
            piece = UnsafeBufferPointer(rebasing: bytes[..<cut])
        }
        if c.textKind == .xhtml {
            HTMLEscaping.appendEscapedText(piece, to: &buffer)
        } else {
            buffer.append(contentsOf: piece)
        }
    }

    func diagnostic(_ message: String) {
        warnings.append(message)
    }

    /// Called when the parse is over.
    func finishDocument() {
        capture = nil
        if let e = entry {
            // Its end tag never came: the document was cut off. A partial article would be
            // stored for good by the crawler, so it is left out until it arrives whole.
            entry = nil
            warnings.append("line \(e.line): entry not closed before the end of the document; skipped")
        }
        // The sink may be a closure that must not outlive the parse call.
        onEntry = nil
    }

    // MARK: Format detection

    private func detectFormat(kind: ElementKind, namespace: Namespace, localName: UnsafePointer<UInt8>,
                              attributes: XMLAttributes) {
        switch kind {
        case .rss:
            let version = attributes.value(named: "version")?.trimmingASCIIWhitespace ?? ""
            format = version.hasPrefix("0.9") ? .rss09x : .rss20
        case .rdf:
            format = .rss10
        case .atomFeed:
            format = namespace == .atom03 ? .atom03 : .atom10
        default:
            let name = String(cString: localName)
            rejection = "not a feed: the root element is <\(name)>"
        }
    }

    // MARK: Attributes

    private func readXMLAttributes(_ attributes: XMLAttributes) {
        for i in 0..<attributes.count {
            guard let uri = attributes.namespaceURI(i),
                  cStringEquals(uri, "http://www.w3.org/XML/1998/namespace") else { continue }
            let name = attributes.localName(i)
            if cStringEquals(name, "base") {
                let value = attributes.stringValue(i).trimmingASCIIWhitespace
                bases.append((depth, URLResolver.resolve(value, against: currentBase)))
            } else if cStringEquals(name, "lang") {
                let value = attributes.stringValue(i).trimmingASCIIWhitespace
                langs.append((depth, value))
                if depth == 1 { feed.rootLang = value.isEmpty ? nil : value }
            }
        }
    }

    private func atomLink(_ attributes: XMLAttributes) {
        guard let href = attributes.value(named: "href") else { return }
        let rel = attributes.value(named: "rel")?.trimmingASCIIWhitespace
        let type = attributes.value(named: "type")?.trimmingASCIIWhitespace
        let resolved = resolve(href)
        if rel == "enclosure" {
            addEnclosure(url: href, type: type, length: attributes.value(named: "length"))
            return
        }
        let link = LinkCandidate(href: resolved, rel: rel, type: type)
        if entry != nil { entry!.atomLinks.append(link) } else { feed.atomLinks.append(link) }
    }

    /// Which elements carry text we keep, and how their content is to be read.
    private func textKind(for kind: ElementKind, attributes: XMLAttributes) -> TextValue.Kind? {
        if personDepth >= 0 {
            switch kind {
            case .atomName, .atomEmail, .atomURI: return .text
            default: return nil
            }
        }
        if imageDepth >= 0 { return kind == .url ? .text : nil }
        switch kind {
        case .atomTitle, .atomSummary, .atomContent, .atomSubtitle, .atomTagline:
            return atomTextKind(attributes)
        case .title, .description, .contentEncoded, .mediaDescription, .itunesSummary, .itunesSubtitle:
            return .html
        case .link, .guid, .pubDate, .author, .category, .comments, .language, .lastBuildDate,
             .generator, .ttl, .managingEditor, .atomID, .atomUpdated, .atomPublished, .atomIssued,
             .atomModified, .atomCreated, .atomLogo, .atomIcon, .atomGenerator, .dcCreator, .dcDate,
             .dcSubject, .dcLanguage, .dctermsModified, .itunesAuthor, .syUpdatePeriod,
             .syUpdateFrequency:
            return .text
        default:
            return nil
        }
    }

    /// RFC 4287 §3.1.1: type is "text" (default), "html" or "xhtml"; Atom 0.3 used MIME types
    /// plus mode="escaped"|"xml"|"base64".
    private func atomTextKind(_ attributes: XMLAttributes) -> TextValue.Kind? {
        let type = attributes.value(named: "type")?.trimmingASCIIWhitespace.lowercased() ?? "text"
        let mode = attributes.value(named: "mode")?.trimmingASCIIWhitespace.lowercased()
        if mode == "base64" { return nil }
        switch type {
        case "xhtml", "application/xhtml+xml": return mode == "escaped" ? .html : .xhtml
        case "html", "text/html": return mode == "xml" ? .xhtml : .html
        default: return mode == "xml" ? .xhtml : .text
        }
    }

    // MARK: Captured text

    private func appendStartTag(localName: UnsafePointer<UInt8>, attributes: XMLAttributes) {
        guard var c = capture else { return }
        if c.textKind == .xhtml, depth == c.depth + 1, !c.sawChildElement, cStringEquals(localName, "div") {
            // RFC 4287 §3.1.1.3: the xhtml content is wrapped in one div that is not part of it.
            c.wrapperDepth = depth
            c.sawChildElement = true
            capture = c
            return
        }
        c.sawChildElement = true
        capture = c
        guard buffer.count < Self.maxFieldBytes else { return overflow(c) }
        buffer.append(UInt8(ascii: "<"))
        appendCString(localName)
        for i in 0..<attributes.count {
            buffer.append(UInt8(ascii: " "))
            appendCString(attributes.localName(i))
            buffer.append(contentsOf: "=\"".utf8)
            var value = attributes.stringValue(i)
            value.withUTF8 { HTMLEscaping.appendEscapedAttribute($0, to: &buffer) }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: ">"))
    }

    private func appendEndTag(localName: UnsafePointer<UInt8>) {
        guard let c = capture else { return }
        if depth == c.wrapperDepth { return }
        if HTMLEscaping.isVoidElement(localName) { return }
        guard buffer.count < Self.maxFieldBytes else { return overflow(c) }
        buffer.append(contentsOf: "</".utf8)
        appendCString(localName)
        buffer.append(UInt8(ascii: ">"))
    }

    private func appendCString(_ s: UnsafePointer<UInt8>) {
        var p = s
        while p.pointee != 0 {
            buffer.append(p.pointee)
            p += 1
        }
    }

    private func overflow(_ c: Capture) {
        if !bufferOverflowed {
            bufferOverflowed = true
            warnings.append("line \(c.line): element longer than \(Self.maxFieldBytes >> 20) MB; truncated")
        }
    }

    private func finishCapture(_ c: Capture) {
        if personDepth < 0, imageDepth < 0, Self.textConstructs.contains(c.kind) {
            // Titles and bodies stay bytes until rendered (TextValue).
            guard c.textKind != .text || buffer.contains(where: { !$0.isASCIIWhitespace }) else { return }
            let text = TextValue(bytes: buffer, kind: c.textKind, base: c.base, line: c.line)
            if entry != nil { assignEntryText(c.kind, text) } else { assignFeedText(c.kind, text) }
            return
        }
        let raw = String(decoding: buffer, as: UTF8.self)
        let trimmed = c.textKind == .text ? raw.trimmingASCIIWhitespace : raw
        if personDepth >= 0 {
            let v = trimmed.isEmpty ? nil : trimmed
            switch c.kind {
            case .atomName: person.name = v
            case .atomEmail: person.email = v
            case .atomURI: person.uri = v.map { URLResolver.resolve($0, against: c.base) }
            default: break
            }
            return
        }
        if imageDepth >= 0 {
            if c.kind == .url, !trimmed.isEmpty { feed.imageURL = URLResolver.resolve(trimmed, against: c.base) }
            return
        }
        let date = DateText(text: trimmed, line: c.line, kind: c.kind)
        if entry != nil {
            assignEntryField(c, trimmed: trimmed, date: date)
        } else {
            assignFeedField(c, trimmed: trimmed, date: date)
        }
    }

    /// Element kinds whose content is a text construct (TextValue), not a trimmed string.
    private static let textConstructs: Set<ElementKind> = [
        .title, .atomTitle, .description, .contentEncoded, .atomContent, .atomSummary, .mediaDescription,
        .itunesSummary, .itunesSubtitle, .atomSubtitle, .atomTagline,
    ]

    private func assignEntryText(_ kind: ElementKind, _ text: TextValue) {
        switch kind {
        case .title, .atomTitle: entry!.title = text
        case .description: entry!.description = text
        case .contentEncoded: entry!.contentEncoded = text
        case .atomContent: entry!.atomContent = text
        case .atomSummary: entry!.atomSummary = text
        case .mediaDescription: entry!.mediaDescription = text
        case .itunesSummary: entry!.itunesSummary = text
        case .itunesSubtitle: entry!.itunesSubtitle = text
        default: break
        }
    }

    private func assignFeedText(_ kind: ElementKind, _ text: TextValue) {
        switch kind {
        case .title, .atomTitle: feed.title = text
        case .description, .atomSubtitle, .atomTagline: feed.description = text
        default: break
        }
    }

    private func assignEntryField(_ c: Capture, trimmed: String, date: DateText) {
        guard !trimmed.isEmpty || c.textKind != .text else { return }
        switch c.kind {
        case .link: entry!.rssLink = URLResolver.resolve(trimmed, against: c.base)
        case .guid, .atomID:
            entry!.guid = trimmed
            entry!.guidIsPermaLink = c.isPermaLink
        case .pubDate: entry!.pubDate = date
        case .dcDate: entry!.dcDate = date
        case .atomPublished: entry!.atomPublished = date
        case .atomUpdated: entry!.atomUpdated = date
        case .atomIssued: entry!.atomIssued = date
        case .atomCreated: entry!.atomCreated = date
        case .atomModified: entry!.atomModified = date
        case .dctermsModified: entry!.dctermsModified = date
        case .author: entry!.authors.append(PersonText.parseRSS(trimmed))
        case .dcCreator, .itunesAuthor: entry!.authors.append(Person(name: trimmed))
        case .category, .dcSubject: addCategory(trimmed)
        case .comments: entry!.comments = URLResolver.resolve(trimmed, against: c.base)
        case .dcLanguage, .language: entry!.dcLanguage = trimmed
        default: break
        }
    }

    private func assignFeedField(_ c: Capture, trimmed: String, date: DateText) {
        guard !trimmed.isEmpty || c.textKind != .text else { return }
        switch c.kind {
        case .link: feed.rssLink = URLResolver.resolve(trimmed, against: c.base)
        case .language, .dcLanguage: feed.language = trimmed
        case .lastBuildDate: feed.lastBuildDate = date
        case .pubDate: feed.pubDate = date
        case .dcDate: feed.dcDate = date
        case .atomUpdated, .atomModified: feed.atomUpdated = date
        case .managingEditor, .author: feed.authors.append(PersonText.parseRSS(trimmed))
        case .dcCreator, .itunesAuthor: feed.authors.append(Person(name: trimmed))
        case .category, .dcSubject: addCategory(trimmed)
        case .generator, .atomGenerator: feed.generator = trimmed
        case .atomLogo: feed.atomLogo = URLResolver.resolve(trimmed, against: c.base)
        case .atomIcon: feed.atomIcon = URLResolver.resolve(trimmed, against: c.base)
        case .ttl: feed.ttlMinutes = Int64(trimmed)
        case .syUpdatePeriod: feed.syPeriod = trimmed
        case .syUpdateFrequency: feed.syFrequency = Int64(trimmed)
        default: break
        }
    }

    // MARK: Helpers

    private func resolve(_ url: String) -> String {
        URLResolver.resolve(url.trimmingASCIIWhitespace, against: currentBase)
    }

    private func addCategory(_ raw: String) {
        let value = TextWhitespace.collapse(raw)
        guard !value.isEmpty else { return }
        if entry != nil {
            if !entry!.categories.contains(value) { entry!.categories.append(value) }
        } else if !feed.categories.contains(value) {
            feed.categories.append(value)
        }
    }

    private func addEnclosure(url: String, type: String?, length: String?) {
        guard entry != nil else { return }
        let trimmed = url.trimmingASCIIWhitespace
        guard !trimmed.isEmpty else { return }
        let resolved = resolve(trimmed)
        guard !entry!.enclosures.contains(where: { $0.url == resolved }) else { return }
        let t = type?.trimmingASCIIWhitespace
        entry!.enclosures.append(Enclosure(
            url: resolved, type: (t?.isEmpty ?? true) ? nil : t,
            length: length.flatMap { Int64($0.trimmingASCIIWhitespace) }.flatMap { $0 >= 0 ? $0 : nil }))
    }

    private func finishEntry() {
        guard let e = entry else { return }
        entry = nil
        entryDepth = -1
        imageDepth = -1
        if let format { onEntry?(e, format, feed.language ?? feed.rootLang) }
    }
}

extension ElementKind {
    /// For warnings: the element a date came from.
    var elementName: String {
        switch self {
        case .pubDate: return "pubDate"
        case .dcDate: return "dc:date"
        case .lastBuildDate: return "lastBuildDate"
        case .atomPublished: return "published"
        case .atomUpdated: return "updated"
        case .atomIssued: return "issued"
        case .atomModified: return "modified"
        case .atomCreated: return "created"
        case .dctermsModified: return "dcterms:modified"
        default: return "\(self)"
        }
    }
}
