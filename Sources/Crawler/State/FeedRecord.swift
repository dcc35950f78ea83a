internal import GRDB

/// How a `FeedState` is laid out in the `feed` table: one column per field, validators stored
/// as the exact text the server sent (nginx answers 200 to an If-Modified-Since that is not
/// byte-identical to its Last-Modified; STYLE.md §8).
enum FeedRecord {
    static let selectAllSQL = """
        SELECT name, url, permanent_url, etag, last_modified, last_status, last_error,
               error_count, next_due, last_polled, gone, title, link
        FROM feed
        """

    /// An upsert, so that a feed's row keeps its identity (and no DELETE+INSERT churn).
    static let upsertSQL = """
        INSERT INTO feed (name, url, permanent_url, etag, last_modified, last_status, last_error,
                          error_count, next_due, last_polled, gone, title, link)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET
            url = excluded.url, permanent_url = excluded.permanent_url, etag = excluded.etag,
            last_modified = excluded.last_modified, last_status = excluded.last_status,
            last_error = excluded.last_error, error_count = excluded.error_count,
            next_due = excluded.next_due, last_polled = excluded.last_polled,
            gone = excluded.gone, title = excluded.title, link = excluded.link
        """

    static func arguments(_ feed: FeedState) -> StatementArguments {
        [feed.name, feed.url, feed.permanentURL, feed.etag, feed.lastModified, feed.lastStatus,
         feed.lastError, feed.errorCount, feed.nextDue, feed.lastPolled, feed.gone, feed.title,
         feed.link]
    }

    /// Decodes a row of `selectAllSQL`, by column position.
    static func feedState(_ row: Row) -> FeedState {
        FeedState(name: row[0], url: row[1], permanentURL: row[2], etag: row[3],
                  lastModified: row[4], lastStatus: row[5], lastError: row[6],
                  errorCount: row[7], nextDue: row[8], lastPolled: row[9], gone: row[10],
                  title: row[11], link: row[12])
    }

    static func upsert(_ feed: FeedState, in db: Database) throws {
        try db.cachedStatement(sql: upsertSQL).execute(arguments: arguments(feed))
    }
}
