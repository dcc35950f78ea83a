/// Writes the events of one fragment back out as normalised, sanitised HTML into a byte buffer:
/// lowercase names, allowed attributes in source order as `name="value"`, void elements without end tag,
/// every other written element closed where the parser closed it, comments/PIs/DOCTYPE already gone.
/// What is written is decided by `HTMLOutputPolicy`.
struct HTMLSerializer {
    private(set) var output: [UInt8] = []
    private let baseURL: String?
    private let policy: HTMLOutputPolicy
    /// > 0 while inside an element whose tags and content are dropped (script, svg, head...).
    private var droppedDepth = 0
    /// One entry per open element outside dropped content: true when its end tag must be written.
    private var endTagOwed: [Bool] = []
    /// The attributes of the element being started, written here first because the element may still be
    /// dropped or unwrapped once all of them are read. Reused: no allocation per element.
    private var attributeBuffer: [UInt8] = []

    private static let linkRel: StaticString = " rel=\"noopener noreferrer nofollow\""

    init(baseURL: String?, policy: HTMLOutputPolicy = HTMLOutputPolicy(), expectedSize: Int) {
        self.baseURL = baseURL
        self.policy = policy
        output.reserveCapacity(expectedSize + expectedSize / 8)
        endTagOwed.reserveCapacity(32)
        attributeBuffer.reserveCapacity(256)
    }

    mutating func startElement(_ name: String, kind: HTMLElementKind, attributes: HTMLAttributeList) {
        if droppedDepth > 0 {
            droppedDepth += 1
            return
        }
        switch policy.elementAction(name, kind: kind) {
        case .drop:
            droppedDepth = 1
            return
        case .unwrap:
            endTagOwed.append(false)
            return
        case .write:
            break
        }
        attributeBuffer.removeAll(keepingCapacity: true)
        var facts = HTMLOutputPolicy.AttributeFacts()
        attributes.forEach { attributeName, value in
            appendAttribute(attributeName, value, element: name, facts: &facts)
        }
        let placement = policy.placement(of: name, kind: kind, given: facts)
        switch placement {
        case .drop:
            droppedDepth = 1
        case .unwrap:
            endTagOwed.append(false)
        case .write, .writeLink, .writeEmpty:
            output.append(UInt8(ascii: "<"))
            output.append(contentsOf: name.utf8)
            output.append(contentsOf: attributeBuffer)
            if placement == .writeLink { append(Self.linkRel) }
            output.append(UInt8(ascii: ">"))
            if placement == .writeEmpty {
                appendEndTag(name)
                droppedDepth = 1
            } else {
                endTagOwed.append(!kind.contains(.void))
            }
        }
    }

    /// Closes the innermost element, which `startElement` opened with the same name.
    mutating func endElement(_ name: String) {
        if droppedDepth > 0 {
            droppedDepth -= 1
            return
        }
        if endTagOwed.popLast() == true { appendEndTag(name) }
    }

    /// Text: `&`, `<`, `>` escaped, everything else raw UTF-8 (decoded entities stay decoded).
    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard droppedDepth == 0 else { return }
        HTMLEscaping.appendEscapedText(text, to: &output)
    }

    /// libxml2 sends raw text (cdataBlock) only inside script and style, which the policy always drops.
    /// Should it ever arrive elsewhere it is escaped like any text: written raw, a `</p><img onerror>`
    /// in it would be markup.
    mutating func rawText(_ text: UnsafeBufferPointer<UInt8>) {
        characters(text)
    }

    private mutating func appendEndTag(_ name: String) {
        output.append(UInt8(ascii: "<"))
        output.append(UInt8(ascii: "/"))
        output.append(contentsOf: name.utf8)
        output.append(UInt8(ascii: ">"))
    }

    private mutating func append(_ literal: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends ` name="value"` to `attributeBuffer` when the policy allows the attribute (and, for a URL,
    /// its value), and records what the element's placement depends on.
    private mutating func appendAttribute(
        _ rawName: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>?, element: String,
        facts: inout HTMLOutputPolicy.AttributeFacts
    ) {
        let name = lowercaseASCIIString(rawName)
        switch policy.attributeAction(element: element, attribute: name) {
        case .drop:
            return
        case .keep:
            if let value, name == "width" || name == "height" {
                let number = Self.leadingInteger(value)
                if name == "width" { facts.width = number } else { facts.height = number }
            }
            appendAttributeName(name)
            guard let value else { return }
            appendAttributeValue(value)
        case .url(let use):
            // A bare `<a href>` names no URL.
            guard let value else { return facts.record(name, accepted: false) }
            let raw = String(decoding: value, as: UTF8.self)
            let resolved = baseURL.map { URLResolver.resolve(raw, against: $0) } ?? raw
            let accepted = policy.allowsURL(raw: raw, resolved: resolved, for: use)
            facts.record(name, accepted: accepted)
            guard accepted else { return }
            appendAttributeName(name)
            appendAttributeValue(resolved)
        case .resolveSrcset:
            guard let value else { return facts.record(name, accepted: false) }
            let policy = self.policy
            let candidates = Srcset.resolvingCandidates(String(decoding: value, as: UTF8.self), against: baseURL) {
                policy.allowsURL(raw: $0, resolved: $1, for: .resource)
            }
            facts.record(name, accepted: !candidates.isEmpty)
            guard !candidates.isEmpty else { return }
            appendAttributeName(name)
            appendAttributeValue(candidates)
        }
    }

    private mutating func appendAttributeName(_ name: String) {
        attributeBuffer.append(UInt8(ascii: " "))
        attributeBuffer.append(contentsOf: name.utf8)
    }

    private mutating func appendAttributeValue(_ value: UnsafeBufferPointer<UInt8>) {
        attributeBuffer.append(UInt8(ascii: "="))
        attributeBuffer.append(UInt8(ascii: "\""))
        HTMLEscaping.appendEscapedAttribute(value, to: &attributeBuffer)
        attributeBuffer.append(UInt8(ascii: "\""))
    }

    private mutating func appendAttributeValue(_ value: String) {
        var value = value
        value.withUTF8 { appendAttributeValue($0) }
    }

    /// The digits at the start of a width/height value after spaces (`1`, ` 1px`): HTML §2.3.4.1 "rules for
    /// parsing non-negative integers"; nil when there are none.
    private static func leadingInteger(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < value.count && value[index] <= 0x20 { index += 1 }
        var number: Int?
        while index < value.count, value[index] >= UInt8(ascii: "0"), value[index] <= UInt8(ascii: "9") {
            number = min((number ?? 0) * 10 + Int(value[index] - UInt8(ascii: "0")), 1_000_000)
            index += 1
        }
        return number
    }
}

/// ASCII-lowercased copy of a tag or attribute name (short names stay inline in the String, no heap).
func lowercaseASCIIString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    if !bytes.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
        return String(decoding: bytes, as: UTF8.self)
    }
    return String(decoding: bytes.lazy.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 },
                  as: UTF8.self)
}
