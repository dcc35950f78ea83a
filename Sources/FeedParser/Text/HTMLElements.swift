/// What an element means to the serializer and to the readable text. One table, so the HTML and the text
/// rules cannot disagree about which element is which.
struct HTMLElementKind: OptionSet, Sendable {
    let rawValue: UInt16

    /// No content and no end tag (HTML §13.1.2 void elements): written `<br>`.
    static let void = HTMLElementKind(rawValue: 1 << 0)
    /// Starts and ends a paragraph of the readable text.
    static let block = HTMLElementKind(rawValue: 1 << 1)
    /// `br`: one "\n" in the readable text.
    static let lineBreak = HTMLElementKind(rawValue: 1 << 2)
    /// `td`/`th`: separated from neighbouring cells by one space.
    static let tableCell = HTMLElementKind(rawValue: 1 << 3)
    /// `pre`: whitespace kept as is in the readable text.
    static let preformatted = HTMLElementKind(rawValue: 1 << 4)
    /// Content is never readable text (script, style, iframe, select...).
    static let hiddenText = HTMLElementKind(rawValue: 1 << 5)
    /// Content is program or style source: dropped even from `plainText` (script, style).
    static let scriptData = HTMLElementKind(rawValue: 1 << 6)
    /// Neither tags nor content are written to the HTML output (head, title).
    static let droppedMarkup = HTMLElementKind(rawValue: 1 << 7)
    /// Tags are not written, content is (html, body).
    static let wrapper = HTMLElementKind(rawValue: 1 << 8)
}

enum HTMLElements {
    /// `name` is lowercase (libxml2's HTML parser lowercases tag names; the reader lowercases again).
    static func kind(of name: String) -> HTMLElementKind {
        table[name] ?? []
    }

    private static let table: [String: HTMLElementKind] = {
        var table: [String: HTMLElementKind] = [:]
        func add(_ names: [String], _ kind: HTMLElementKind) {
            for name in names { table[name, default: []].formUnion(kind) }
        }
        add(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
             "track", "wbr"], .void)
        add(["address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
             "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
             "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul", "summary",
             "caption", "thead", "tbody", "tfoot"], .block)
        add(["br"], .lineBreak)
        add(["td", "th"], .tableCell)
        add(["pre"], .preformatted)
        add(["script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg", "math",
             "select", "option"], .hiddenText)
        add(["script", "style"], .scriptData)
        add(["head", "title"], .droppedMarkup)
        add(["html", "body"], .wrapper)
        return table
    }()
}
