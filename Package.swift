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
        .executable(name: "usageconv", targets: ["usageconv"]),
    ],
    dependencies: [
        // CLI parsing for the thin `usageconv` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // Tests only: property-based tests with shrinking and fixed seeds.
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // libxml2 (Debian libxml2-dev). Imported by UsageConvCore's XML reader only.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // zlib (Debian zlib1g-dev) for gzip-compressed dumps. Imported by GzipByteSource.swift only.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // zstd (Debian libzstd-dev) for Parquet page compression. Imported by ZstdCompressor.swift only.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // SQLite (Debian libsqlite3-dev) for --to sqlite. Imported by SQLiteConnection.swift only.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "UsageConvCore",
            dependencies: ["CLibXML2", "CZlib", "CSQLite", "CZstd"],
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
                "UsageConvTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "UsageConvCLITests",
            dependencies: ["UsageConvCore", "UsageConvTestSupport", "usageconv"],
            swiftSettings: swiftSettings
        ),
    ]
)
