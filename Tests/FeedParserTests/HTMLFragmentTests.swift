import Testing
import FeedParser

/// One HTML fragment, the HTML `render` must write back and its readable text, both written by hand from
/// the serialisation and readable-text rules (never produced by the code under test).
struct FragmentCase: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    var baseURL: String? = articleBase
    let html: String
    let text: String
    var testDescription: String { name }
}

/// A base with a directory path and a query, so that "?q", "#f", "../" and "/" each resolve differently.
private let articleBase = "https://example.org/blog/2024/post.html?id=7&lang=en"
/// What the sanitiser adds to every kept link (HTMLOutputPolicy; SanitizerTests covers the allow-list).
private let rel = " rel=\"noopener noreferrer nofollow\""

private let fragmentCases: [FragmentCase] = [
    FragmentCase(
        name: "the brief's example: inline markup, paragraphs, br, list items",
        input: "<p>Hello <b>big</b>\n world</p><p>Second<br>line</p><ul><li>a</li><li>b</li></ul>",
        html: "<p>Hello <b>big</b>\n world</p><p>Second<br>line</p><ul><li>a</li><li>b</li></ul>",
        text: "Hello big world\n\nSecond\nline\n\na\n\nb"),
    FragmentCase(
        // Named entities become raw UTF-8; &nbsp; is U+00A0 in the HTML and a space in the text.
        name: "named HTML entities are decoded to raw characters",
        input: "<p>caf&eacute; &nbsp;&mdash;&nbsp;&copy; 2024&hellip;</p>",
        html: "<p>café \u{A0}—\u{A0}© 2024…</p>",
        text: "café — © 2024…"),
    FragmentCase(
        name: "numeric entities, decimal and hex; decoded < > & are escaped again in HTML only",
        input: "<p>&#8212; &#x2014; &#60;tag&#62; &#38;</p>",
        html: "<p>— — &lt;tag&gt; &amp;</p>",
        text: "— — <tag> &"),
    FragmentCase(
        // One decoding pass: &amp;amp; is the text "&amp;", which HTML must escape back to &amp;amp;.
        name: "double-escaped entities are decoded once",
        input: "<p>AT&amp;amp;T &amp;lt;b&amp;gt;</p>",
        html: "<p>AT&amp;amp;T &amp;lt;b&amp;gt;</p>",
        text: "AT&amp;T &lt;b&gt;"),
    FragmentCase(
        name: "escaped markup stays text, never becomes an element",
        input: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        html: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        text: "<script>alert(1)</script>"),
    FragmentCase(
        name: "nested lists: every li is its own paragraph",
        input: "<ul><li>One<ul><li>One.A</li><li>One.B</li></ul></li><li>Two</li></ul>",
        html: "<ul><li>One<ul><li>One.A</li><li>One.B</li></ul></li><li>Two</li></ul>",
        text: "One\n\nOne.A\n\nOne.B\n\nTwo"),
    FragmentCase(
        name: "li end tags are written where the parser closes them",
        input: "<ol><li>x<li>y</ol>",
        html: "<ol><li>x</li><li>y</li></ol>",
        text: "x\n\ny"),
    FragmentCase(
        // pre keeps runs of spaces and its newlines; lines are still trimmed (the tab before "cd").
        name: "pre keeps inner whitespace and line breaks",
        input: "<p>Run:</p><pre>  make  test\n\tcd  /tmp\n</pre>",
        html: "<p>Run:</p><pre>  make  test\n\tcd  /tmp\n</pre>",
        text: "Run:\n\nmake  test\ncd  /tmp"),
    FragmentCase(
        name: "U+00A0 inside pre becomes a plain space, not collapsed",
        input: "<pre>a&nbsp;&nbsp;b</pre>",
        html: "<pre>a\u{A0}\u{A0}b</pre>",
        text: "a  b"),
    FragmentCase(
        name: "br and self-closed br/ are one line break each, written <br>",
        input: "<p>line one<br>line two<br/>line three</p>",
        html: "<p>line one<br>line two<br>line three</p>",
        text: "line one\nline two\nline three"),
    FragmentCase(
        // Paragraphs are separated by exactly one blank line, however many br follow one another.
        name: "a run of br gives at most one blank line",
        input: "<p>a<br><br><br>b</p>",
        html: "<p>a<br><br><br>b</p>",
        text: "a\n\nb"),
    FragmentCase(
        name: "table: rows are paragraphs, cells separated by one space",
        input: "<table><caption>Prices</caption><thead><tr><th>Item</th><th>Cost</th></tr></thead>"
            + "<tbody><tr><td>Tea</td><td>2 €</td></tr></tbody></table>",
        html: "<table><caption>Prices</caption><thead><tr><th>Item</th><th>Cost</th></tr></thead>"
            + "<tbody><tr><td>Tea</td><td>2 €</td></tr></tbody></table>",
        text: "Prices\n\nItem Cost\n\nTea 2 €"),
    FragmentCase(
        // The sanitiser drops script and style with their content; they are never readable text either.
        name: "script and style are dropped from HTML and text",
        input: "<p>Before</p><script>var a = 1 < 2 && b;</script><style>p > a { color: red }</style><p>After</p>",
        html: "<p>Before</p><p>After</p>",
        text: "Before\n\nAfter"),
    FragmentCase(
        name: "select/option, noscript, iframe, math content is not readable text",
        input: "<p>Pick <select><option>one</option></select> now<noscript>Enable JS</noscript></p>"
            + "<iframe src=\"embed.html\">fallback</iframe><p>E = <math><mi>m</mi></math> ok</p>",
        // The sanitiser drops them from the HTML too (the iframe's host is no video player).
        html: "<p>Pick  now</p><p>E =  ok</p>",
        text: "Pick now\n\nE = ok"),
    FragmentCase(
        name: "relative href and src resolved against a base with path and query",
        input: "<a href=\"../about?x=1&amp;y=2#top\">About</a> <img src=\"img/pic.png\" alt=\"Pic\">"
            + " <a href=\"?page=2\">Next</a> <a href=\"#c\">C</a> <a href=\"/\">Home</a>",
        html: "<a href=\"https://example.org/blog/about?x=1&amp;y=2#top\"\(rel)>About</a>"
            + " <img src=\"https://example.org/blog/2024/img/pic.png\" alt=\"Pic\">"
            + " <a href=\"https://example.org/blog/2024/post.html?page=2\"\(rel)>Next</a>"
            + " <a href=\"https://example.org/blog/2024/post.html?id=7&amp;lang=en#c\"\(rel)>C</a>"
            + " <a href=\"https://example.org/\"\(rel)>Home</a>",
        text: "About Next C Home"),
    FragmentCase(
        name: "every srcset candidate resolved, descriptors kept",
        input: "<img src=\"a.jpg\" srcset=\"a-1x.jpg 1x, a-2x.jpg   2x,/full/a.jpg 1200w\" alt=\"\">"
            + "<picture><source srcset=\"b.webp\" type=\"image/webp\"></picture>",
        html: "<img src=\"https://example.org/blog/2024/a.jpg\" srcset=\"https://example.org/blog/2024/a-1x.jpg 1x,"
            + " https://example.org/blog/2024/a-2x.jpg 2x, https://example.org/full/a.jpg 1200w\" alt=\"\">"
            + "<picture><source srcset=\"https://example.org/blog/2024/b.webp\" type=\"image/webp\"></picture>",
        text: ""),
    FragmentCase(
        name: "protocol-relative src takes the base's scheme",
        input: "<img src=\"//cdn.example/x.png\">",
        html: "<img src=\"https://cdn.example/x.png\">",
        text: ""),
    FragmentCase(
        // form is unwrapped, input and object are dropped by the sanitiser (SanitizerTests).
        name: "poster, track src, cite resolved too; form controls and object removed",
        input: "<video src=\"v.mp4\" poster=\"p.jpg\"><track src=\"subs.vtt\"></video>"
            + "<blockquote cite=\"/source\">Q</blockquote><form action=\"search\"><input type=\"image\" src=\"go.png\"></form>"
            + "<object data=\"movie.swf\"></object>",
        html: "<video src=\"https://example.org/blog/2024/v.mp4\" poster=\"https://example.org/blog/2024/p.jpg\">"
            + "<track src=\"https://example.org/blog/2024/subs.vtt\"></video>"
            + "<blockquote cite=\"https://example.org/source\">Q</blockquote>",
        text: "Q"),
    FragmentCase(
        // href is a URL only on a; src only on media elements; elsewhere the allow-list drops them.
        name: "URL-looking attributes of other elements are dropped, not resolved",
        input: "<div href=\"x\" data-src=\"y.png\"><span src=\"z\">s</span></div>",
        html: "<div><span>s</span></div>",
        text: "s"),
    FragmentCase(
        name: "without a base URL nothing is resolved",
        input: "<a href=\"../x\">x</a><img src=\"//cdn.example/y.png\" srcset=\"a.png 2x\">",
        baseURL: nil,
        html: "<a href=\"../x\"\(rel)>x</a><img src=\"//cdn.example/y.png\" srcset=\"a.png 2x\">",
        text: "x"),
    FragmentCase(
        name: "a value that does not resolve is kept as it is",
        input: "<a href=\"%zz\">bad</a>",
        html: "<a href=\"%zz\"\(rel)>bad</a>",
        text: "bad"),
    FragmentCase(
        // libxml2 2.9.14 reports these as unknown tags; they must survive in HTML and count as blocks.
        name: "HTML5 elements article, header, figure, figcaption, section",
        input: "<article><header><h1>Title</h1></header><figure><img src=\"/i.png\" alt=\"x\">"
            + "<figcaption>Caption <em>here</em></figcaption></figure><section><p>Body</p></section></article>",
        html: "<article><header><h1>Title</h1></header><figure><img src=\"https://example.org/i.png\" alt=\"x\">"
            + "<figcaption>Caption <em>here</em></figcaption></figure><section><p>Body</p></section></article>",
        text: "Title\n\nCaption here\n\nBody"),
    FragmentCase(
        name: "unclosed p elements are closed by the next p",
        input: "<p>a<p>b",
        html: "<p>a</p><p>b</p>",
        text: "a\n\nb"),
    FragmentCase(
        name: "a stray </div> is ignored",
        input: "<p>one</p></div><p>two</p>",
        html: "<p>one</p><p>two</p>",
        text: "one\n\ntwo"),
    FragmentCase(
        // libxml2 wraps bare text in an invented <p> even with HTML_PARSE_NOIMPLIED; it must not show.
        name: "bare text gets no invented p",
        input: "Just text, <i>no</i> wrapper",
        html: "Just text, <i>no</i> wrapper",
        text: "Just text, no wrapper"),
    FragmentCase(
        name: "text after a closed block gets no invented p, but is its own paragraph",
        input: "<div>a</div>b",
        html: "<div>a</div>b",
        text: "a\n\nb"),
    FragmentCase(
        name: "a full document: doctype, html, head, title, comments gone; body content kept",
        input: "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page title</title>"
            + "<link rel=\"stylesheet\" href=\"s.css\"></head><body class=\"x\"><!-- note --><p>Body text</p></body></html>",
        html: "<p>Body text</p>",
        text: "Body text"),
    FragmentCase(
        name: "a title outside head is dropped too",
        input: "<title>T</title><p>x</p>",
        html: "<p>x</p>",
        text: "x"),
    FragmentCase(
        name: "comments and processing instructions are dropped",
        input: "<p>a<!-- hidden -->b<?php echo 1 ?>c</p>",
        html: "<p>abc</p>",
        text: "abc"),
    FragmentCase(
        // Stripped before parsing; libxml2 2.9.14 alone would turn it into a space ("ab cd").
        name: "a NUL byte is removed, not turned into a space",
        input: "<p>ab\u{0}cd</p><p>more</p>",
        html: "<p>abcd</p><p>more</p>",
        text: "abcd\n\nmore"),
    FragmentCase(
        name: "mixed Cyrillic and Latin text, and a Cyrillic relative URL",
        input: "<p>Привет, <b>мир</b>! Ёлка&nbsp;— ёж. Hello.</p><a href=\"/статья/1\">Ссылка</a>",
        html: "<p>Привет, <b>мир</b>! Ёлка\u{A0}— ёж. Hello.</p>"
            + "<a href=\"https://example.org/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F/1\"\(rel)>Ссылка</a>",
        text: "Привет, мир! Ёлка — ёж. Hello.\n\nСсылка"),
    FragmentCase(
        // Allowed attributes only (class, data-* and input go: SanitizerTests).
        name: "names lowercased, attributes quoted and escaped, valueless attribute written bare",
        input: "<P TITLE='a \"quoted\" <b> & c'>x</P><DETAILS OPEN>y</DETAILS>",
        html: "<p title=\"a &quot;quoted&quot; &lt;b&gt; &amp; c\">x</p><details open>y</details>",
        text: "x\n\ny"),
    FragmentCase(
        name: "whitespace runs including U+00A0 collapse; whitespace between blocks kept in HTML",
        input: "<p>  lots   of\n\t space  </p>\n\n<p>\u{A0}x\u{A0}</p>",
        html: "<p>  lots   of\n\t space  </p>\n\n<p>\u{A0}x\u{A0}</p>",
        text: "lots of space\n\nx"),
    FragmentCase(
        name: "empty and blank paragraphs leave no empty paragraph",
        input: "<p></p><p> </p><div><p>x</p></div><p>\u{A0}</p>",
        html: "<p></p><p> </p><div><p>x</p></div><p>\u{A0}</p>",
        text: "x"),
    FragmentCase(
        name: "hr ends the open paragraph; the text after it is a new paragraph",
        input: "<p>a<hr>b</p>",
        html: "<p>a</p><hr>b",
        text: "a\n\nb"),
    FragmentCase(
        name: "definition lists and inline-only content",
        input: "<dl><dt>Term</dt><dd>Definition with <code>code</code></dd></dl>",
        html: "<dl><dt>Term</dt><dd>Definition with <code>code</code></dd></dl>",
        text: "Term\n\nDefinition with code"),
    FragmentCase(
        // svg is dropped by the sanitiser (it can carry script); its text is not readable either.
        name: "svg dropped with its children, svg text not readable",
        input: "<svg viewBox=\"0 0 1 1\"><path d=\"M0\"/><text>label</text></svg>after",
        html: "after",
        text: "after"),
    FragmentCase(
        // STYLE.md §8: the encoding is given as UTF-8 explicitly, so a meta charset inside the fragment
        // must not switch libxml2 to another decoder and garble the text.
        name: "a meta charset in the fragment does not change the decoding",
        input: "<meta charset=\"koi8-r\"><p>café Привет</p>",
        html: "<p>café Привет</p>",
        text: "café Привет"),
    FragmentCase(
        name: "empty input",
        input: "",
        html: "",
        text: ""),
]

