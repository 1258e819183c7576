// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode (the tools default) and no tolerated warnings.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "usageconv",
    products: [
        .library(name: "UsageConvCore", targets: ["UsageConvCore"]),
        // The JSON Schema 2020-12 validator alone, for users who want it without usageconv.
        .library(name: "JSONSchema2020", targets: ["JSONSchema2020"]),
        .executable(name: "usageconv", targets: ["usageconv"]),
    ],
    dependencies: [
        // CLI parsing for the thin `usageconv` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // Tests only: property-based tests with shrinking and fixed seeds.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // libxml2 (Debian libxml2-dev). Imported by XMLStream only.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // zlib (Debian zlib1g-dev) for gzip-compressed dumps. Imported by UsageConvIO's gzip and zip sources only.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // zstd (Debian libzstd-dev) for Parquet page compression. Imported by UsageConvIO/ZstdCompressor.swift only.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // SQLite (Debian libsqlite3-dev) for --to sqlite. Imported by UsageConvIO/SQLiteConnection.swift only.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The layers, bottom up. Each is its own target so the compiler, not a convention, checks that
        // a lower layer never reaches into a higher one; cross-layer helpers are `package`, not `public`.
        //
        // The one Diagnostic type (with SourceLocation, InputQuote and FileName's byte-exact names):
        // every layer throws it, so it sits at the bottom with no dependencies.
        .target(
            name: "UsageConvDiagnostics",
            swiftSettings: swiftSettings
        ),
        // Plain values the readers produce and the model stores: the exact decimal Number and UnixTime.
        .target(
            name: "UsageConvValues",
            swiftSettings: swiftSettings
        ),
        // The ByteSource protocol every reader reads from (sources append into a safe OutputSpan), the
        // in-memory sources, and the raw-memory primitives the core calls instead of holding pointers
        // itself (digit writers, plain value bytes). Apart from UsageConvIO so the JSON reader and the
        // schema validator do not link zlib, SQLite or zstd.
        .target(
            name: "UsageConvBytes",
            dependencies: ["UsageConvDiagnostics"],
            swiftSettings: swiftSettings
        ),
        // The streaming RFC 8259 pull reader (scanner, tokens, numbers, paths): no C, no model.
        .target(
            name: "JSONStream",
            dependencies: ["UsageConvDiagnostics", "UsageConvValues", "UsageConvBytes"],
            swiftSettings: swiftSettings
        ),
        // The JSON Schema 2020-12 validator on top of the reader; also a library product of its own.
        .target(
            name: "JSONSchema2020",
            dependencies: ["JSONStream", "UsageConvDiagnostics", "UsageConvValues", "UsageConvBytes"],
            swiftSettings: swiftSettings
        ),
        // The libxml2 wrapper (SAX push parser, stream reader, XSD validation): the only target importing CLibXML2.
        .target(
            name: "XMLStream",
            dependencies: ["CLibXML2", "UsageConvDiagnostics", "UsageConvBytes"],
            swiftSettings: swiftSettings
        ),
        // Files and archives in, atomic files out: file/gzip/zip sources, globs, the directory walker,
        // output sinks, and the SQLite and zstd wrappers. The only target importing CZlib, CSQLite and CZstd.
        .target(
            name: "UsageConvIO",
            dependencies: ["CZlib", "CSQLite", "CZstd", "UsageConvDiagnostics", "UsageConvBytes"],
            swiftSettings: swiftSettings
        ),
        // Model, decoders, transforms, encoders, the conversion pipeline and dump validation; imports no
        // C module and re-exports the layers below (Exports.swift) so `import UsageConvCore` is enough.
        .target(
            name: "UsageConvCore",
            dependencies: [
                "UsageConvDiagnostics", "UsageConvValues", "UsageConvBytes", "JSONStream", "JSONSchema2020",
                "XMLStream", "UsageConvIO",
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "usageconv",
            dependencies: [
                "UsageConvCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "UsageConvTestSupport",
            dependencies: ["UsageConvCore"],
            path: "Tests/UsageConvTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "UsageConvCoreTests",
            dependencies: [
                "UsageConvCore",
                // JSONSchema2020ExampleTests imports the validator product alone, as its users do.
                "JSONSchema2020",
                "UsageConvTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "UsageConvCLITests",
            dependencies: [
                "UsageConvCore", "UsageConvTestSupport", "usageconv",
                // QuickConvertTests compares the quick path with argument-parser's parse, on random lines.
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
