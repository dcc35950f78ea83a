import FlyingFox
import Foundation
import Logging
import Testing
import TestSupport

@testable import Fetcher

/// 200 with validators, then the 304 round trip, body decoding and Content-Type.
@Suite struct ConditionalGetTests {
    static let etag = "W/\"5e1-abc\""
    /// Sent exactly as nginx writes it; the server below compares bytes, as nginx's
    /// default `if_modified_since exact` does (STYLE §8).
    static let lastModified = "Wed, 21 Oct 2015 07:28:00 GMT"

    static func routes(_ server: HTTPServer) async {
        await server.appendRoute("/feed.xml") { request in
            if request.headers[HTTPHeader("If-None-Match")] == etag,
                request.headers[HTTPHeader("If-Modified-Since")] == lastModified {
                return HTTPResponse(statusCode: .notModified, headers: responseHeaders(("ETag", etag)))
            }
            return HTTPResponse(
                statusCode: .ok,
                headers: responseHeaders(
                    ("ETag", etag),
                    ("Last-Modified", lastModified),
                    ("Content-Type", "application/rss+xml; charset=UTF-8"),
                    ("Cache-Control", "public, max-age=600")),
                body: Data("<rss version=\"2.0\"/>".utf8))
        }
    }

    @Test func firstFetchReturnsBodyAndValidators() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let response = try await fetcher.fetch(FetchRequest(url: base + "/feed.xml")).get()
            #expect(response.status == 200)
            #expect(response.body == Array("<rss version=\"2.0\"/>".utf8))
            #expect(response.etag == "W/\"5e1-abc\"")
            #expect(response.lastModified == "Wed, 21 Oct 2015 07:28:00 GMT")
            #expect(response.contentType == "application/rss+xml")
            #expect(response.charset == "utf-8")
            #expect(response.cacheMaxAge == 600)
            #expect(response.finalURL == base + "/feed.xml")
            #expect(response.permanentRedirect == nil)
            #expect(response.httpVersion == "1.1")
        }
    }

    @Test func storedValidatorsGive304WithEmptyBody() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let request = FetchRequest(
                url: base + "/feed.xml", etag: "W/\"5e1-abc\"", lastModified: "Wed, 21 Oct 2015 07:28:00 GMT")
            let response = try await fetcher.fetch(request).get()
            #expect(response.status == 304)
            #expect(response.body.isEmpty)
        }
    }

    /// The same instant in another spelling is not the stored validator: sent as given,
    /// the byte-comparing server answers 200. Shows the fetcher does not reformat dates.
    @Test func differentlySpelledDateIsSentAsGiven() async throws {
        try await withTestServer(routes: Self.routes) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let request = FetchRequest(
                url: base + "/feed.xml", etag: "W/\"5e1-abc\"", lastModified: "Wednesday, 21-Oct-15 07:28:00 GMT")
            let response = try await fetcher.fetch(request).get()
            #expect(response.status == 200)
        }
    }

    @Test func gzipEncodedBodyIsDecoded() async throws {
        let plain = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>zipped</title></feed>"
        let compressed = try gzip(Data(plain.utf8))
        try await withTestServer(routes: { server in
            await server.appendRoute("/gz") { (request: HTTPRequest) in
                // Only encode when asked, as a real server would (RFC 9110 §12.5.3).
                let accepts = request.headers[HTTPHeader("Accept-Encoding")]?.contains("gzip") ?? false
                return HTTPResponse(
                    statusCode: .ok,
                    headers: accepts ? responseHeaders(("Content-Encoding", "gzip"), ("Content-Type", "application/atom+xml")) : HTTPHeaders(),
                    body: accepts ? compressed : Data("not compressed".utf8))
            }
        }) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let response = try await fetcher.fetch(FetchRequest(url: base + "/gz")).get()
            #expect(String(decoding: response.body, as: UTF8.self) == plain)
        }
    }

    @Test func quotedCharsetIsUnquotedAndLowercased() async throws {
        try await withTestServer(routes: { server in
            await server.appendRoute("/cp1251") { _ in
                HTTPResponse(
                    statusCode: .ok, headers: responseHeaders(("Content-Type", "Text/XML; Charset=\"Windows-1251\"")),
                    body: Data([0x3C, 0x61, 0x2F, 0x3E]))
            }
        }) { base in
            let fetcher = FeedFetcher(concurrency: 4, perHost: 2, logger: Logger(label: "test"))
            defer { fetcher.shutdown() }
            let response = try await fetcher.fetch(FetchRequest(url: base + "/cp1251")).get()
            #expect(response.contentType == "text/xml")
            #expect(response.charset == "windows-1251")
        }
    }
}
