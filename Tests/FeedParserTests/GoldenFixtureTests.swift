import Foundation
import Testing
@testable import FeedParser

/// Golden files: every `Tests/Fixtures/<group>/<case>.<ext>` is parsed exactly as
/// `feedcrawler parse` would (`<case>.http` gives the URL and the HTTP charset) and compared
/// with the hand-written `<case>.expected.json`. Warnings are listed as substrings: each must
/// occur in some actual warning, and an empty list means no warning at all.
struct GoldenFixtureTests {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var cases: [String] {
        let fm = FileManager.default
        var out: [String] = []
        for group in (try? fm.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? [] {
            let dir = fixturesDirectory.appendingPathComponent(group)
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
                if name.hasSuffix(".expected.json") || name.hasSuffix(".http") || name.hasPrefix(".") { continue }
                out.append("\(group)/\(name)")
            }
        }
        return out.sorted()
    }

    @Test func everyFixtureHasExpectations() throws {
        #expect(Self.cases.count >= 50)
        for c in Self.cases {
            let expected = Self.fixturesDirectory.appendingPathComponent(Self.stem(c) + ".expected.json")
            #expect(FileManager.default.fileExists(atPath: expected.path), "\(c) has no .expected.json")
        }
    }

    @Test(arguments: cases)
    func fixture(_ name: String) throws {
        let input = try Data(contentsOf: Self.fixturesDirectory.appendingPathComponent(name))
        let stem = Self.stem(name)
        let expectedData = try Data(contentsOf: Self.fixturesDirectory.appendingPathComponent(stem + ".expected.json"))
        let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])
        let context = Self.httpContext(stem)

        var output: [UInt8] = []
        let outcome = Array(input).withUnsafeBytes { raw in
            ParseOutput.document(file: nil, bytes: raw, documentURL: context.url, charset: context.charset) {
                output.append(contentsOf: $0)
            }
        }
        // Invariants for every output: one line of valid UTF-8 JSON without raw control characters.
        #expect(output.last == UInt8(ascii: "\n"))
        #expect(output.dropLast().allSatisfy { $0 >= 0x20 }, "raw control character in output")
        #expect(String(validating: output, as: UTF8.self) != nil)
        let actual = try #require(try JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])

        if let expectedError = expected["error"] as? String {
            let error = try #require(outcome.error, "expected an error containing \"\(expectedError)\", got a feed")
            #expect(error.contains(expectedError), "error \"\(error)\" lacks \"\(expectedError)\"")
            return
        }
        #expect(outcome.error == nil, "unexpected error: \(outcome.error ?? "")")
        #expect(actual["format"] as? String == expected["format"] as? String, "format")
        Self.compare(actual["feed"], expected["feed"], path: "feed")
        let actualEntries = actual["entries"] as? [Any] ?? []
        let expectedEntries = expected["entries"] as? [Any] ?? []
        #expect(actualEntries.count == expectedEntries.count, "entry count")
        for (i, (a, e)) in zip(actualEntries, expectedEntries).enumerated() {
            Self.compare(a, e, path: "entries[\(i)]")
            // Every ENTRY key is always present.
            let keys = Set((a as? [String: Any])?.keys.map { $0 } ?? [])
            #expect(keys == Self.entryKeys, "entries[\(i)] keys")
        }
        let warnings = actual["warnings"] as? [String] ?? []
        let expectedWarnings = expected["warnings"] as? [String] ?? []
        if expectedWarnings.isEmpty {
            #expect(warnings.isEmpty, "unexpected warnings: \(warnings)")
        }
        for w in expectedWarnings {
            #expect(warnings.contains { $0.contains(w) }, "no warning contains \"\(w)\"; got \(warnings)")
        }
    }

    static let entryKeys: Set<String> = [
        "id", "guid", "url", "title", "authors", "published", "updated", "summary", "content_html",
        "content_text", "categories", "enclosures", "comments", "language",
    ]

    static func stem(_ name: String) -> String {
        var s = name
        if let dot = s.lastIndex(of: "."), s[dot...].count <= 5 { s = String(s[..<dot]) }
        return s
    }

    static func httpContext(_ stem: String) -> (url: String?, charset: String?) {
        let path = fixturesDirectory.appendingPathComponent(stem + ".http").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (nil, nil) }
        var url: String?
        var charset: String?
        for line in text.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0].lowercased() {
            case "url": url = parts[1]
            case "content-type":
                for param in parts[1].split(separator: ";").dropFirst() {
                    let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    if kv.count == 2, kv[0].lowercased() == "charset" {
                        charset = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                    }
                }
            default: break
            }
        }
        return (url, charset)
    }

    /// Structural comparison with a path in every failure message.
    static func compare(_ actual: Any?, _ expected: Any?, path: String) {
        switch (actual, expected) {
        case let (a as [String: Any], e as [String: Any]):
            for key in Set(a.keys).union(e.keys).sorted() {
                compare(a[key], e[key], path: "\(path).\(key)")
            }
        case let (a as [Any], e as [Any]):
            #expect(a.count == e.count, "\(path): \(a.count) items, expected \(e.count): \(a)")
            for (i, (x, y)) in zip(a, e).enumerated() { compare(x, y, path: "\(path)[\(i)]") }
        default:
            let a = describe(actual)
            let e = describe(expected)
            #expect(a == e, "\(path)")
        }
    }

    static func describe(_ v: Any?) -> String {
        switch v {
        case nil, is NSNull: return "null"
        case let s as String: return "\"\(s)\""
        case let n as NSNumber: return n.stringValue
        default: return "\(v!)"
        }
    }
}
