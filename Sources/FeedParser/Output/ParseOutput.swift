/// The JSON that `feedcrawler parse` prints for one document, streamed: entries are written
/// out as they are parsed, so memory does not grow with the size of the feed. Key order is
/// "file", "format", "entries", "feed", "warnings" (feed-level elements may come after the
/// items, so "feed" is written last); a document that is not a feed gives
/// {"file", "error"}. Each document is exactly one line.
public enum ParseOutput {
    public struct Outcome: Sendable {
        /// The one-line error when the input is not a feed or could not be read.
        public var error: String?
        public var entries: Int
    }

    public static func document(
        file: String?, bytes: UnsafeRawBufferPointer, documentURL: String?, charset: String?,
        write: ([UInt8]) -> Void
    ) -> Outcome {
        var w = JSONWriter(capacity: 1 << 16)
        var started = false
        var count = 0
        func start(_ format: FeedFormat) {
            w.beginObject()
            if let file { w.key("file"); w.string(file) }
            w.key("format"); w.string(format.rawValue)
            w.key("entries"); w.beginArray()
            started = true
        }
        do {
            let parsed = try FeedParser.parse(
                bytes, documentURL: documentURL, charset: charset, onFormat: start
            ) { entry in
                w.entry(entry)
                count += 1
                if w.bytes.count >= 1 << 16 {
                    write(w.bytes)
                    w.discardBytes()
                }
            }
            precondition(started, "onFormat is always called on success")
            w.endArray()
            w.key("feed"); w.feedInfo(parsed.feed)
            w.key("warnings"); w.strings(parsed.warnings)
            w.endObject()
            w.newline()
            write(w.bytes)
            return Outcome(error: nil, entries: count)
        } catch {
            return failure(file: file, message: error.message, write: write)
        }
    }

    public static func failure(file: String?, message: String, write: ([UInt8]) -> Void) -> Outcome {
        var w = JSONWriter()
        w.beginObject()
        if let file { w.key("file"); w.string(file) }
        w.key("error"); w.string(message)
        w.endObject()
        w.newline()
        write(w.bytes)
        return Outcome(error: message, entries: 0)
    }
}
