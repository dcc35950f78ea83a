/// What start-up recovery found for the articles of batches committed but not marked delivered.
public struct RecoveryReport: Sendable, Equatable {
    /// The temp file was still there and is now renamed into place.
    public var renamed: [PendingArticle] = []
    /// No temp file, the final file exists: the rename happened before the crash.
    public var alreadyDelivered: [PendingArticle] = []
    /// Neither file exists. The protocol (sync the temps, then commit, then rename) makes this
    /// impossible unless someone deleted files or the disk lost synced data: log it as an error.
    public var missing: [PendingArticle] = []

    public init(renamed: [PendingArticle] = [], alreadyDelivered: [PendingArticle] = [], missing: [PendingArticle] = []) {
        self.renamed = renamed
        self.alreadyDelivered = alreadyDelivered
        self.missing = missing
    }
}
