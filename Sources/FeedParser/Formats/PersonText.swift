/// RSS gives people as one string. RSS 2.0 says `<author>` is an e-mail address, and the
/// usual spelling is "joe@example.com (Joe Bloggs)"; "Joe Bloggs <joe@example.com>" and a
/// bare name are common too.
enum PersonText {
    static func parseRSS(_ text: String) -> Person {
        let s = TextWhitespace.collapse(text)
        // "email (Name)"
        if let open = s.firstIndex(of: "("), s.hasSuffix(")") {
            let email = String(s[..<open]).trimmingASCIIWhitespace
            let name = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmingASCIIWhitespace
            if looksLikeEmail(email) {
                return Person(name: name.isEmpty ? nil : name, email: email)
            }
        }
        // "Name <email>"
        if let open = s.firstIndex(of: "<"), s.hasSuffix(">") {
            let name = String(s[..<open]).trimmingASCIIWhitespace
            let email = String(s[s.index(after: open)..<s.index(before: s.endIndex)]).trimmingASCIIWhitespace
            if looksLikeEmail(email) {
                return Person(name: name.isEmpty ? nil : name, email: email)
            }
        }
        if looksLikeEmail(s) { return Person(email: s) }
        return Person(name: s)
    }

    static func looksLikeEmail<S: StringProtocol>(_ s: S) -> Bool {
        guard let at = s.firstIndex(of: "@"), at != s.startIndex else { return false }
        let domain = s[s.index(after: at)...]
        return domain.contains(".") && !s.contains(" ")
    }
}
