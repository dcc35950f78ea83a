internal import GRDB

extension StateError {
    /// The one place a GRDB/SQLite error becomes a `StateError`: SQLite's own words are kept
    /// (GRDB's `DatabaseError.message` is `sqlite3_errmsg`), prefixed with what we were doing.
    ///
    /// A damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) gets a message that says what the file
    /// holds and what to do: the store never deletes or recreates it by itself, because
    /// starting over re-emits every article still present in the feeds.
    init(_ error: any Error, path: String, doing operation: String) {
        if let stateError = error as? StateError {
            self = stateError
            return
        }
        guard let dbError = error as? DatabaseError else {
            self.init(path: path, message: "\(operation): \(error)")
            return
        }
        let sqliteMessage = dbError.message ?? "SQLite error \(dbError.resultCode.rawValue)"
        switch dbError.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            self.init(path: path, message: Self.damagedMessage(sqliteMessage))
        default:
            self.init(path: path, message: "\(operation): \(sqliteMessage)")
        }
    }

    static func damagedMessage(_ detail: String) -> String {
        "the state database is damaged (\(detail)). It holds which articles were already written: "
            + "restore it from a backup, or move it away to start over — every article still "
            + "in the feeds will then be written again."
    }
}
