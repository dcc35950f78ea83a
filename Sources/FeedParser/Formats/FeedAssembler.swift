/// Turns the feed-level draft into `FeedInfo`, applying precedence.
struct FeedAssembler {
    let format: FeedFormat
    var warn: (String) -> Void

    func assemble(_ d: FeedDraft) -> FeedInfo {
        var f = FeedInfo()
        f.title = d.title.map(\.plainText).flatMap(nonEmpty)
        f.link = d.rssLink.flatMap(nonEmpty) ?? EntryAssembler.alternateLink(d.atomLinks)
        f.description = d.description.map(\.plainText).flatMap(nonEmpty)
        f.language = (d.language ?? d.rootLang).flatMap(nonEmpty)
        f.updated = date(d.atomUpdated ?? d.lastBuildDate ?? d.pubDate ?? d.dcDate)
        f.authors = unique(d.authors)
        f.image = d.imageURL ?? d.itunesImage ?? d.atomLogo ?? d.atomIcon
        f.categories = d.categories
        f.generator = d.generator.map(TextWhitespace.collapse).flatMap(nonEmpty)
        f.pollHintSeconds = pollHint(d)
        return f
    }

    /// RSS 2.0 `ttl` (minutes) and the syndication module's period/frequency: the publisher's
    /// own idea of how often the feed changes.
    private func pollHint(_ d: FeedDraft) -> Int64? {
        var hint: Int64?
        if let ttl = d.ttlMinutes, ttl > 0 { hint = ttl * 60 }
        if let period = d.syPeriod?.lowercased() {
            let seconds: Int64? = switch period {
            case "hourly": 3_600
            case "daily": 86_400
            case "weekly": 604_800
            case "monthly": 2_592_000
            case "yearly": 31_536_000
            default: nil
            }
            if let seconds {
                let frequency = max(d.syFrequency ?? 1, 1)
                hint = max(hint ?? 0, seconds / frequency)
            }
        }
        return hint
    }

    private func date(_ t: DateText?) -> Int64? { t?.seconds(warn: warn) }
}
