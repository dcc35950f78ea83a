/// RSS 2.0 documents written out as text by the tests, so what the server serves is exactly
/// what the test says (no serializer of ours in between).
struct RSSItem {
    var guid: String?
    var title: String?
    var link: String?
    var description: String?
    var pubDate: String?

    /// An item whose guid, title and link derive from `key`: guid `key` (isPermaLink="false"),
    /// title "Title key", link http://news.example/key.
    static func keyed(_ key: String) -> RSSItem {
        RSSItem(guid: key, title: "Title \(key)", link: "http://news.example/\(key)",
                description: "Body of \(key).", pubDate: "Tue, 10 Jun 2003 04:00:00 GMT")
    }
}

enum RSSDocument {
    static func make(title: String = "Test channel", link: String = "http://news.example/", items: [RSSItem]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
        xml += "<title>\(title)</title><link>\(link)</link><description>for tests</description>\n"
        for item in items {
            xml += "<item>"
            if let guid = item.guid { xml += "<guid isPermaLink=\"false\">\(guid)</guid>" }
            if let title = item.title { xml += "<title>\(title)</title>" }
            if let link = item.link { xml += "<link>\(link)</link>" }
            if let description = item.description { xml += "<description>\(description)</description>" }
            if let pubDate = item.pubDate { xml += "<pubDate>\(pubDate)</pubDate>" }
            xml += "</item>\n"
        }
        return xml + "</channel></rss>\n"
    }

    /// Items keyed `prefix-1` … `prefix-count`.
    static func keyed(_ prefix: String, _ range: ClosedRange<Int>) -> [RSSItem] {
        range.map { RSSItem.keyed("\(prefix)-\($0)") }
    }
}
