/// The JSON shapes of docs/entry.schema.json and docs/parse-output.schema.json. Every key
/// is always written, `null` or `[]` when absent, in the documented order.
extension JSONWriter {
    /// Writes the ENTRY keys into the object that is currently open (the crawler adds its
    /// own keys around them).
    public mutating func entryFields(_ e: Entry) {
        key("id"); string(e.id)
        key("guid"); string(e.guid)
        key("url"); string(e.url)
        key("title"); string(e.title)
        key("authors"); persons(e.authors)
        key("published"); date(e.published)
        key("updated"); date(e.updated)
        key("summary"); string(e.summary)
        key("content_html"); string(e.contentHTML)
        key("content_text"); string(e.contentText)
        key("categories"); strings(e.categories)
        key("enclosures")
        beginArray()
        for enclosure in e.enclosures {
            beginObject()
            key("url"); string(enclosure.url)
            key("type"); string(enclosure.type)
            key("length"); int(enclosure.length)
            endObject()
        }
        endArray()
        key("comments"); string(e.comments)
        key("language"); string(e.language)
    }

    public mutating func entry(_ e: Entry) {
        beginObject()
        entryFields(e)
        endObject()
    }

    public mutating func feedInfo(_ f: FeedInfo) {
        beginObject()
        key("title"); string(f.title)
        key("link"); string(f.link)
        key("description"); string(f.description)
        key("language"); string(f.language)
        key("updated"); date(f.updated)
        key("authors"); persons(f.authors)
        key("image"); string(f.image)
        key("categories"); strings(f.categories)
        key("generator"); string(f.generator)
        endObject()
    }

    public mutating func persons(_ people: [Person]) {
        beginArray()
        for p in people {
            beginObject()
            key("name"); string(p.name)
            key("email"); string(p.email)
            key("uri"); string(p.uri)
            endObject()
        }
        endArray()
    }

    public mutating func date(_ seconds: Int64?) {
        string(seconds.map(FeedDate.rfc3339))
    }
}
