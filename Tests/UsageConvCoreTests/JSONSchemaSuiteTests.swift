import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// Runs the official JSON-Schema-Test-Suite (draft 2020-12, required tests only: not `optional/`)
/// from `../shared/conformance/json-schema-test-suite` when `../shared` is present.
///
/// The suite's `remotes/` folder is what the suite serves as `http://localhost:1234/`: it is handed
/// to the validator as `Options.remotes`, so no socket is ever opened.
struct JSONSchemaSuiteTests {
    static let suite: URL? = TestPaths.shared?.appendingPathComponent("conformance/json-schema-test-suite")

    /// Every file under `remotes/`, keyed by the URL the suite serves it at.
    static func remotes(_ suite: URL) throws -> [String: [UInt8]] {
        let folder = suite.appendingPathComponent("remotes")
        var remotes: [String: [UInt8]] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return remotes }
        for case let relative as String in enumerator where relative.hasSuffix(".json") {
            remotes["http://localhost:1234/" + relative] = [UInt8](
                try Data(contentsOf: folder.appendingPathComponent(relative))
            )
        }
        return remotes
    }

    @Test(.enabled(if: suite != nil, "../shared is absent"))
    func draft202012RequiredTestsPass() throws {
        let suite = try #require(Self.suite)
        let folder = suite.appendingPathComponent("tests/draft2020-12")
        var options = JSONSchemaValidator.Options()
        options.remotes = try Self.remotes(suite)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .sorted()
        var (cases, tests, passed) = (0, 0, 0)
        var failures: [String] = []
        for name in names {
            let file = try JSONValueParser.parse([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
            for group in file.arrayValue ?? [] {
                cases += 1
                let caseName = "\(name): \(group["description"]?.stringValue ?? "?")"
                let validator: Result<JSONSchemaValidator, Diagnostic>
                do {
                    validator = .success(
                        try JSONSchemaValidator(schema: group["schema"] ?? .bool(true), options: options)
                    )
                } catch {
                    validator = .failure(error)
                }
                for test in group["tests"]?.arrayValue ?? [] {
                    tests += 1
                    let expected = test["valid"] == .bool(true)
                    let label = "\(caseName) / \(test["description"]?.stringValue ?? "?")"
                    switch validator {
                    case .failure(let error):
                        failures.append("\(label): schema rejected: \(error)")
                    case .success(let validator):
                        do {
                            let violations = try validator.validate(value: test["data"] ?? .null)
                            if violations.isEmpty == expected {
                                passed += 1
                            } else {
                                let shown = violations.prefix(3).map(\.description).joined(separator: "; ")
                                failures.append("\(label): expected \(expected ? "valid" : "invalid") \(shown)")
                            }
                        } catch {
                            failures.append("\(label): threw \(error)")
                        }
                    }
                }
            }
        }
        print("JSON-Schema-Test-Suite draft2020-12: \(passed)/\(tests) tests in \(cases) cases")
        for failure in failures {
            print("  FAILED \(failure)")
            Issue.record("\(failure)")
        }
        #expect(tests > 1000)
    }
}
