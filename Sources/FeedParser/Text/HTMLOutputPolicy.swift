/// The one place that decides, per element and per attribute, what the serializer writes. Today nothing is
/// removed beyond the wrappers and head; the sanitizer's allow-list (hostile-input issue) plugs in here by
/// returning `.drop` for what it refuses.
struct HTMLOutputPolicy: Sendable {
    enum ElementAction: Equatable {
        /// Tags and content written.
        case write
        /// Tags omitted, content written (html, body).
        case unwrap
        /// Tags and content omitted (head, title).
        case drop
    }

    enum AttributeAction: Equatable {
        case keep
        /// The value is one URL, made absolute against the base URL.
        case resolveURL
        /// The value is a srcset candidate list; every URL in it is made absolute.
        case resolveSrcset
        /// Not written (reserved for the sanitizer).
        case drop
    }

    func elementAction(_ name: String, kind: HTMLElementKind) -> ElementAction {
        if kind.contains(.droppedMarkup) { return .drop }
        if kind.contains(.wrapper) { return .unwrap }
        return .write
    }

    /// URL-valued attributes per the HTML spec's element index (href, src, poster, cite, action, data,
    /// longdesc, srcset), limited to the elements where each one is a URL.
    func attributeAction(element: String, attribute: String) -> AttributeAction {
        switch (attribute, element) {
        case ("href", "a"), ("href", "area"), ("href", "link"),
            ("src", "img"), ("src", "script"), ("src", "iframe"), ("src", "audio"), ("src", "video"),
            ("src", "source"), ("src", "embed"), ("src", "track"), ("src", "input"),
            ("poster", "video"),
            ("cite", "blockquote"), ("cite", "q"), ("cite", "del"), ("cite", "ins"),
            ("action", "form"),
            ("data", "object"),
            ("longdesc", "img"):
            return .resolveURL
        case ("srcset", "img"), ("srcset", "source"):
            return .resolveSrcset
        default:
            return .keep
        }
    }
}
