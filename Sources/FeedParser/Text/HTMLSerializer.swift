/// Writes the events of one fragment back out as normalised HTML into a byte buffer:
/// lowercase names, attributes in source order as `name="value"`, void elements without end tag,
/// every other element closed where the parser closed it, comments/PIs/DOCTYPE already gone.
struct HTMLSerializer {
    private(set) var output: [UInt8] = []
    private let baseURL: String?
    private let policy: HTMLOutputPolicy
    /// > 0 while inside an element whose tags and content are dropped (head, title).
    private var droppedDepth = 0

    init(baseURL: String?, policy: HTMLOutputPolicy = HTMLOutputPolicy(), expectedSize: Int) {
        self.baseURL = baseURL
        self.policy = policy
        output.reserveCapacity(expectedSize + expectedSize / 8)
    }

    mutating func startElement(_ name: String, kind: HTMLElementKind, attributes: HTMLAttributeList) {
        if droppedDepth > 0 {
            droppedDepth += 1
            return
        }
        switch policy.elementAction(name, kind: kind) {
        case .drop:
            droppedDepth = 1
        case .unwrap:
            break
        case .write:
            output.append(UInt8(ascii: "<"))
            output.append(contentsOf: name.utf8)
            attributes.forEach { attributeName, value in
                writeAttribute(attributeName, value, element: name)
            }
            output.append(UInt8(ascii: ">"))
        }
    }

    /// Closes the innermost element, which `startElement` opened with the same name and kind.
    mutating func endElement(_ name: String, kind: HTMLElementKind) {
        if droppedDepth > 0 {
            droppedDepth -= 1
            return
        }
        guard !kind.contains(.void), policy.elementAction(name, kind: kind) == .write else { return }
        output.append(UInt8(ascii: "<"))
        output.append(UInt8(ascii: "/"))
        output.append(contentsOf: name.utf8)
        output.append(UInt8(ascii: ">"))
    }

    /// Text: `&`, `<`, `>` escaped, everything else raw UTF-8 (decoded entities stay decoded).
    mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard droppedDepth == 0 else { return }
        HTMLEscaping.appendEscapedText(text, to: &output)
    }

    /// Script and style content is written as it came (HTML §13.3 serialising: text in raw text elements
    /// is not escaped, or `a > b` in CSS would become `a &gt; b`). It cannot hold the element's own end
    /// tag: the parser ended the element there.
    mutating func rawText(_ text: UnsafeBufferPointer<UInt8>) {
        guard droppedDepth == 0 else { return }
        output.append(contentsOf: text)
    }

    private mutating func writeAttribute(
        _ rawName: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>?, element: String
    ) {
        let name = lowercaseASCIIString(rawName)
        let action = policy.attributeAction(element: element, attribute: name)
        if action == .drop { return }
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: name.utf8)
        guard let value else { return }
        output.append(UInt8(ascii: "="))
        output.append(UInt8(ascii: "\""))
        switch (action, baseURL) {
        case (.resolveURL, let baseURL?):
            appendEscaped(URLResolver.resolve(String(decoding: value, as: UTF8.self), against: baseURL))
        case (.resolveSrcset, let baseURL?):
            appendEscaped(Srcset.resolvingCandidates(String(decoding: value, as: UTF8.self), against: baseURL))
        default:
            HTMLEscaping.appendEscapedAttribute(value, to: &output)
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ attributeValue: String) {
        var value = attributeValue
        value.withUTF8 { HTMLEscaping.appendEscapedAttribute($0, to: &output) }
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
