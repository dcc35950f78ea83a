/// The article model every part of feedcrawler writes out. Every field is always
/// serialised: `null` or `[]` when absent (docs/entry.schema.json).
public struct Entry: Sendable, Equatable {
    /// 32 lowercase hex digits: the first 128 bits of SHA-256 of the identity key
    /// (see `IdentityKey`).
    public var id: String
    /// The RSS guid / Atom id / JSON Feed id, verbatim (whitespace trimmed).
    public var guid: String?
    /// The absolute article link.
    public var url: String?
    /// Plain text.
    public var title: String?
    public var authors: [Person]
    /// Seconds since 1970-01-01T00:00:00Z.
    public var published: Int64?
    public var updated: Int64?
    /// Plain text.
    public var summary: String?
    /// HTML of the fullest body, links made absolute.
    public var contentHTML: String?
    /// Readable text of that body: paragraphs separated by blank lines.
    public var contentText: String?
    public var categories: [String]
    public var enclosures: [Enclosure]
    /// The absolute URL of the article's comments page (RSS `<comments>`).
    public var comments: String?
    public var language: String?

    public init(
        id: String = "", guid: String? = nil, url: String? = nil, title: String? = nil,
        authors: [Person] = [], published: Int64? = nil, updated: Int64? = nil,
        summary: String? = nil, contentHTML: String? = nil, contentText: String? = nil,
        categories: [String] = [], enclosures: [Enclosure] = [], comments: String? = nil,
        language: String? = nil
    ) {
        self.id = id
        self.guid = guid
        self.url = url
        self.title = title
        self.authors = authors
        self.published = published
        self.updated = updated
        self.summary = summary
        self.contentHTML = contentHTML
        self.contentText = contentText
        self.categories = categories
        self.enclosures = enclosures
        self.comments = comments
        self.language = language
    }
}

public struct Person: Sendable, Equatable, Hashable {
    public var name: String?
    public var email: String?
    public var uri: String?

    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }
}

public struct Enclosure: Sendable, Equatable {
    public var url: String
    public var type: String?
    public var length: Int64?

    public init(url: String, type: String? = nil, length: Int64? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}

/// Feed-level metadata.
public struct FeedInfo: Sendable, Equatable {
    public var title: String?
    public var link: String?
    public var description: String?
    public var language: String?
    public var updated: Int64?
    public var authors: [Person] = []
    public var image: String?
    public var categories: [String] = []
    public var generator: String?
    /// RSS `ttl` / `sy:updatePeriod`+`sy:updateFrequency`, in seconds: the publisher's
    /// hint of how often to poll. Not part of the parse output; the crawler reads it.
    public var pollHintSeconds: Int64?

    public init() {}
}

public enum FeedFormat: String, Sendable {
    case rss20 = "rss2.0"
    case rss09x = "rss0.9x"
    case rss10 = "rss1.0"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
    case jsonFeed = "jsonfeed1"
}

public struct ParseResult: Sendable {
    public var format: FeedFormat
    public var feed: FeedInfo
    public var entries: [Entry]
    /// Human-readable, "line N: ..." where a line is known.
    public var warnings: [String]
}
