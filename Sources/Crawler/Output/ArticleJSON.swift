import FeedParser

/// The content of one output file: the ENTRY object of docs/entry.schema.json with the
/// crawler's keys around it, in this order: "schema_version", the ENTRY keys, "feed",
/// "fetched_at"; one line ending in "\n" (a consumer can `cat *.json` into JSON Lines).
extension JSONWriter {
    /// Bumped when a consumer would have to change how it reads the file.
    static let articleSchemaVersion: Int64 = 1

    mutating func articleFile(_ entry: Entry, feed: FeedRef, fetchedAt millis: Int64) {
        beginObject()
        key("schema_version"); int(JSONWriter.articleSchemaVersion)
        entryFields(entry)
        key("feed")
        beginObject()
        key("name"); string(feed.name)
        key("url"); string(feed.url)
        key("title"); string(feed.title)
        key("link"); string(feed.link)
        endObject()
        key("fetched_at"); string(UTCTimestamp.rfc3339Milliseconds(millis))
        endObject()
        newline()
    }
}
