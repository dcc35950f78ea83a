import Foundation

/// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1). JSON feeds are small and rare
/// next to XML ones, so Foundation's JSONSerialization is fast enough here.
enum JSONFeedReader {
    static func parse(
        _ utf8: UnsafeRawBufferPointer, documentURL: String?, identityURL: String?,
        sanitizer: SanitizerPolicy, onFormat: (FeedFormat) -> Void, onEntry: (Entry) -> Void
    ) -> Result<ParsedFeed, ParseError> {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(utf8), options: [])
        } catch {
            return .failure(ParseError("not a feed: invalid JSON (\(error.localizedDescription))"))
        }
        guard let root = object as? [String: Any],
              let version = root["version"] as? String,
              version.hasPrefix("https://jsonfeed.org/version/1") || version.hasPrefix("http://jsonfeed.org/version/1")
        else {
            return .failure(ParseError("not a feed: JSON without a JSON Feed \"version\""))
        }
        onFormat(.jsonFeed)
        var warnings: [String] = []
        let base = documentURL
        func resolve(_ s: String?) -> String? {
            s.map { URLResolver.resolve($0.trimmingASCIIWhitespace, against: base) }.flatMap(nonEmpty)
        }
        func text(_ key: String, in d: [String: Any]) -> String? {
            (d[key] as? String).map(TextWhitespace.collapse).flatMap(nonEmpty)
        }
        func date(_ key: String, in d: [String: Any], index: Int) -> Int64? {
            guard let s = (d[key] as? String)?.trimmingASCIIWhitespace, !s.isEmpty else { return nil }
            if let v = FeedDate.parse(s) { return v }
            warnings.append("item \(index + 1): unparseable date \"\(s.prefix(80))\" in \(key)")
            return nil
        }
        func persons(_ d: [String: Any]) -> [Person] {
            // 1.1: "authors" (array); 1.0: "author" (object).
            var list = (d["authors"] as? [[String: Any]]) ?? []
            if list.isEmpty, let one = d["author"] as? [String: Any] { list = [one] }
            return unique(list.compactMap { a -> Person? in
                let p = Person(name: text("name", in: a), email: nil, uri: resolve(a["url"] as? String))
                return p.name == nil && p.uri == nil ? nil : p
            })
        }

        var feed = FeedInfo()
        feed.title = (root["title"] as? String).map(HTMLFragment.plainText).flatMap(nonEmpty)
        feed.link = resolve(root["home_page_url"] as? String)
        feed.description = (root["description"] as? String).map(HTMLFragment.plainText).flatMap(nonEmpty)
        feed.language = text("language", in: root)
        feed.authors = persons(root)
        feed.image = resolve(root["icon"] as? String) ?? resolve(root["favicon"] as? String)

        var identity = IdentityKey(documentURL: identityURL)
        let items = root["items"] as? [Any] ?? []
        for (index, any) in items.enumerated() {
            guard let item = any as? [String: Any] else {
                warnings.append("item \(index + 1): not an object; skipped")
                continue
            }
            var e = Entry()
            // JSON Feed ids may be numbers in the wild, though the spec says string.
            if let id = item["id"] as? String { e.guid = nonEmpty(id.trimmingASCIIWhitespace) }
            else if let id = item["id"] as? NSNumber { e.guid = id.stringValue }
            e.url = resolve(item["url"] as? String) ?? resolve(item["external_url"] as? String)
            e.title = (item["title"] as? String).map(HTMLFragment.plainText).flatMap(nonEmpty)
            e.authors = persons(item)
            if e.authors.isEmpty { e.authors = [] }
            e.published = date("date_published", in: item, index: index)
            e.updated = date("date_modified", in: item, index: index)
            e.summary = (item["summary"] as? String).map(TextWhitespace.collapse).flatMap(nonEmpty)
            let html = (item["content_html"] as? String).flatMap(nonEmpty)
                ?? (item["content_text"] as? String).flatMap(nonEmpty).map(HTMLEscaping.paragraphs)
            if let html {
                let rendered = HTMLFragment.render(html, baseURL: base, policy: sanitizer)
                e.contentHTML = nonEmpty(rendered.html.trimmingASCIIWhitespace)
                e.contentText = e.contentHTML == nil ? nil : nonEmpty(rendered.text)
            }
            e.categories = unique(((item["tags"] as? [Any]) ?? []).compactMap {
                ($0 as? String).map(TextWhitespace.collapse).flatMap(nonEmpty)
            })
            for case let a as [String: Any] in (item["attachments"] as? [Any]) ?? [] {
                guard let url = resolve(a["url"] as? String), !e.enclosures.contains(where: { $0.url == url }) else { continue }
                let length = (a["size_in_bytes"] as? NSNumber).map { $0.int64Value }
                e.enclosures.append(Enclosure(url: url, type: (a["mime_type"] as? String).flatMap(nonEmpty), length: length))
            }
            e.language = text("language", in: item) ?? feed.language
            if let w = identity.assign(&e) { warnings.append("item \(index + 1): \(w)") }
            onEntry(e)
        }
        return .success(ParsedFeed(format: .jsonFeed, feed: feed, warnings: warnings))
    }
}
