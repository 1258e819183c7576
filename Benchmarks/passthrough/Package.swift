// swift-tools-version: 6.0
// The ceiling reference of Benchmarks/run: a minimal pass-through scanner, no dependencies, built
// in release mode with the same optimisation settings as usageconv (-O, no -Ounchecked).
import PackageDescription

let package = Package(
    name: "passthrough",
    targets: [
        .executableTarget(name: "passthrough")
    ]
)
