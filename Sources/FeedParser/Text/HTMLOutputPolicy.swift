/// The one place that decides, per element and per attribute, what the serializer writes: the allow-list
/// sanitiser of the hostile-input issue, so `content_html` is safe to render downstream.
///
/// - Elements: `HTMLElementKind.allowed` ones are written, `.droppedMarkup` ones go with their content,
///   every other element is unwrapped (tags dropped, content kept). Some allowed elements depend on their
///   attributes (`placement`): `a` without an acceptable href is unwrapped; `img`, `iframe`, `track`,
///   `source` without an acceptable src are dropped, and so are `video`/`audio` whose src was refused.
/// - Attributes: only the ones listed in `attributeAction` for the element, plus `title`, `lang`, `dir`
///   on every element. So no `on*`, `style`, `class`, `id`, `data-*`, `srcdoc`, `formaction`, `xmlns`,
///   `target`, and no source `rel`.
/// - URLs: resolved against the base, then both the value as written and the resolved one must pass
///   `URLSchemeCheck` for the attribute's use (a `javascript:` base cannot turn a relative link into a
///   script); iframes must also point at a `SanitizerPolicy.iframeHosts` host.
/// - Links get `rel="noopener noreferrer nofollow"`: noopener/noreferrer as Miniflux adds them (no opener
///   handle, no Referer leaking the reader's page), nofollow because the links are third-party content
///   (bluemonday's `RequireNoFollowOnLinks`). No `target` is added: where links open is the page's choice.
struct HTMLOutputPolicy: Sendable {
    let sanitizer: SanitizerPolicy

    init(sanitizer: SanitizerPolicy = .default) {
        self.sanitizer = sanitizer
    }

    /// The decision made from the element's name alone.
    enum ElementAction: Equatable {
        /// Allowed: the attributes are examined, then `placement` decides.
        case write
        /// Tags omitted, content written (html, body, font, form, unknown elements).
        case unwrap
        /// Tags and content omitted (script, svg, head...).
        case drop
    }

    /// The decision made once the attributes have been read.
    enum Placement: Equatable {
        case write
        /// `a`: written with the `rel` this policy adds.
        case writeLink
        /// Start and end tag only; the content (an iframe's fallback) is dropped.
        case writeEmpty
        case unwrap
        case drop
    }

    enum AttributeAction: Equatable {
        case keep
        /// The value is one URL: resolved against the base URL, then checked for `URLUse`.
        case url(URLUse)
        /// The value is a srcset candidate list: every URL resolved and checked as a resource.
        case resolveSrcset
        /// Not written.
        case drop
    }

    /// What the attributes of one allowed element said, for `placement`.
    struct AttributeFacts {
        enum Outcome { case absent, accepted, refused }
        /// `href` of `a`, `src` of media and iframes. A refusal sticks, even if a later duplicate passes.
        var url = Outcome.absent
        var srcset = Outcome.absent
        var width: Int?
        var height: Int?

        mutating func record(_ attribute: String, accepted: Bool) {
            let outcome: Outcome = accepted ? .accepted : .refused
            if attribute == "srcset" {
                if srcset != .refused { srcset = outcome }
            } else if attribute == "href" || attribute == "src" {
                if url != .refused { url = outcome }
            }
        }

        /// A 1×1 (or 0) image is a tracking pixel (Miniflux `isPixelTracker`, which wants both sides).
        var isTrackingPixel: Bool {
            guard let width, let height else { return false }
            return width <= 1 && height <= 1
        }
    }

    /// A void element (HTML §13.1.2) has no content of its own, so dropping one only drops its tag:
    /// libxml2 2.9.14 does not know the HTML5 void elements `embed`, `source`, `track` and reports the
    /// text after them as their children (`<p>a<embed>b</p>` gave `b` inside `embed`, measured), and that
    /// text is the document's. It is sanitised like any other content.
    func elementAction(_ name: String, kind: HTMLElementKind) -> ElementAction {
        if kind.contains(.droppedMarkup) { return kind.contains(.void) ? .unwrap : .drop }
        if kind.contains(.allowed) { return .write }
        return .unwrap
    }

