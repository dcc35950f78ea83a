import Foundation
import Testing
@testable import FeedParser

/// docs/parse-output.schema.json and docs/entry.schema.json describe what `feedcrawler parse`
/// prints. These tests keep the schemas and the parser honest with each other: the reviewed
/// golden files and the parser's real output for every fixture must validate, and documents
/// that break the contract (a missing key, a malformed id, an extra key, ...) must not.
struct SchemaConformanceTests {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixturesDirectory = testsDirectory.deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let docsDirectory = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs")

    /// `<group>/<file>` of every file in Tests/Fixtures/<group>/ that ends in `suffix`
    /// (or, with `suffix == nil`, every parser input: not *.expected.json, not *.http).
    static func fixtures(endingIn suffix: String?) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for group in (try? fm.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? [] {
            let dir = fixturesDirectory.appendingPathComponent(group)
            for name in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where !name.hasPrefix(".") {
                let isExpected = name.hasSuffix(".expected.json")
                if let suffix {
                    if name.hasSuffix(suffix) { out.append("\(group)/\(name)") }
                } else if !isExpected && !name.hasSuffix(".http") {
                    out.append("\(group)/\(name)")
                }
            }
        }
        return out.sorted()
    }

    static let expectedFiles = fixtures(endingIn: ".expected.json")
    static let inputFiles = fixtures(endingIn: nil)

    static func validator() throws -> SchemaSubsetValidator {
        try SchemaSubsetValidator(
            directory: docsDirectory, files: ["parse-output.schema.json", "entry.schema.json"]
        )
    }

    /// Guards against the parameterised tests below passing vacuously on an empty directory
    /// (the golden set has 64 expected files and as many inputs when this was written).
    @Test func fixturesAreFound() {
        #expect(Self.expectedFiles.count >= 50)
        #expect(Self.inputFiles.count == Self.expectedFiles.count)
    }

    /// (a) The hand-written golden files are the reviewed statement of the contract.
    /// Error goldens hold only a substring of the message, so they are not full documents.
    @Test(arguments: expectedFiles)
    func goldenFileConforms(_ name: String) throws {
        let data = try Data(contentsOf: Self.fixturesDirectory.appendingPathComponent(name))
        let document = try JSONDecoder().decode(SchemaJSON.self, from: data)
        guard case .object(let object) = document else {
            Issue.record("\(name) is not a JSON object")
            return
        }
        if object["error"] != nil { return }
        let errors = try Self.validator().validate(document, against: "parse-output.schema.json")
        #expect(errors.isEmpty, "\(name): \(errors)")
    }

    /// (b) What the parser really prints for every fixture input, error documents included.
    @Test(arguments: inputFiles)
    func parserOutputConforms(_ name: String) throws {
        let input = try Data(contentsOf: Self.fixturesDirectory.appendingPathComponent(name))
        var output: [UInt8] = []
        _ = Array(input).withUnsafeBytes { raw in
            ParseOutput.document(file: nil, bytes: raw, documentURL: nil, charset: nil) {
                output.append(contentsOf: $0)
            }
        }
        let document = try JSONDecoder().decode(SchemaJSON.self, from: Data(output))
        let errors = try Self.validator().validate(document, against: "parse-output.schema.json")
        #expect(errors.isEmpty, "\(name): \(errors)")

        // An error document always conforms, so check it is the kind of document the golden
        // file expects: otherwise a parser that rejected everything would pass.
        let stem = (name as NSString).deletingPathExtension
        let golden = try JSONDecoder().decode(
            SchemaJSON.self,
            from: Data(contentsOf: Self.fixturesDirectory.appendingPathComponent(stem + ".expected.json"))
        )
        guard case .object(let expected) = golden, case .object(let actual) = document else {
            Issue.record("\(name): golden or output is not an object")
            return
        }
        #expect((actual["error"] == nil) == (expected["error"] == nil), "\(name): \(document)")
        #expect(actual["format"] == expected["format"], "\(name): format")
    }

