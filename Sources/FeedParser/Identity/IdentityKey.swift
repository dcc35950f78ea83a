import Crypto

/// The identity of an article: what makes two entries "the same article" across polls,
/// restarts and feeds. README "Identity" documents the rule; tests pin it with literals.
///
///  1. a guid that is an absolute http(s) URL → the normalised URL
///  2. any other guid → "guid:" + normalised document URL + " " + guid (a guid like "123"
///     means nothing outside its feed)
///  3. no guid, a link → the normalised link
///  4. neither → "hash:" + document URL, title, published date and body, one per line
/// A key already produced by an earlier entry of the same document (feeds that give every
/// item the same guid) is extended with "\n" + the normalised link, then with "\n#" + the
/// entry's index, so no entry of a document is lost to a collision.
struct IdentityKey {
    private let documentKey: String
    private var seen: Set<String> = []
    private var index = 0

    init(documentURL: String?) {
        documentKey = documentURL.map(URLNormalizer.normalize) ?? ""
    }

    /// Assigns `entry.id`. Returns a warning when the key had to be disambiguated.
    mutating func assign(_ entry: inout Entry) -> String? {
        defer { index += 1 }
        var key = Self.baseKey(entry, documentKey: documentKey)
        var warning: String?
        if seen.contains(key) {
            key += "\n" + (entry.url.map(URLNormalizer.normalize) ?? "")
            if seen.contains(key) { key += "\n#\(index)" }
            warning = "entry \(index + 1) repeats the identity of an earlier entry (guid \(entry.guid ?? "none")); told apart by its link"
        }
        seen.insert(key)
        entry.id = Self.hash(key)
        return warning
    }

    static func baseKey(_ e: Entry, documentKey: String) -> String {
        if let guid = e.guid {
            if URLNormalizer.isAbsoluteHTTP(guid) { return URLNormalizer.normalize(guid) }
            return "guid:" + documentKey + " " + guid
        }
        if let url = e.url { return URLNormalizer.normalize(url) }
        let published = e.published.map(FeedDate.rfc3339) ?? ""
        return "hash:" + documentKey + "\n" + (e.title ?? "") + "\n" + published + "\n"
            + (e.contentHTML ?? e.summary ?? "")
    }

    /// Lowercase hex of the first 128 bits of SHA-256.
    static func hash(_ key: String) -> String {
        let digest = SHA256.hash(data: Array(key.utf8))
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(32)
        for byte in digest.prefix(16) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
