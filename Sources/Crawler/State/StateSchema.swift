internal import GRDB

/// The state database's schema, as versioned migrations. Rule from GRDB's Migrations.md:
/// append a migration, never edit one that shipped, never `eraseDatabaseOnSchemaChange`
/// (erasing would make every article still in the feeds be written again).
enum StateSchema {
    /// Written into `meta` by the first migration, so the file says what it is.
    static let applicationKey = "application"
    static let applicationName = "feedcrawler-state"
    static let lastFileTimestampKey = "last_file_timestamp"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Invariants live in the schema ("Trust SQLite More Than Yourself",
            // GRDB RecordRecommendedPractices.md): a broken caller fails its transaction
            // instead of storing a row the crawler would misread later.
            try db.execute(sql: """
                CREATE TABLE feed (
                    name TEXT PRIMARY KEY NOT NULL CHECK (name <> ''),
                    url TEXT NOT NULL,
                    permanent_url TEXT,
                    etag TEXT,
                    last_modified TEXT,
                    last_status INTEGER,
                    last_error TEXT,
                    error_count INTEGER NOT NULL DEFAULT 0 CHECK (error_count >= 0),
                    next_due INTEGER,
                    last_polled INTEGER,
                    gone INTEGER NOT NULL DEFAULT 0 CHECK (gone IN (0, 1)),
                    title TEXT,
                    link TEXT
                );

                -- id: 32 lowercase hex digits (Entry.id, the first 128 bits of a SHA-256).
                CREATE TABLE article (
                    id TEXT PRIMARY KEY NOT NULL
                        CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
                    normalized_url TEXT,
                    title TEXT,
                    feed_name TEXT NOT NULL,
                    file_name TEXT NOT NULL,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL
                );
                -- Cross-feed deduplication looks up (normalized_url, title).
                CREATE INDEX article_url_title ON article (normalized_url, title);
                -- compact(before:) finds old rows without scanning the table.
                CREATE INDEX article_first_seen ON article (first_seen);

                -- What stays of an article past retention: its id, so it is never new again.
                -- WITHOUT ROWID: the id is the whole row, one B-tree instead of two.
                CREATE TABLE tombstone (
                    id TEXT PRIMARY KEY NOT NULL
                ) WITHOUT ROWID;

                -- Deliveries committed but not yet renamed into place (crash recovery).
                -- AUTOINCREMENT: a batch id is never reused, so logs stay unambiguous.
                CREATE TABLE batch (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created INTEGER NOT NULL,
                    delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
                    last_file_timestamp INTEGER NOT NULL
                );
                -- Self-contained (the key and feed are copied, not joined from `article`):
                -- recovery must rebuild the batch even if its article row was compacted
                -- or was already present. Rows live only until the batch is delivered.
                CREATE TABLE batch_article (
                    batch_id INTEGER NOT NULL REFERENCES batch(id) ON DELETE CASCADE,
                    file_name TEXT NOT NULL CHECK (file_name <> ''),
                    temp_name TEXT NOT NULL CHECK (temp_name <> ''),
                    article_id TEXT NOT NULL,
                    normalized_url TEXT,
                    title TEXT,
                    feed_name TEXT NOT NULL,
                    seen_at INTEGER NOT NULL,
                    PRIMARY KEY (batch_id, file_name)
                );

                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value
                );
                """)
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?)",
                           arguments: [applicationKey, applicationName])
        }
        return migrator
    }
}
