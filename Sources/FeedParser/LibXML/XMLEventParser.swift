internal import CLibXML2

/// Receives the SAX events of one document. Names and attribute values are handed over as
/// byte ranges that are valid only during the call.
protocol XMLEventHandler: AnyObject {
    func startElement(localName: UnsafePointer<UInt8>, namespaceURI: UnsafePointer<UInt8>?,
                      attributes: XMLAttributes, line: Int)
    func endElement(localName: UnsafePointer<UInt8>, namespaceURI: UnsafePointer<UInt8>?)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
    /// A warning or error from libxml2, already formatted as "line N: message".
    func diagnostic(_ message: String)
    /// Set by the handler to make the parser stop (for example: the root is not a feed).
    var shouldStop: Bool { get }
}

/// The attributes of one start tag, as libxml2's SAX2 hands them over: five pointers per
/// attribute (localname, prefix, URI, value start, value end). Valid only during the call.
struct XMLAttributes {
    fileprivate let base: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    let count: Int

    func localName(_ i: Int) -> UnsafePointer<UInt8> { base![i * 5]! }
    func namespaceURI(_ i: Int) -> UnsafePointer<UInt8>? { base![i * 5 + 2] }
    func value(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = base![i * 5 + 3]!
        let end = base![i * 5 + 4]!
        return UnsafeBufferPointer(start: start, count: end - start)
    }
    /// The attribute's text. libxml2's SAX2 without entity substitution hands over every `&`
    /// of an attribute value as the character reference `&#38;` (parser.c,
    /// xmlParseAttValueComplex, so that a tree can be re-serialised); it is decoded here.
    func stringValue(_ i: Int) -> String { Self.decodeAmpersands(value(i)) }

    static func decodeAmpersands(_ v: UnsafeBufferPointer<UInt8>) -> String {
        guard v.contains(UInt8(ascii: "&")) else { return String(decoding: v, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(v.count)
        var i = 0
        while i < v.count {
            if v[i] == UInt8(ascii: "&"), i + 4 < v.count, v[i + 1] == UInt8(ascii: "#"), v[i + 2] == UInt8(ascii: "3"),
               v[i + 3] == UInt8(ascii: "8"), v[i + 4] == UInt8(ascii: ";") {
                out.append(UInt8(ascii: "&"))
                i += 5
            } else {
                out.append(v[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of the attribute with this local name and no namespace (or the given one).
    func value(named name: StaticString, namespace: StaticString? = nil) -> String? {
        for i in 0..<count where cStringEquals(localName(i), name) {
            if let namespace {
                guard let uri = namespaceURI(i), cStringEquals(uri, namespace) else { continue }
            } else if namespaceURI(i) != nil {
                continue
            }
            return stringValue(i)
        }
        return nil
    }
}

@inline(__always)
func cStringEquals(_ a: UnsafePointer<UInt8>, _ b: StaticString) -> Bool {
    let n = b.utf8CodeUnitCount
    let bp = b.utf8Start
    for i in 0..<n where a[i] != bp[i] { return false }
    return a[n] == 0
}

/// Parses one in-memory XML document (already clean UTF-8) with libxml2's SAX2 interface.
/// No tree is built. Entities: the XML predefined ones and character references are
/// decoded by libxml2; every other `&name;` is answered by `EntityTable` (HTML named entities
/// become their character, anything else stays literal text), so no entity declared in a
/// DTD is ever expanded (billion laughs, XXE) and no DTD is loaded.
enum XMLEventParser {
    static func parse(utf8 bytes: UnsafeRawBufferPointer, handler: some XMLEventHandler) {
        LibXMLSetup.ready
        let box = HandlerBox(handler: handler)
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }

        guard bytes.count > 0,
              let ctxt = xmlCreateMemoryParserCtxt(
                  bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(clamping: bytes.count))
        else { return }
        box.context = ctxt
        defer {
            box.context = nil
            // For expat compatibility libxml2 keeps a stand-in document in myDoc while it reads
            // entity declarations, and frees it only when the parse reaches its normal end: a
            // halted parse (unterminated declaration, our own stop) would leak it (fuzzer).
            if let doc = ctxt.pointee.myDoc {
                xmlFreeDoc(doc)
                ctxt.pointee.myDoc = nil
            }
            // xmlFreeParserCtxt frees ctxt->sax, which is the copy we installed.
            xmlFreeParserCtxt(ctxt)
        }
        ctxt.pointee.sax.pointee = makeSAXHandler()
        ctxt.pointee.userData = unmanaged.toOpaque()
        xmlCtxtUseOptions(ctxt, fc_feed_parse_options())
        xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8)
        _ = xmlParseDocument(ctxt)
        for w in box.entities.warnings { handler.diagnostic(w) }
    }
}


/// Type-erases the handler for the C callbacks and carries per-parse entity state.
private final class HandlerBox {
    let handler: any XMLEventHandler
    var context: xmlParserCtxtPtr?
    let entities = EntityScope()
    var diagnostics = 0

    init(handler: any XMLEventHandler) { self.handler = handler }

    var line: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetLineNumber(context))
    }

    func stopIfAsked() {
        if handler.shouldStop, let context { xmlStopParser(context) }
    }
}

@inline(__always)
private func box(_ ctx: UnsafeMutableRawPointer?) -> HandlerBox {
    Unmanaged<HandlerBox>.fromOpaque(ctx!).takeUnretainedValue()
}

/// Caps the warnings one document can produce: a broken feed may raise an error per byte.
private let maxDiagnostics = 50

private func makeSAXHandler() -> xmlSAXHandler {
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.startElementNs = { ctx, localname, _, uri, _, _, nbAttributes, _, attributes in
        let b = box(ctx)
        b.handler.startElement(
            localName: localname!, namespaceURI: uri,
            attributes: XMLAttributes(base: attributes, count: Int(nbAttributes)), line: b.line)
        b.stopIfAsked()
    }
    sax.endElementNs = { ctx, localname, _, uri in
        box(ctx).handler.endElement(localName: localname!, namespaceURI: uri)
    }
    sax.characters = { ctx, chars, len in
        box(ctx).handler.characters(UnsafeBufferPointer(start: chars, count: Int(len)))
    }
    sax.cdataBlock = sax.characters
    sax.getEntity = { ctx, name in
        guard let name else { return nil }
        let b = box(ctx)
        return b.entities.entity(for: name, line: b.line)
    }
    sax.entityDecl = { ctx, name, type, _, _, content in
        guard let name else { return }
        box(ctx).entities.declare(name: String(cString: name), type: type, content: content)
    }
    sax.serror = { ctx, error in
        guard let ctx, let error else { return }
        let b = box(ctx)
        b.diagnostics += 1
        if b.diagnostics > maxDiagnostics {
            if b.diagnostics == maxDiagnostics + 1 {
                b.handler.diagnostic("more than \(maxDiagnostics) XML errors; the rest are not listed")
            }
            return
        }
        let e = error.pointee
        var message = e.message.map { String(cString: $0) } ?? "XML error \(e.code)"
        while message.last?.isWhitespace == true { message.removeLast() }
        b.handler.diagnostic(e.line > 0 ? "line \(e.line): \(message)" : message)
    }
    return sax
}
