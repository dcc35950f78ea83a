/// The sink of one parse: feeds every event to the serializer (when HTML is wanted) and to the readable
/// text, and keeps the stack of open elements both need at end tags.
final class FragmentRenderer: HTMLEventSink {
    enum Mode {
        /// `render`: sanitised HTML and multi-line readable text; all `.hiddenText` content dropped from
        /// the text.
        case fragment(baseURL: String?, policy: SanitizerPolicy)
        /// `plainText`: one line of text; only script/style content dropped (a title reading
        /// "Why <title> matters" keeps "matters").
        case plainText
    }

    private(set) var serializer: HTMLSerializer?
    private(set) var text: ReadableText
    private let hiddenTextKinds: HTMLElementKind
    private var openElements: [(name: String, kind: HTMLElementKind)] = []
    /// > 0 inside an element whose content is not readable text.
    private var hiddenTextDepth = 0
    private var preformattedDepth = 0

    init(mode: Mode, expectedSize: Int) {
        switch mode {
        case .fragment(let baseURL, let policy):
            serializer = HTMLSerializer(
                baseURL: baseURL, policy: HTMLOutputPolicy(sanitizer: policy), expectedSize: expectedSize)
            text = ReadableText(singleLine: false, expectedSize: expectedSize)
            hiddenTextKinds = .hiddenText
        case .plainText:
            serializer = nil
            text = ReadableText(singleLine: true, expectedSize: expectedSize)
            hiddenTextKinds = .scriptData
        }
    }

    func startElement(_ rawName: UnsafeBufferPointer<UInt8>, attributes: HTMLAttributeList) {
        let name = lowercaseASCIIString(rawName)
        let kind = HTMLElements.kind(of: name)
        openElements.append((name, kind))
        serializer?.startElement(name, kind: kind, attributes: attributes)

        if hiddenTextDepth > 0 || !kind.isDisjoint(with: hiddenTextKinds) {
            hiddenTextDepth += 1
            return
        }
        if kind.contains(.block) { text.paragraphBreak() }
        if kind.contains(.lineBreak) { text.lineBreak() }
        if kind.contains(.tableCell) { text.collapsibleSpace() }
        if kind.contains(.preformatted) { preformattedDepth += 1 }
    }

    func endElement() {
        guard let (name, kind) = openElements.popLast() else { return }
        serializer?.endElement(name)

        if hiddenTextDepth > 0 {
            hiddenTextDepth -= 1
            return
        }
        if kind.contains(.block) { text.paragraphBreak() }
        if kind.contains(.tableCell) { text.collapsibleSpace() }
        if kind.contains(.preformatted) { preformattedDepth -= 1 }
    }

    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        serializer?.characters(bytes)
        if hiddenTextDepth == 0 {
            text.append(bytes, preformatted: preformattedDepth > 0)
        }
    }

    func rawText(_ bytes: UnsafeBufferPointer<UInt8>) {
        serializer?.rawText(bytes)
        // libxml2 sends cdataBlock only inside script and style, which are never text; kept symmetrical
        // in case a future parser version sends it elsewhere.
        if hiddenTextDepth == 0 {
            text.append(bytes, preformatted: preformattedDepth > 0)
        }
    }
}