    func placement(of element: String, kind: HTMLElementKind, given facts: AttributeFacts) -> Placement {
        let placement = placementIgnoringVoid(of: element, given: facts)
        return placement == .drop && kind.contains(.void) ? .unwrap : placement
    }

    private func placementIgnoringVoid(of element: String, given facts: AttributeFacts) -> Placement {
        switch element {
        case "a": return facts.url == .accepted ? .writeLink : .unwrap
        case "img": return facts.url == .accepted && !facts.isTrackingPixel ? .write : .drop
        case "iframe": return facts.url == .accepted ? .writeEmpty : .drop
        case "track": return facts.url == .accepted ? .write : .drop
        case "source":
            let refused = facts.url == .refused || facts.srcset == .refused
            return !refused && (facts.url == .accepted || facts.srcset == .accepted) ? .write : .drop
        // Without src they play their <source> children; a refused src means a hostile element.
        case "video", "audio": return facts.url == .refused ? .drop : .write
        default: return .write
        }
    }

    /// Allowed attributes of allowed elements; URL-valued ones per the HTML spec's element index.
    func attributeAction(element: String, attribute: String) -> AttributeAction {
        switch attribute {
        case "title", "lang", "dir":
            return .keep
        case "href":
            return element == "a" ? .url(.link) : .drop
        case "src":
            switch element {
            case "img": return .url(.image)
            case "video", "audio", "source", "track": return .url(.resource)
            case "iframe": return .url(.frame)
            default: return .drop
            }
        case "srcset":
            return element == "img" || element == "source" ? .resolveSrcset : .drop
        case "sizes":
            return element == "img" || element == "source" ? .keep : .drop
        case "poster":
            return element == "video" ? .url(.resource) : .drop
        case "cite":
            switch element {
            case "blockquote", "q", "del", "ins": return .url(.resource)
            default: return .drop
            }
        case "alt", "loading":
            return element == "img" ? .keep : .drop
        case "width", "height":
            switch element {
            case "img", "video", "iframe": return .keep
            default: return .drop
            }
        case "controls", "preload", "loop", "muted":
            return element == "video" || element == "audio" ? .keep : .drop
        case "playsinline":
            return element == "video" ? .keep : .drop
        case "type":
            return element == "source" || element == "ol" ? .keep : .drop
        case "media":
            return element == "source" ? .keep : .drop
        case "kind", "srclang", "label", "default":
            return element == "track" ? .keep : .drop
        case "colspan", "rowspan", "headers":
            return element == "td" || element == "th" ? .keep : .drop
        case "scope", "abbr":
            return element == "th" ? .keep : .drop
        case "start", "reversed":
            return element == "ol" ? .keep : .drop
        case "value":
            return element == "li" ? .keep : .drop
        case "datetime":
            switch element {
            case "time", "del", "ins": return .keep
            default: return .drop
            }
        case "span":
            return element == "col" || element == "colgroup" ? .keep : .drop
        case "open":
            return element == "details" ? .keep : .drop
        case "allowfullscreen", "frameborder":
            return element == "iframe" ? .keep : .drop
        default:
            return .drop
        }
    }

    /// Both the value as written (entities already decoded by libxml2) and its resolved form must pass:
    /// the first catches `java\tscript:` before resolution could hide or rebuild it, the second a base
    /// URL that is itself hostile.
    func allowsURL(raw: String, resolved: String, for use: URLUse) -> Bool {
        guard URLSchemeCheck.allows(raw.utf8, for: use), URLSchemeCheck.allows(resolved.utf8, for: use) else {
            return false
        }
        return use != .frame || sanitizer.allowsIframe(src: resolved)
    }
}
