/// Applies the precedence rules that turn an `EntryDraft` into an `Entry` (the id is set
/// afterwards by `IdentityKey`). Kept in one place, like sfeed's field map: the later a
/// source appears in each list below, the lower its priority.
struct EntryAssembler {
    let format: FeedFormat
    let sanitizer: SanitizerPolicy
    /// Receives "line N: ..." warnings.
    var warn: (String) -> Void

    func assemble(_ d: EntryDraft, feedLanguage: String?) -> Entry {
        var e = Entry()
        e.guid = d.guid.flatMap { $0.isEmpty ? nil : $0 }
        e.title = d.title.map(\.plainText).flatMap(nonEmpty)
        e.url = articleURL(d)
        e.authors = unique(d.authors)
        e.published = date(isAtom ? (format == .atom03 ? d.atomIssued ?? d.atomCreated : d.atomPublished)
                                  : d.pubDate ?? d.dcDate)
        e.updated = date(isAtom ? (format == .atom03 ? d.atomModified : d.atomUpdated) ?? d.dctermsModified
                                : d.atomUpdated ?? d.dctermsModified)
        // Warn about the unused dates too: a broken date is worth knowing about wherever it is.
        if isAtom == false, d.pubDate != nil, let dc = d.dcDate { _ = date(dc) }

        let body = d.contentEncoded ?? d.atomContent ?? d.description ?? d.atomSummary
        if let body {
            let rendered = HTMLFragment.render(utf8: body.html, baseURL: body.base, policy: sanitizer)
            e.contentHTML = nonEmpty(rendered.html.trimmingASCIIWhitespace)
            e.contentText = e.contentHTML == nil ? nil : nonEmpty(rendered.text)
        }
        let summarySource = d.description ?? d.atomSummary ?? d.mediaDescription ?? d.itunesSummary ?? d.itunesSubtitle
        if let summarySource {
            if let body, summarySource.bytes == body.bytes, summarySource.kind == body.kind, let text = e.contentText {
                // The summary is the body itself: reuse its text instead of parsing it again.
                e.summary = nonEmpty(TextWhitespace.collapse(text))
            } else {
                e.summary = nonEmpty(summarySource.plainText)
            }
        }
        e.categories = d.categories
        e.enclosures = d.enclosures
        e.comments = d.comments.flatMap(nonEmpty)
        e.language = (d.dcLanguage ?? d.xmlLang ?? feedLanguage).flatMap(nonEmpty)
        return e
    }

    private var isAtom: Bool { format == .atom10 || format == .atom03 }

    /// RSS: <link>, else a permalink guid (RSS 2.0: isPermaLink defaults to true), else an
    /// Atom alternate link. Atom: the alternate link, HTML preferred.
    private func articleURL(_ d: EntryDraft) -> String? {
        if let link = d.rssLink.flatMap(nonEmpty) { return link }
        if let alt = Self.alternateLink(d.atomLinks) { return alt }
        if !isAtom, d.guidIsPermaLink, let guid = d.guid, URLNormalizer.isAbsoluteHTTP(guid) {
            return guid
        }
        return nil
    }

    /// RFC 4287 §4.2.7.2: no rel means "alternate". Among several, prefer an HTML page.
    static func alternateLink(_ links: [LinkCandidate]) -> String? {
        let alternates = links.filter { ($0.rel ?? "alternate") == "alternate" && !$0.href.isEmpty }
        let html = alternates.first { t in
            guard let type = t.type?.lowercased() else { return false }
            return type.hasPrefix("text/html") || type.hasPrefix("application/xhtml+xml")
        }
        return (html ?? alternates.first)?.href
    }

    private func date(_ t: DateText?) -> Int64? { t?.seconds(warn: warn) }
}

func nonEmpty(_ s: String) -> String? { s.isEmpty ? nil : s }

func unique<T: Equatable>(_ items: [T]) -> [T] {
    var out: [T] = []
    for item in items where !out.contains(item) { out.append(item) }
    return out
}
