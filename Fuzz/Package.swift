// swift-tools-version: 6.2
// libFuzzer harnesses for UsageConvCore. Build and run with `Fuzz/run` (see README.md); a plain
// `swift build` here links no fuzzer runtime, so always go through the script.
import PackageDescription

let package = Package(
    name: "usageconv-fuzz",
    dependencies: [
        .package(name: "usageconv", path: "..")
    ],
    targets: [
        // The JSON pull reader alone: chunk-size, option and API-path differential checks.
        .executableTarget(
            name: "FuzzJSON",
            dependencies: [.product(name: "UsageConvCore", package: "usageconv")]
        ),
        // Sniffing + decoders + merge + CSV/TSV/JSON/NDJSON encoders.
        .executableTarget(
            name: "FuzzDecode",
            dependencies: [.product(name: "UsageConvCore", package: "usageconv")]
        ),
        // `usageconv validate` on one dump: schema check, strict decode, lenient decode pass.
        .executableTarget(
            name: "FuzzValidate",
            dependencies: [.product(name: "UsageConvCore", package: "usageconv")]
        ),
        // The JSON Schema 2020-12 validator: SCHEMA NUL INSTANCE.
        .executableTarget(
            name: "FuzzSchema",
            dependencies: [.product(name: "UsageConvCore", package: "usageconv")]
        ),
    ]
)
