/// The namespaces feedcrawler understands. Elements are matched by namespace URI, never by
/// prefix: a feed may bind `content:` to anything, or bind `c:` to the content module.
enum Namespace: UInt8, Sendable {
    case none, rss090, rss10, rdf, atom10, atom03, content, dc, dcterms, media, itunes, sy, xhtml, xml, other

    init(uri: String) {
        switch uri {
        case "http://my.netscape.com/rdf/simple/0.9/": self = .rss090
        case "http://purl.org/rss/1.0/": self = .rss10
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns#": self = .rdf
        case "http://www.w3.org/2005/Atom": self = .atom10
        case "http://purl.org/atom/ns#": self = .atom03
        case "http://purl.org/rss/1.0/modules/content/": self = .content
        case "http://purl.org/dc/elements/1.1/": self = .dc
        case "http://purl.org/dc/terms/": self = .dcterms
        // Media RSS: the spec's namespace, and the trailing-slash-less spelling seen in the wild.
        case "http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss": self = .media
        case "http://www.itunes.com/dtds/podcast-1.0.dtd": self = .itunes
        case "http://purl.org/rss/1.0/modules/syndication/": self = .sy
        case "http://www.w3.org/1999/xhtml": self = .xhtml
        case "http://www.w3.org/XML/1998/namespace": self = .xml
        default: self = .other
        }
    }

    /// Namespaces whose elements follow RSS's vocabulary (title, link, description, item…).
    var isRSS: Bool { self == .none || self == .rss10 || self == .rss090 }
    var isAtom: Bool { self == .atom10 || self == .atom03 }
}