@Test("render writes the expected HTML and readable text", arguments: fragmentCases)
func renderedFragment(_ fragment: FragmentCase) {
    let rendered = HTMLFragment.render(fragment.input, baseURL: fragment.baseURL)
    #expect(rendered.html == fragment.html)
    #expect(rendered.text == fragment.text)
}

struct PlainTextCase: Sendable, CustomTestStringConvertible {
    let input: String
    let expected: String
    var testDescription: String { input.debugDescription }
}

private let plainTextCases: [PlainTextCase] = [
    // Fast path (no '<', no '&'): whitespace only.
    PlainTextCase(input: "  Hello \n\t world  ", expected: "Hello world"),
    PlainTextCase(input: "\u{A0}nbsp\u{A0}\u{A0}only\u{A0}", expected: "nbsp only"),
    PlainTextCase(input: "x\u{0}y", expected: "xy"),
    PlainTextCase(input: "", expected: ""),
    // Entities decoded once.
    PlainTextCase(input: "Tom &amp; Jerry", expected: "Tom & Jerry"),
    PlainTextCase(input: "Episode&nbsp;12&#8212;The End", expected: "Episode 12—The End"),
    PlainTextCase(input: "AT&amp;amp;T", expected: "AT&amp;T"),
    // Escaped markup in a title is text the author meant to show.
    PlainTextCase(input: "&lt;b&gt;Bold&lt;/b&gt; text", expected: "<b>Bold</b> text"),
    // Markup removed; blocks and br are spaces on one line.
    PlainTextCase(input: "<b>Bold</b> move", expected: "Bold move"),
    PlainTextCase(input: "<p>First</p><p>Second</p>", expected: "First Second"),
    PlainTextCase(input: "Line<br>break", expected: "Line break"),
    PlainTextCase(input: "  <i>Spaced</i>\n\n  <b>out</b>  ", expected: "Spaced out"),
    PlainTextCase(input: "Title<script>evil()</script> end", expected: "Title end"),
    PlainTextCase(input: "Привет,&nbsp;<i>мир</i>", expected: "Привет, мир"),
    // A lone '<' that starts no tag is text (libxml2 recovers it).
    PlainTextCase(input: "a < b &amp; c > d", expected: "a < b & c > d"),
]

@Test("plainText gives one trimmed line with tags removed and entities decoded", arguments: plainTextCases)
func plainTextOfMarkup(_ example: PlainTextCase) {
    #expect(HTMLFragment.plainText(example.input) == example.expected)
}

@Test("a large body is rendered whole, linear in its size")
func largeBodyRenderedWhole() {
    // 20,000 copies of a paragraph: every copy must come out (no truncation at libxml2's buffer
    // boundaries, no lost text after a chunk). Timing is measured by the benchmark, not asserted here.
    let paragraph = "<p>Word &amp; <a href=\"x\">link</a></p>"
    let input = String(repeating: paragraph, count: 20_000)
    let rendered = HTMLFragment.render(input, baseURL: "https://example.org/")
    #expect(rendered.html == String(repeating: "<p>Word &amp; <a href=\"https://example.org/x\"\(rel)>link</a></p>", count: 20_000))
    #expect(rendered.text.utf8.count == 20_000 * "Word & link".utf8.count + 19_999 * 2)
}
