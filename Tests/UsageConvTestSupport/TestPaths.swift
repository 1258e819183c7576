import Foundation

/// Locations of the package's own files (found from this source file) and the optional `../shared`.
package enum TestPaths {
    /// The package root.
    package static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestPaths.swift
        .deletingLastPathComponent()  // UsageConvTestSupport
        .deletingLastPathComponent()  // Tests

    /// `Fixtures/`.
    package static let fixtures = root.appendingPathComponent("Fixtures")

    /// `../shared`, when it is there (conformance suites); tests using it skip otherwise.
    package static var shared: URL? {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The bytes of `Fixtures/<relative>`.
    package static func fixture(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(relative)))
    }

    /// Fixture files under `Fixtures/<folder>` (recursively), relative to the package root, sorted.
    package static func fixtureFiles(in folder: String) -> [String] {
        let base = fixtures.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var files: [String] = []
        for case let relative as String in enumerator {
            var isDirectory: ObjCBool = false
            let full = base.appendingPathComponent(relative).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            // `.expect-invalid` files say what `usageconv validate` must find in a fixture; they are not inputs.
            if relative.hasSuffix(".expect-invalid") { continue }
            files.append("Fixtures/\(folder)/\(relative)")
        }
        return files.sorted()
    }
}

/// A temporary folder removed when the value is released.
package final class TemporaryFolder {
    /// The folder.
    package let url: URL

    /// Creates a fresh, empty folder.
    package init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("usageconv-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the folder.
    package func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The names in the folder, sorted.
    package func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }
}