    /// The "file" key (several inputs on one command line) is allowed in both document kinds.
    @Test func parserOutputWithFileNameConforms() throws {
        let input = Array("<rss version=\"2.0\"><channel><title>T</title><item><title>A</title></item></channel></rss>".utf8)
        var output: [UInt8] = []
        _ = input.withUnsafeBytes { raw in
            ParseOutput.document(file: "a.xml", bytes: raw, documentURL: nil, charset: nil) {
                output.append(contentsOf: $0)
            }
        }
        _ = ParseOutput.failure(file: "b.xml", message: "not a feed") { output.append(contentsOf: $0) }
        let validator = try Self.validator()
        let lines = output.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 2)
        for line in lines {
            let document = try JSONDecoder().decode(SchemaJSON.self, from: Data(line))
            let errors = validator.validate(document, against: "parse-output.schema.json")
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    // MARK: - The schemas reject what breaks the contract

    /// A complete, valid ENTRY; each broken case below changes one thing in it.
    static let validEntry = """
        {"id":"cd61fd49b201a3d8fd00d92afef29c3b","guid":null,"url":"https://example.org/a","title":"A",\
        "authors":[{"name":"Joe","email":null,"uri":null}],"published":"2026-11-24T12:05:00Z","updated":null,\
        "summary":null,"content_html":"<p>A</p>","content_text":"A","categories":["x"],\
        "enclosures":[{"url":"https://example.org/a.mp3","type":"audio/mpeg","length":0}],\
        "comments":null,"language":"ru"}
        """

    @Test func validEntryIsAccepted() throws {
        let errors = try Self.validator().validate(
            try SchemaJSON.parse(Self.validEntry), against: "entry.schema.json"
        )
        #expect(errors == [])
    }

    struct BrokenCase: Sendable, CustomTestStringConvertible {
        var name: String
        var replace: String
        var with: String
        /// A substring of the validator's message, so the case fails for the intended reason.
        var message: String
        var testDescription: String { name }
    }

    static let brokenEntries: [BrokenCase] = [
        BrokenCase(name: "missing key", replace: #","language":"ru""#, with: "",
                   message: #"$: missing required key "language""#),
        BrokenCase(name: "extra key", replace: #""language":"ru""#, with: #""language":"ru","source":"x""#,
                   message: #"$: unexpected key "source""#),
        BrokenCase(name: "uppercase id", replace: "cd61fd49b201a3d8fd00d92afef29c3b",
                   with: "CD61FD49B201A3D8FD00D92AFEF29C3B", message: "$.id: \"CD61FD49B201A3D8FD00D92AFEF29C3B\" does not match"),
        BrokenCase(name: "short id", replace: "cd61fd49b201a3d8fd00d92afef29c3b",
                   with: "cd61fd49b201a3d8fd00d92afef29c3", message: "$.id: \"cd61fd49b201a3d8fd00d92afef29c3\" does not match"),
        BrokenCase(name: "null id", replace: #""id":"cd61fd49b201a3d8fd00d92afef29c3b""#, with: #""id":null"#,
                   message: "$.id: expected string, got null"),
        BrokenCase(name: "date with offset", replace: "2026-11-24T12:05:00Z", with: "2026-11-24T12:05:00+00:00",
                   message: "$.published: \"2026-11-24T12:05:00+00:00\" does not match"),
        BrokenCase(name: "date with fraction", replace: "2026-11-24T12:05:00Z", with: "2026-11-24T12:05:00.5Z",
                   message: "$.published: \"2026-11-24T12:05:00.5Z\" does not match"),
        BrokenCase(name: "author without uri", replace: #","uri":null"#, with: "",
                   message: #"$.authors[0]: missing required key "uri""#),
        BrokenCase(name: "author as string", replace: #"[{"name":"Joe","email":null,"uri":null}]"#, with: #"["Joe"]"#,
                   message: "$.authors[0]: expected object, got string"),
        BrokenCase(name: "length as string", replace: #""length":0"#, with: #""length":"0""#,
                   message: "$.enclosures[0].length: expected integer or null, got string"),
        BrokenCase(name: "negative length", replace: #""length":0"#, with: #""length":-1"#,
                   message: "$.enclosures[0].length: -1 is below minimum 0"),
        BrokenCase(name: "fractional length", replace: #""length":0"#, with: #""length":1.5"#,
                   message: "$.enclosures[0].length: expected integer or null, got number"),
        BrokenCase(name: "enclosure without url", replace: #""url":"https://example.org/a.mp3","#, with: "",
                   message: #"$.enclosures[0]: missing required key "url""#),
        BrokenCase(name: "null category", replace: #"["x"]"#, with: "[null]",
                   message: "$.categories[0]: expected string, got null"),
        BrokenCase(name: "numeric title", replace: #""title":"A""#, with: #""title":5"#,
                   message: "$.title: expected string or null, got integer"),
        BrokenCase(name: "boolean comments", replace: #""comments":null"#, with: #""comments":false"#,
                   message: "$.comments: expected string or null, got boolean"),
    ]

    @Test(arguments: brokenEntries)
    func brokenEntryIsRejected(_ c: BrokenCase) throws {
        let text = Self.validEntry.replacingOccurrences(of: c.replace, with: c.with)
        try #require(text != Self.validEntry, "the case must change the entry")
        let errors = try Self.validator().validate(try SchemaJSON.parse(text), against: "entry.schema.json")
        #expect(errors.contains { $0.contains(c.message) }, "\(errors)")
    }

    static let validDocument = """
        {"format":"rss2.0","entries":[\(validEntry)],"feed":{"title":"T","link":null,"description":null,\
        "language":null,"updated":"2026-11-24T13:30:00Z","authors":[],"image":null,"categories":[],\
        "generator":null},"warnings":["line 3: x"]}
        """

    @Test func validDocumentsAreAccepted() throws {
        let validator = try Self.validator()
        for text in [
            Self.validDocument,
            #"{"file":"a.xml","# + Self.validDocument.dropFirst(),
            #"{"error":"not a feed"}"#,
            #"{"file":"a.xml","error":"not a feed"}"#,
        ] {
            let errors = validator.validate(try SchemaJSON.parse(text), against: "parse-output.schema.json")
            #expect(errors == [], "\(text)")
        }
    }

    /// Whole documents: with oneOf the message names the branches, not the inner key.
    static let brokenDocuments: [BrokenCase] = [
        BrokenCase(name: "unknown format", replace: #""format":"rss2.0""#, with: #""format":"rss3.0""#,
                   message: "$: matches 0 of 2 oneOf branches"),
        BrokenCase(name: "feed without generator", replace: #","generator":null"#, with: "",
                   message: #"$.feed: missing required key "generator""#),
        BrokenCase(name: "feed with extra key", replace: #""generator":null"#, with: #""generator":null,"ttl":60"#,
                   message: #"$.feed: unexpected key "ttl""#),
        BrokenCase(name: "feed date with offset", replace: "2026-11-24T13:30:00Z", with: "2026-11-24T13:30:00+06:00",
                   message: "$.feed.updated: \"2026-11-24T13:30:00+06:00\" does not match"),
        BrokenCase(name: "broken entry inside", replace: "cd61fd49b201a3d8fd00d92afef29c3b", with: "1",
                   message: "$.entries[0].id: \"1\" does not match"),
        BrokenCase(name: "numeric warning", replace: #"["line 3: x"]"#, with: "[3]",
                   message: "$.warnings[0]: expected string, got integer"),
        BrokenCase(name: "error beside a feed", replace: #""format":"rss2.0","#, with: #""format":"rss2.0","error":"x","#,
                   message: #"$: unexpected key "error""#),
        BrokenCase(name: "missing warnings", replace: #","warnings":["line 3: x"]"#, with: "",
                   message: #"$: missing required key "warnings""#),
    ]

    @Test(arguments: brokenDocuments)
    func brokenDocumentIsRejected(_ c: BrokenCase) throws {
        let text = Self.validDocument.replacingOccurrences(of: c.replace, with: c.with)
        try #require(text != Self.validDocument, "the case must change the document")
        let errors = try Self.validator().validate(try SchemaJSON.parse(text), against: "parse-output.schema.json")
        #expect(errors.contains { $0.contains(c.message) }, "\(errors)")
    }

    @Test func brokenErrorDocumentsAreRejected() throws {
        let validator = try Self.validator()
        for text in [#"{"error":null}"#, #"{"error":"x","format":"rss2.0"}"#, #"{"file":1,"error":"x"}"#, #"{}"#] {
            let errors = validator.validate(try SchemaJSON.parse(text), against: "parse-output.schema.json")
            #expect(errors.contains { $0.contains("$: matches 0 of 2 oneOf branches") }, "\(text): \(errors)")
        }
    }

    // MARK: - The schema files themselves

    /// ENTRY has exactly these 14 keys (output rules, "ENTRY keys, all always present"), each
    /// required and described.
    @Test func entrySchemaListsEveryKeyWithADescription() throws {
        let data = try Data(contentsOf: Self.docsDirectory.appendingPathComponent("entry.schema.json"))
        guard case .object(let schema) = try JSONDecoder().decode(SchemaJSON.self, from: data),
              case .object(let properties)? = schema["properties"],
              case .array(let required)? = schema["required"]
        else {
            Issue.record("entry.schema.json lacks properties/required")
            return
        }
        let keys: Set<String> = [
            "id", "guid", "url", "title", "authors", "published", "updated", "summary",
            "content_html", "content_text", "categories", "enclosures", "comments", "language",
        ]
        #expect(Set(properties.keys) == keys)
        #expect(Set(required.compactMap(\.stringValue)) == keys)
        #expect(required.count == 14)
        #expect(schema["additionalProperties"] == .bool(false))
        for (key, property) in properties {
            guard case .object(let p) = property, case .string(let text)? = p["description"] else {
                Issue.record("\(key) has no description")
                continue
            }
            #expect(text.count > 20, "\(key): description too short")
        }
    }
}

// MARK: - A validator for exactly the JSON Schema subset the two schemas use

/// A JSON value with integers kept apart from other numbers (JSON Schema's "integer").
enum SchemaJSON: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([SchemaJSON])
    case object([String: SchemaJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .integer(i)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([SchemaJSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: SchemaJSON].self))
        }
    }

    static func parse(_ text: String) throws -> SchemaJSON {
        try JSONDecoder().decode(SchemaJSON.self, from: Data(text.utf8))
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The JSON Schema type name of the value.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .integer(let i): "\(i)"
        case .number(let d): "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[\(a.map(\.description).joined(separator: ","))]"
        case .object(let o): "{\(o.keys.sorted().joined(separator: ","))}"
        }
    }
}

/// Validates against the keywords the schemas in docs/ use: type (name or list), required,
/// properties, additionalProperties (boolean or schema), items, enum, pattern, minimum, oneOf
/// and $ref ("#/pointer", "sibling.json", "sibling.json#/pointer"). Annotations ($schema, $id,
/// title, description, $defs, $comment) are skipped; any other keyword is reported as an
/// error, so a schema edit this validator does not understand fails loudly instead of being
/// ignored.
struct SchemaSubsetValidator: Sendable {
    /// Schema documents by file name, the name a sibling `$ref` uses.
    let documents: [String: SchemaJSON]

    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs", "$comment"]

    init(directory: URL, files: [String]) throws {
        var documents: [String: SchemaJSON] = [:]
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            documents[file] = try JSONDecoder().decode(SchemaJSON.self, from: data)
        }
        self.documents = documents
    }

    /// Every violation as "<path>: <message>", path in the form `$.entries[0].id`; [] when valid.
    func validate(_ instance: SchemaJSON, against file: String) -> [String] {
        guard let root = documents[file] else { return ["no schema named \(file)"] }
        var errors: [String] = []
        check(instance, against: root, in: file, at: "$", errors: &errors)
        return errors
    }

    private func check(
        _ value: SchemaJSON, against schema: SchemaJSON, in file: String, at path: String,
        errors: inout [String]
    ) {
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(path): no value is allowed here") }
            return
        }
        guard case .object(let keywords) = schema else {
            errors.append("\(path): schema in \(file) is not an object")
            return
        }
        for (keyword, argument) in keywords.sorted(by: { $0.key < $1.key }) {
            if Self.annotations.contains(keyword) { continue }
            switch (keyword, argument) {
            case ("$ref", .string(let reference)):
                guard let (target, targetFile) = resolve(reference, from: file) else {
                    errors.append("\(path): cannot resolve $ref \(reference) in \(file)")
                    continue
                }
                check(value, against: target, in: targetFile, at: path, errors: &errors)

            case ("type", .string(let name)):
                checkType(value, [name], at: path, errors: &errors)
            case ("type", .array(let names)):
                checkType(value, names.compactMap(\.stringValue), at: path, errors: &errors)

            case ("enum", .array(let allowed)):
                if !allowed.contains(value) {
                    errors.append("\(path): \(value) is not one of \(SchemaJSON.array(allowed))")
                }

            case ("required", .array(let names)):
                guard case .object(let object) = value else { continue }
                for case .string(let name) in names where object[name] == nil {
                    errors.append("\(path): missing required key \"\(name)\"")
                }

            case ("properties", .object(let properties)):
                guard case .object(let object) = value else { continue }
                for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                    if let subschema = properties[name] {
                        check(member, against: subschema, in: file, at: "\(path).\(name)", errors: &errors)
                    }
                }

            case ("additionalProperties", _):
                guard case .object(let object) = value else { continue }
                var declared: [String: SchemaJSON] = [:]
                if case .object(let properties)? = keywords["properties"] { declared = properties }
                for (name, member) in object.sorted(by: { $0.key < $1.key }) where declared[name] == nil {
                    if argument == .bool(false) {
                        errors.append("\(path): unexpected key \"\(name)\"")
                    } else {
                        check(member, against: argument, in: file, at: "\(path).\(name)", errors: &errors)
                    }
                }

            case ("items", _):
                guard case .array(let elements) = value else { continue }
                for (i, element) in elements.enumerated() {
                    check(element, against: argument, in: file, at: "\(path)[\(i)]", errors: &errors)
                }

            case ("pattern", .string(let pattern)):
                guard case .string(let text) = value else { continue }
                // JSON Schema patterns are unanchored searches (ECMA-262); anchors are in the pattern.
                guard let regex = try? NSRegularExpression(pattern: pattern) else {
                    errors.append("\(path): invalid pattern \(pattern) in \(file)")
                    continue
                }
                let range = NSRange(text.startIndex..<text.endIndex, in: text)
                if regex.firstMatch(in: text, range: range) == nil {
                    errors.append("\(path): \(value) does not match \(pattern)")
                }

            case ("minimum", _):
                guard let minimum = Self.number(argument) else {
                    errors.append("\(path): minimum in \(file) is not a number")
                    continue
                }
                if let n = Self.number(value), n < minimum {
                    errors.append("\(path): \(value) is below minimum \(argument)")
                }

            case ("oneOf", .array(let branches)):
                let outcomes = branches.map { branch in
                    var branchErrors: [String] = []
                    check(value, against: branch, in: file, at: path, errors: &branchErrors)
                    return branchErrors
                }
                let matched = outcomes.filter(\.isEmpty).count
                if matched != 1 {
                    errors.append("\(path): matches \(matched) of \(branches.count) oneOf branches")
                    // The failing branch nearest to the value (fewest errors) says what is wrong.
                    let nearest = outcomes.filter { !$0.isEmpty }.min { $0.count < $1.count }
                    errors.append(contentsOf: nearest ?? [])
                }

            default:
                errors.append("\(path): unsupported keyword \(keyword) (\(argument)) in \(file)")
            }
        }
    }

    private func checkType(_ value: SchemaJSON, _ names: [String], at path: String, errors: inout [String]) {
        let kind = value.kind
        var accepted = Set(names)
        // Every integer is also a "number"; an integral double is an "integer" (JSON Schema Validation 2020-12, 6.1.1).
        if accepted.contains("number") { accepted.insert("integer") }
        if accepted.contains("integer"), case .number(let d) = value, d.rounded() == d { return }
        if !accepted.contains(kind) { errors.append("\(path): expected \(names.joined(separator: " or ")), got \(kind)") }
    }

    private static func number(_ value: SchemaJSON) -> Double? {
        switch value {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// "#/a/b" in `file`, "other.json" (its root) or "other.json#/a/b" (RFC 6901 pointer).
    private func resolve(_ reference: String, from file: String) -> (SchemaJSON, String)? {
        let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let targetFile = parts[0].isEmpty ? file : String(parts[0])
        guard var node = documents[targetFile] else { return nil }
        let pointer = parts.count > 1 ? parts[1] : ""
        for token in pointer.split(separator: "/", omittingEmptySubsequences: true) {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard case .object(let object) = node, let next = object[name] else { return nil }
            node = next
        }
        return (node, targetFile)
    }
}
