/// Feed-level fields as read, before precedence is applied.
struct FeedDraft {
    var title: TextValue?
    var rssLink: String?
    var atomLinks: [LinkCandidate] = []
    var description: TextValue?
    var language: String?
    var rootLang: String?
    var lastBuildDate: DateText?
    var pubDate: DateText?
    var dcDate: DateText?
    var atomUpdated: DateText?
    var authors: [Person] = []
    var imageURL: String?
    var itunesImage: String?
    var atomLogo: String?
    var atomIcon: String?
    var categories: [String] = []
    var generator: String?
    var ttlMinutes: Int64?
    var syPeriod: String?
    var syFrequency: Int64?
}
