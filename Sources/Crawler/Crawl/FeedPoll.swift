import FeedParser
import Fetcher

/// One parsed entry as the crawl needs it: what deduplication compares, and the bytes of
/// its output file.
struct PreparedArticle: Sendable {
    var key: ArticleKey
    var json: [UInt8]
}

/// What one poll of one feed produced, before deduplication and delivery.
struct FeedPollResult: Sendable {
    enum Outcome: Sendable {
        /// 200 and a feed: its entries, in document order, ready to be written.
        case fetched(articles: [PreparedArticle], feed: FeedInfo, warnings: [String])
        case notModified
        case failed(key: String, message: String, retryAfter: Duration?)
        case gone
    }
    var feed: FeedConfig
    var outcome: Outcome
    var response: FetchResponse?
    var fetchedAt: Int64
}

/// Fetches one feed (conditional GET with the stored validators, from its permanent URL when
/// one was learned) and parses the body with the charset the config or the server gave.
enum FeedPoll {
    static func run(_ feed: FeedConfig, state: FeedState?, settings: CrawlerSettings,
                    fetcher: FeedFetcher, now: @Sendable () -> Int64) async -> FeedPollResult {
        let known = state?.url == feed.url ? state : nil
        let url = known?.permanentURL ?? feed.url
        let request = FetchRequest(
            url: url, etag: known?.etag, lastModified: known?.lastModified, userAgent: feed.userAgent,
            timeout: feed.timeout, connectTimeout: min(settings.connectTimeout, feed.timeout),
            maxSize: feed.maxSize, allowPrivateRedirects: feed.allowPrivate,
            allowFile: url.lowercased().hasPrefix("file:"))
        let result = await fetcher.fetch(request)
        let fetchedAt = now()
        switch result {
        case .failure(let error):
            if case .gone = error {
                return FeedPollResult(feed: feed, outcome: .gone, response: nil, fetchedAt: fetchedAt)
            }
            return FeedPollResult(feed: feed, outcome: .failed(key: error.key, message: error.description,
                                                               retryAfter: error.retryAfter),
                                  response: nil, fetchedAt: fetchedAt)
        case .success(let response):
            if response.status == 304 {
                return FeedPollResult(feed: feed, outcome: .notModified, response: response, fetchedAt: fetchedAt)
            }
            let charset = feed.charset ?? response.charset
            var entries: [Entry] = []
            let parsed = response.body.withUnsafeBytes { raw in
                Result { () throws(ParseError) in
                    try FeedParser.parse(raw, documentURL: response.finalURL, identityURL: feed.url, charset: charset,
                                         sanitizer: SanitizerPolicy(iframeHosts: settings.iframeHosts)) { entries.append($0) }
                }
            }
            switch parsed {
            case .success(let p):
                // Built here, in the poll's own task, so that parsing and serialising run in
                // parallel across feeds; the crawl loop only deduplicates and writes.
                let ref = FeedRef(name: feed.name, url: feed.url, title: p.feed.title, link: p.feed.link)
                let articles = entries.map { e in
                    PreparedArticle(
                        key: ArticleKey(id: e.id, normalizedURL: e.url.map(URLNormalizer.normalize), title: e.title),
                        json: ArticleWriter.fileContent(e, feed: ref, fetchedAt: fetchedAt))
                }
                return FeedPollResult(feed: feed, outcome: .fetched(articles: articles, feed: p.feed, warnings: p.warnings),
                                      response: response, fetchedAt: fetchedAt)
            case .failure(let e):
                return FeedPollResult(feed: feed, outcome: .failed(key: "parse", message: e.message, retryAfter: nil),
                                      response: response, fetchedAt: fetchedAt)
            }
        }
    }
}
