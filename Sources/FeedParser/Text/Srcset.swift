/// `srcset` candidate lists (HTML §4.8.4.3.10 "parse a srcset attribute", without validating
/// descriptors): every candidate URL is made absolute, its descriptors (`2x`, `640w`) kept, and a
/// candidate whose URL the sanitiser refuses is left out.
enum Srcset {
    /// Candidates are written back as `URL DESCRIPTORS`, joined by ", ", with whitespace inside the
    /// descriptors collapsed to one space; a URL that does not resolve (or with no base) is kept as it
    /// is. `isAllowed(raw, resolved)` decides per candidate; "" when none is left.
    static func resolvingCandidates(
        _ value: String, against base: String?, keeping isAllowed: (_ raw: String, _ resolved: String) -> Bool
    ) -> String {
        let bytes = Array(value.utf8)
        var candidates: [String] = []
        var position = 0
        while true {
            // Step 1: skip whitespace and commas before a candidate.
            while position < bytes.count && (bytes[position].isASCIIWhitespace || bytes[position] == UInt8(ascii: ",")) {
                position += 1
            }
            if position >= bytes.count { break }
            // Step 2: the URL runs to the next whitespace; trailing commas end the candidate.
            let urlStart = position
            while position < bytes.count && !bytes[position].isASCIIWhitespace { position += 1 }
            var urlEnd = position
            var descriptors: [UInt8] = []
            if bytes[urlEnd - 1] == UInt8(ascii: ",") {
                while urlEnd > urlStart && bytes[urlEnd - 1] == UInt8(ascii: ",") { urlEnd -= 1 }
            } else {
                // Step 3: descriptors run to a comma outside parentheses.
                var inParentheses = false
                var pendingSpace = false
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: ",") && !inParentheses { position += 1; break }
                    if byte == UInt8(ascii: "(") { inParentheses = true }
                    if byte == UInt8(ascii: ")") { inParentheses = false }
                    if byte.isASCIIWhitespace {
                        pendingSpace = !descriptors.isEmpty
                    } else {
                        if pendingSpace { descriptors.append(0x20); pendingSpace = false }
                        descriptors.append(byte)
                    }
                    position += 1
                }
            }
            if urlEnd == urlStart { continue }
            let raw = String(decoding: bytes[urlStart..<urlEnd], as: UTF8.self)
            var candidate = base.map { URLResolver.resolve(raw, against: $0) } ?? raw
            if !isAllowed(raw, candidate) { continue }
            if !descriptors.isEmpty {
                candidate += " " + String(decoding: descriptors, as: UTF8.self)
            }
            candidates.append(candidate)
        }
        return candidates.joined(separator: ", ")
    }
}
