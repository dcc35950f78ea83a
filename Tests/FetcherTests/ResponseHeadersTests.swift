import Testing

@testable import Fetcher

/// Header parsing without a network: each row names its rule.
@Suite struct ResponseHeadersTests {
    func parse(_ lines: [String]) -> ResponseHeaders {
        var headers = ResponseHeaders()
        for line in lines {
            Array((line + "\r\n").utf8).withUnsafeBytes { headers.consume(line: $0) }
        }
        return headers
    }

    @Test func validatorsAreKeptByteExact() {
        let headers = parse(["HTTP/1.1 200 OK", "ETag:   W/\"a b\"  ", "last-modified: Wed, 21 Oct 2015 07:28:00 GMT"])
        #expect(headers.status == 200)
        // Surrounding whitespace is not part of the value (RFC 9110 §5.5); inner is.
        #expect(headers.etag == "W/\"a b\"")
        #expect(headers.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")
    }

    /// A 100 Continue (or any earlier block) must not leak its headers into the final one.
    @Test func statusLineStartsAFreshBlock() {
        let headers = parse(["HTTP/1.1 100 Continue", "ETag: \"interim\"", "", "HTTP/2 304", "Cache-Control: max-age=60"])
        #expect(headers.status == 304)
        #expect(headers.etag == nil)
        #expect(headers.cacheMaxAge == 60)
    }

    @Test(arguments: [
        ("application/rss+xml", "application/rss+xml", nil),
        ("text/xml; charset=ISO-8859-1", "text/xml", "iso-8859-1"),
        ("Text/XML;Charset=\"UTF-8\"", "text/xml", "utf-8"),
        ("application/xml; q=1; charset = koi8-r ", "application/xml", "koi8-r"),
        ("text/html; charset=\"\"", "text/html", nil),
    ] as [(String, String?, String?)])
    func contentTypeAndCharset(value: String, type: String?, charset: String?) {
        let headers = parse(["Content-Type: " + value])
        #expect(headers.contentType == type)
        #expect(headers.charset == charset)
    }

    @Test(arguments: [
        ("max-age=3600", 3600),
        ("public, max-age=0, must-revalidate", 0),
        ("MAX-AGE=\"120\"", 120),  // quoted form: RFC 9111 §5.2 asks recipients to accept it
        ("no-cache", nil),
        ("max-age=-1", nil),
        ("s-maxage=10", nil),
    ] as [(String, Int?)])
    func cacheControlMaxAge(value: String, maxAge: Int?) {
        #expect(parse(["Cache-Control: " + value]).cacheMaxAge == maxAge)
    }

    @Test func retryAfterSeconds() {
        #expect(parse(["Retry-After: 120"]).retryAfter == .seconds(120))
    }

    /// 1445412480 = 2015-10-21T07:28:00Z (date -u -d '2015-10-21 07:28:00' +%s).
    @Test(arguments: [
        "Wed, 21 Oct 2015 07:28:00 GMT",  // IMF-fixdate
        "Wednesday, 21-Oct-15 07:28:00 GMT",  // RFC 850
        "Wed Oct 21 07:28:00 2015",  // asctime
    ])
    func retryAfterHTTPDateForms(value: String) {
        #expect(parse(["Retry-After: " + value]).retryAfter == .date(1_445_412_480))
    }

    @Test func retryAfterDateInThePastMeansNow() {
        #expect(RetryAfter.date(1_000).delay(now: 2_000) == .zero)
        #expect(RetryAfter.date(2_000).delay(now: 1_000) == .seconds(1_000))
    }

    @Test(arguments: ["soon", "Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 21 Foo 2015 07:28:00 GMT", "12abc"])
    func unparseableRetryAfterIsIgnored(value: String) {
        #expect(parse(["Retry-After: " + value]).retryAfter == nil)
    }

    /// 951782400 = 2000-02-29T00:00:00Z: the leap day of a century leap year.
    @Test func leapDayOfYear2000() {
        let epoch = Array("Tue, 29 Feb 2000 00:00:00 GMT".utf8).withUnsafeBytes { HTTPDate.parse($0) }
        #expect(epoch == 951_782_400)
    }
}
