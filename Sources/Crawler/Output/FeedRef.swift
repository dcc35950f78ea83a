/// The feed an article came from, as written in the output file's `"feed"` object:
/// the name and URL from feeds.conf, the title and link from the feed's last parse.
public struct FeedRef: Sendable, Equatable {
    public var name: String
    public var url: String
    public var title: String?
    public var link: String?

    public init(name: String, url: String, title: String? = nil, link: String? = nil) {
        self.name = name
        self.url = url
        self.title = title
        self.link = link
    }
}
