@preconcurrency internal import CLibXML2

/// Answers libxml2's `getEntity` for every name XML does not predefine, so libxml2 never
/// expands an entity itself. Each answer is an entity of type XML_INTERNAL_PREDEFINED_ENTITY,
/// which libxml2 inlines as plain characters (parser.c, xmlParseReference: "special case
/// of predefined entities") without parsing its content:
/// - HTML's named entities (`&nbsp;`, `&mdash;`, `&laquo;`), which feeds use undeclared,
///   become their character;
/// - an internal entity declared in the document's DTD whose text holds no further
///   reference becomes that text, within a per-document budget (so neither nesting, as in
///   billion laughs, nor repetition, as in quadratic blow-up, can amplify anything);
/// - any other declared entity (external ones: XXE; nested ones; over budget) becomes
///   nothing, with a warning;
/// - an undeclared name stays as the literal text `&name;`, with a warning: nothing lost.
final class EntityScope {
    /// DTD-declared names: the replacement text when it may be expanded, nil when it may not.
    private var declared: [String: String?] = [:]
    private var created: [String: xmlEntityPtr] = [:]
    private var expandedBytes = 0
    /// libxml2 asks `getEntity` for the name it just declared, to store the raw value in the
    /// entity's `orig` (parser.c, xmlParseEntityDecl). Answering nil for that one call lets
    /// libxml2 free the buffer itself; an entity of ours would leak it (found by the fuzzer),
    /// and a shared HTML entity would be written to from several threads.
    private var justDeclared: String?
    private(set) var warnings: [String] = []

    static let maxExpandedBytes = 1 << 20
    static let maxDeclaredLength = 1 << 10
    private static let maxNames = 4_096

    func declare(name: String, type: Int32, content: UnsafePointer<xmlChar>?) {
        justDeclared = name
        guard declared.count < Self.maxNames, declared[name] == nil else { return }
        var text: String?
        if type == Int32(XML_INTERNAL_GENERAL_ENTITY.rawValue), let content {
            let value = String(cString: content)
            if value.utf8.count <= Self.maxDeclaredLength, !value.utf8.contains(UInt8(ascii: "&")),
               !value.utf8.contains(UInt8(ascii: "%")) {
                text = value
            }
        }
        declared[name] = .some(text)
    }

    func entity(for cName: UnsafePointer<xmlChar>, line: Int) -> xmlEntityPtr? {
        if let pending = justDeclared {
            justDeclared = nil
            if pending == String(cString: cName) { return nil }
        }
        if let html = HTMLEntities.entity(cName) { return html }
        let name = String(cString: cName)
        if let declaration = declared[name] {
            if let text = declaration, expandedBytes + text.utf8.count <= Self.maxExpandedBytes {
                expandedBytes += text.utf8.count
                return make(key: "d:" + name, name: name, content: text)
            }
            if created["x:" + name] == nil {
                let why = declaration == nil ? "it is external or refers to other entities" : "the expansion budget is spent"
                warn("line \(line): entity &\(name); declared in the DTD is not expanded (\(why))")
            }
            return make(key: "x:" + name, name: name, content: "")
        }
        if created["u:" + name] == nil {
            warn("line \(line): entity &\(name); is not defined; kept as text")
        }
        return make(key: "u:" + name, name: name, content: "&\(name);")
    }

    private func warn(_ message: String) {
        if warnings.count < 20 { warnings.append(message) }
    }

    private func make(key: String, name: String, content: String) -> xmlEntityPtr? {
        if let e = created[key] { return e }
        guard created.count < Self.maxNames, let e = newPredefinedEntity(name: name, content: content) else { return nil }
        created[key] = e
        return e
    }

    deinit {
        for e in created.values { freeEntity(e) }
    }
}

/// HTML's entities, created once per process (a fixed set of about 250).
private enum HTMLEntities {
    struct Pointer: @unchecked Sendable { let value: xmlEntityPtr }
    static let cache = LockedValue([UInt32: Pointer]())

    static func entity(_ name: UnsafePointer<xmlChar>) -> xmlEntityPtr? {
        guard let desc = htmlEntityLookup(name) else { return nil }
        let codepoint = desc.pointee.value
        guard let scalar = Unicode.Scalar(codepoint) else { return nil }
        let nameString = String(cString: name)
        return cache.withLock { c -> Pointer? in
            if let e = c[codepoint] { return e }
            guard let e = newPredefinedEntity(name: nameString, content: String(Character(scalar))) else { return nil }
            c[codepoint] = Pointer(value: e)
            return Pointer(value: e)
        }?.value
    }
}

private func newPredefinedEntity(name: String, content: String) -> xmlEntityPtr? {
    name.withCString { n in
        content.withCString { c in
            xmlNewEntity(nil, UnsafeRawPointer(n).assumingMemoryBound(to: xmlChar.self),
                         Int32(XML_INTERNAL_PREDEFINED_ENTITY.rawValue), nil, nil,
                         UnsafeRawPointer(c).assumingMemoryBound(to: xmlChar.self))
        }
    }
}

/// libxml2 2.9 keeps xmlFreeEntity private. An entity made by xmlNewEntity without a
/// document owns its xmlStrdup'ed strings (entities.c, xmlCreateEntity with a NULL dict);
/// everything it may own is freed, as xmlFreeEntity does.
private func freeEntity(_ e: xmlEntityPtr) {
    let p = e.pointee
    for owned in [p.name, p.ExternalID, p.SystemID, p.URI, UnsafePointer(p.content), UnsafePointer(p.orig)] {
        if let owned { xmlFree(UnsafeMutableRawPointer(mutating: owned)) }
    }
    xmlFree(e)
}
