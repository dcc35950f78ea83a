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
    /// Neither tags nor content are written to the HTML output: what runs code or loads a document
    /// (script, object, svg...), form controls, and head content. (A void one loses only its tag: see
    /// `HTMLOutputPolicy.elementAction`.)
    static let droppedMarkup = HTMLElementKind(rawValue: 1 << 7)
    /// On the sanitiser's allow-list: the tags are written (with allowed attributes). An element with
    /// neither this nor `droppedMarkup` (html, body, font, center, form, custom elements) is unwrapped:
    /// its tags go, its content stays.
    static let allowed = HTMLElementKind(rawValue: 1 << 8)
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
        // Allow-list after bluemonday's UGCPolicy and Miniflux's internal/reader/sanitizer: formatting,
        // structure, tables, links, media. `iframe` is written only for `SanitizerPolicy.iframeHosts`.
        add(["p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "s", "strike",
             "sub", "sup", "small", "mark", "abbr", "cite", "q", "blockquote", "pre", "code", "kbd", "samp", "var",
             "del", "ins", "dfn", "time", "span", "div", "section", "article", "aside", "header", "footer", "nav",
             "main", "figure", "figcaption", "details", "summary", "ul", "ol", "li", "dl", "dt", "dd", "table",
             "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "a", "img", "picture",
             "source", "video", "audio", "track", "iframe", "ruby", "rt", "rp", "bdi", "bdo", "wbr", "address"],
            .allowed)
        // Dropped with their content: script and style sources; plugins and nested documents (object,
        // embed, applet, frame, noembed/noframes fallbacks); svg and math, which carry script and
        // foreign-content parsing (mutation XSS); form controls, which could phish or submit; template
        // and noscript, whose content the reader of the page never sees; head-only elements.
        add(["script", "style", "object", "embed", "applet", "param", "frame", "frameset", "noframes", "noembed",
             "svg", "math", "input", "button", "select", "option", "optgroup", "datalist", "textarea",
             "isindex", "noscript", "template", "head", "title", "meta", "base", "link"], .droppedMarkup)
        return table
    }()
}
