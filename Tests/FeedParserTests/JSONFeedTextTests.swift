import Testing
@testable import FeedParser

/// JSON Feed items that only have `content_text`: the text is all there is, so its paragraph
/// structure must survive into content_html and content_text.
struct JSONFeedTextTests {
    @Test func contentTextKeepsItsParagraphsAndLineBreaks() throws {
        let feed = """
        {"version": "https://jsonfeed.org/version/1.1", "title": "T",
         "items": [{"id": "1", "content_text": "First paragraph.\\n\\nSecond, line one\\nline two & more\\n\\n\\n  Third.  "}]}
        """
        let result = try FeedParser.parse(Array(feed.utf8))
        let entry = try #require(result.entries.first)
        #expect(entry.contentHTML == "<p>First paragraph.</p><p>Second, line one<br>line two &amp; more</p><p>Third.</p>")
        #expect(entry.contentText == "First paragraph.\n\nSecond, line one\nline two & more\n\nThird.")
    }
}
