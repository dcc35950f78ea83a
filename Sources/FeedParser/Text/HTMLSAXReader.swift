internal import CLibXML2

/// Runs libxml2's HTML parser in SAX mode (no tree) over UTF-8 bytes and forwards the events to a sink.
/// The only file of `Text/` that touches libxml2.
///
/// Measured with libxml2 2.9.14 and `fc_html_fragment_options()` (NOIMPLIED):
/// - NOIMPLIED stops `html`/`body`/`head` from being invented, but not `p`: `htmlCheckParagraph` still
///   opens a `p` around text that appears with no element open (`hello` → `<p>hello</p>`, `<div>a</div>b`
///   → `b` wrapped, `a</p>b` → two of them) or inside `html`/`head`. The invented `p` is reported with
///   libxml2's string literal `"p"` as its name, while every tag read from the source is interned in the
///   parser's dictionary, so a `p` whose name pointer is not the dictionary's is invented and is not
///   forwarded (its content is). Its end may come from a real `</p>` in the source, so invented-ness is
///   tracked on a stack of open elements, not by the end event's name.
/// - The push parser (`htmlCreatePushParserCtxt`) drops trailing text after `</script>`
///   (`<script>x</script>y` loses `y`), so the whole buffer goes through the memory parser.
/// - The UTF-8 encoding is set explicitly (`xmlSwitchToEncoding` with the "UTF-8" handler). Without it
///   the memory parser reads even valid UTF-8 as Latin-1 (the tests catch it: Cyrillic became mojibake),
///   a `<meta charset>` in the fragment could switch decoders, and after an invalid byte the rest turns
///   to Latin-1 (STYLE.md §8). With it, an invalid byte passes through alone and the final
///   `String(decoding:)` makes it U+FFFD.
/// - A `<head>` with no `<html>` before it is not reported (its children are); `head`'s own content is
///   dropped only when libxml2 reports the element.
enum HTMLSAXReader {
    /// Parses `bytes` (UTF-8 without NUL bytes, see `HTMLFragment.render`) and calls `sink` for every
    /// event before returning.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into sink: any HTMLEventSink) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // libxml2 takes an int length; anything beyond 2 GiB is cut (feed bodies are capped far below).
        let length = Int32(clamping: bytes.count)
        LibXMLSetup.ready
        let context = UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: Int(length)) {
            htmlCreateMemoryParserCtxt($0, length)
        }
        guard let context else { return }
        defer { htmlFreeParserCtxt(context) }

        let state = ReaderState(sink: sink, dictionaryP: xmlDictLookup(context.pointee.dict, "p", 1))
        withExtendedLifetime(state) {
            // The context owns a heap copy of the default HTML handler; overwrite it in place so
            // htmlFreeParserCtxt frees what it allocated.
            context.pointee.sax.pointee = makeHandler()
            context.pointee.userData = Unmanaged.passUnretained(state).toOpaque()
            if let utf8 = xmlFindCharEncodingHandler("UTF-8") {
                xmlSwitchToEncoding(context, utf8)
            }
            _ = htmlCtxtUseOptions(context, fc_html_fragment_options())
            _ = htmlParseDocument(context)
        }
    }

    private final class ReaderState {
        let sink: any HTMLEventSink
        /// The dictionary's "p": a source `<p>` is reported with this pointer, an invented one is not.
        let dictionaryP: UnsafePointer<xmlChar>?
        /// One entry per element libxml2 has opened and not yet closed: true when invented.
        var openElementIsInvented: [Bool] = []

        init(sink: any HTMLEventSink, dictionaryP: UnsafePointer<xmlChar>?) {
            self.sink = sink
            self.dictionaryP = dictionaryP
        }
    }

    private static func state(_ context: UnsafeMutableRawPointer?) -> ReaderState? {
        guard let context else { return nil }
        return Unmanaged<ReaderState>.fromOpaque(context).takeUnretainedValue()
    }

    private static func makeHandler() -> htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let state = HTMLSAXReader.state(context), let name else { return }
            let length = Int(xmlStrlen(name))
            let invented = length == 1 && name[0] == UInt8(ascii: "p") && name != state.dictionaryP
            state.openElementIsInvented.append(invented)
            if invented { return }
            state.sink.startElement(
                UnsafeBufferPointer(start: name, count: length),
                attributes: HTMLAttributeList(pairs: attributes.map { UnsafePointer($0) }))
        }
        handler.endElement = { context, _ in
            guard let state = HTMLSAXReader.state(context),
                let invented = state.openElementIsInvented.popLast()
            else { return }
            if !invented { state.sink.endElement() }
        }
        handler.characters = { context, text, length in
            guard let state = HTMLSAXReader.state(context), let text, length > 0 else { return }
            state.sink.characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        // Whitespace libxml2 judges ignorable (between top-level blocks) is still text of the fragment.
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = { context, text, length in
            guard let state = HTMLSAXReader.state(context), let text, length > 0 else { return }
            state.sink.rawText(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        // comment, processingInstruction and internalSubset stay nil: comments, PIs and DOCTYPE are dropped.
        return handler
    }
}
