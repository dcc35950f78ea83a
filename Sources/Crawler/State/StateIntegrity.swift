internal import GRDB

/// What is checked before the migrator may touch the file: that it is sound, that it is ours,
/// and that this build understands its schema. Each refusal leaves the file as it was.
enum StateIntegrity {
    static func check(_ db: Database, path: String, quickCheck: Bool) throws {
        // A truncated file can still open (page 1 intact): only a walk of the B-trees finds the
        // missing pages. quick_check skips the index-content cross-check of integrity_check.
        if quickCheck {
            let problems = try String.fetchAll(db, sql: "PRAGMA quick_check(3)")
            if problems != ["ok"] {
                throw StateError(path: path, message: StateError.damagedMessage(problems.joined(separator: "; ")))
            }
        } else {
            // Still reads page 1 and the schema: a file that is not a database fails here.
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
        }

        let userTables = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            """) ?? 0
        if userTables == 0 { return }  // New (or empty) file: the migrator creates everything.

        let application = try db.tableExists("meta")
            ? String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?",
                              arguments: [StateSchema.applicationKey])
            : nil
        guard application == StateSchema.applicationName else {
            throw StateError(path: path, message: """
                this SQLite database is not a feedcrawler state file (it has other tables); \
                refusing to change it: point the state path at a new file
                """)
        }
        if try StateSchema.migrator.hasBeenSuperseded(db) {
            throw StateError(path: path, message: """
                the state database was written by a newer feedcrawler (its schema has migrations \
                this version does not know); run that version, or restore an older backup
                """)
        }
    }
}
