// swift-tools-version: 6.0
// The libFuzzer target for the feed parser, in a package of its own so that the main package's
// `swift build` / `swift test` never build it (it only links with `-sanitize=fuzzer`, which
// supplies `main`). Built and run by `make fuzz` (mk/quality.mk):
//   swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "FeedFuzzer",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The repository root: the fuzz target links the `FeedParser` library product.
        .package(name: "feedcrawler", path: ".."),
    ],
    targets: [
        // Declares libFuzzer's `LLVMFuzzerRunDriver` (see FeedFuzzer.swift for why it is called).
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "FeedFuzzer",
            dependencies: ["CLibFuzzer", .product(name: "FeedParser", package: "feedcrawler")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
