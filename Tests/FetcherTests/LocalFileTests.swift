import Foundation
import Logging
import Testing

@testable import Fetcher

/// file:// feeds from the config: read directly, capped, regular files only.
@Suite struct LocalFileTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fetcher-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.absoluteString
    }

    func fetch(_ request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        let fetcher = FeedFetcher(concurrency: 1, perHost: 1, logger: Logger(label: "test"))
        defer { fetcher.shutdown() }
        return await fetcher.fetch(request)
    }

    @Test func allowedFileIsRead() async throws {
        let url = try write("feed.xml", Array("<rss/>".utf8))
        defer { try? FileManager.default.removeItem(at: directory) }
        let response = try await fetch(FetchRequest(url: url, allowFile: true)).get()
        #expect(response.status == 200)
        #expect(response.body == Array("<rss/>".utf8))
        #expect(response.httpVersion == "file")
    }

    /// A percent-encoded space in the URL is a space in the path.
    @Test func percentEncodedPathIsDecoded() async throws {
        _ = try write("my feed.xml", Array("<feed/>".utf8))
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = "file://" + directory.path + "/my%20feed.xml"
        let response = try await fetch(FetchRequest(url: url, allowFile: true)).get()
        #expect(response.body == Array("<feed/>".utf8))
    }

    @Test func fileWithoutPermissionIsRefused() async throws {
        let url = try write("feed.xml", Array("<rss/>".utf8))
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(await fetch(FetchRequest(url: url)).failureKey == "unsupported_scheme")
    }

    @Test func directoryIsNotAFile() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(await fetch(FetchRequest(url: directory.absoluteString, allowFile: true)).failureKey == "not_a_file")
    }

    /// /dev/zero would never end: only regular files are read.
    @Test func deviceIsNotAFile() async throws {
        #expect(await fetch(FetchRequest(url: "file:///dev/zero", allowFile: true)).failureKey == "not_a_file")
    }

    @Test func missingFileIsReported() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("absent.xml").absoluteString
        #expect(await fetch(FetchRequest(url: url, allowFile: true)).failureKey == "file_not_found")
    }

    @Test func fileOverMaxSizeIsTooLarge() async throws {
        let url = try write("big.xml", Array(repeating: 0x41, count: 2048))
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(await fetch(FetchRequest(url: url, maxSize: 1024, allowFile: true)).failureKey == "too_large")
    }

    @Test(arguments: ["ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1/1", "dict://127.0.0.1/d:x"])
    func otherSchemesAreRefused(url: String) async {
        #expect(await fetch(FetchRequest(url: url, allowFile: true)).failureKey == "unsupported_scheme")
    }

    @Test(arguments: ["", "not a url", "http://"])
    func malformedURLIsInvalid(url: String) async {
        #expect(await fetch(FetchRequest(url: url)).failureKey == "invalid_url")
    }
}
