/// What an element means, from its (namespace, local name): the one table that maps the
/// vocabularies of RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and their modules onto entry fields.
/// Scope (feed, entry, image, author) is decided by the builder, not here.
enum ElementKind: UInt8, Sendable {
    case unknown
    // Containers
    case rss, rdf, atomFeed, channel, item, atomEntry, image, textInput, atomSource
    case atomAuthor, atomContributor, mediaGroup
    // RSS vocabulary
    case title, link, description, guid, pubDate, author, category, comments, enclosure
    case language, lastBuildDate, generator, ttl, url, managingEditor
    // Atom vocabulary
    case atomID, atomUpdated, atomPublished, atomIssued, atomModified, atomCreated
    case atomSummary, atomContent, atomSubtitle, atomTagline, atomLogo, atomIcon, atomLink
    case atomCategory, atomName, atomEmail, atomURI, atomGenerator, atomTitle
    // Modules
    case contentEncoded, dcCreator, dcDate, dcSubject, dcLanguage, dctermsModified
    case mediaContent, mediaThumbnail, mediaDescription
    case itunesAuthor, itunesImage, itunesSummary, itunesSubtitle
    case syUpdatePeriod, syUpdateFrequency

    init(namespace: Namespace, localName: String) {
        switch namespace {
        case .none, .rss10, .rss090: self = Self.rssNames[localName] ?? .unknown
        case .rdf: self = localName == "RDF" ? .rdf : .unknown
        case .atom10, .atom03: self = Self.atomNames[localName] ?? .unknown
        case .content: self = localName == "encoded" ? .contentEncoded : .unknown
        case .dc:
            switch localName {
            case "creator": self = .dcCreator
            case "date": self = .dcDate
            case "subject": self = .dcSubject
            case "language": self = .dcLanguage
            default: self = .unknown
            }
        case .dcterms:
            switch localName {
            case "modified": self = .dctermsModified
            case "created", "issued": self = .dcDate
            default: self = .unknown
            }
        case .media:
            switch localName {
            case "content": self = .mediaContent
            case "thumbnail": self = .mediaThumbnail
            case "description": self = .mediaDescription
            case "group": self = .mediaGroup
            default: self = .unknown
            }
        case .itunes:
            switch localName {
            case "author": self = .itunesAuthor
            case "image": self = .itunesImage
            case "summary": self = .itunesSummary
            case "subtitle": self = .itunesSubtitle
            default: self = .unknown
            }
        case .sy:
            switch localName {
            case "updatePeriod": self = .syUpdatePeriod
            case "updateFrequency": self = .syUpdateFrequency
            default: self = .unknown
            }
        case .xhtml, .xml, .other: self = .unknown
        }
    }

    private static let rssNames: [String: ElementKind] = [
        "rss": .rss, "channel": .channel, "item": .item, "image": .image,
        "textInput": .textInput, "textinput": .textInput,
        "title": .title, "link": .link, "description": .description, "guid": .guid,
        "pubDate": .pubDate, "author": .author, "category": .category, "comments": .comments,
        "enclosure": .enclosure, "language": .language, "lastBuildDate": .lastBuildDate,
        "generator": .generator, "ttl": .ttl, "url": .url, "managingEditor": .managingEditor,
    ]

    private static let atomNames: [String: ElementKind] = [
        "feed": .atomFeed, "entry": .atomEntry, "source": .atomSource,
        "author": .atomAuthor, "contributor": .atomContributor,
        "title": .atomTitle, "link": .atomLink, "id": .atomID, "updated": .atomUpdated,
        "published": .atomPublished, "issued": .atomIssued, "modified": .atomModified,
        "created": .atomCreated, "summary": .atomSummary, "content": .atomContent,
        "subtitle": .atomSubtitle, "tagline": .atomTagline, "logo": .atomLogo, "icon": .atomIcon,
        "category": .atomCategory, "name": .atomName, "email": .atomEmail,
        "uri": .atomURI, "url": .atomURI, "generator": .atomGenerator,
    ]
}
