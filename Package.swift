// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "feedcrawler",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "feedcrawler", targets: ["feedcrawler"]),
        .library(name: "FeedParser", targets: ["FeedParser"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // Tests only: an in-process HTTP server on 127.0.0.1.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // C libraries, reached directly through system-library targets with tiny shims.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Bytes (+ document URL, charset hint) -> ParseResult. No network, no database.
        .target(
            name: "FeedParser",
            dependencies: [
                "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // FetchRequest -> FetchResponse; every transfer on one libcurl multi handle.
        .target(
            name: "Fetcher",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // feeds.conf, schedule, state, deduplication, output, the daemon.
        .target(
            name: "Crawler",
            dependencies: [
                "FeedParser",
                "Fetcher",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Thin CLI: argument parsing and exit codes only.
        .executableTarget(
            name: "feedcrawler",
            dependencies: [
                "FeedParser",
                "Crawler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Helpers shared by the test targets (seeded RNG, gzip through the system tool, a raw-socket
        // misbehaving server).
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "FlyingSocks", package: "FlyingFox")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "FeedParserTests",
            dependencies: ["FeedParser", "TestSupport"]
        ),
        .testTarget(
            name: "FetcherTests",
            dependencies: [
                "Fetcher",
                "TestSupport",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        .testTarget(
            name: "CrawlerTests",
            dependencies: [
                "Crawler",
                "FeedParser",
                "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
