import Foundation
import Testing
import UsageConvTestSupport

/// Checks every JSON golden against `Schemas/usageconv-series.schema.json` with Python's
/// `jsonschema` (Draft 2020-12, pinned in Scripts/test-requirements.txt, so `make test` installs it
/// into .venv-test/) in a subprocess; a bare `swift test` skips when no python3 has the module.
struct OutputSchemaTests {
    /// The venv's python3 when it has jsonschema, else python3 on PATH when that has it.
    static let python: [String]? =
        TestTools.venvHas("jsonschema")
        ? TestTools.venvPython.map { [$0.path] }
        : PythonProbe.succeeds("import jsonschema") ? ["python3"] : nil

    @Test(.enabled(if: TestTools.shouldRun(python != nil), "python3 with jsonschema is not available"))
    func jsonOutputsConformToTheSchema() throws {
        // `expected/encode/` holds provider dumps written by `usageconv encode`, not usageconv JSON.
        let goldens = TestPaths.fixtureFiles(in: "expected").filter { $0.hasSuffix(".json") && !$0.contains("/expected/encode/") }
        // Also a fresh conversion with ISO times, the other shape the schema allows.
        let iso = try CLIRunner.run(
            ["-", "--to", "json", "--time", "iso", "--lenient"],
            stdin: Array(#"{"code":0,"data":[[1503244800,1.5]]} // c"#.utf8)
        )
        #expect(iso.status == 0)
        let folder = try TemporaryFolder()
        let isoFile = folder.file("iso.json")
        try Data(iso.stdout.utf8).write(to: isoFile)
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            bad = 0
            for path in sys.argv[2:]:
                for error in validator.iter_errors(json.load(open(path))):
                    bad += 1
                    print(f"{path}: {error.json_path}: {error.message}")
            print(f"checked {len(sys.argv) - 2} files")
            sys.exit(1 if bad else 0)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = try #require(Self.python, "no python3 with jsonschema (make test installs it into .venv-test/)")
        process.arguments = python + ["-c", script, "Schemas/usageconv-series.schema.json", isoFile.path] + goldens
        process.currentDirectoryURL = TestPaths.root
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("checked \(goldens.count + 1) files"))
    }
}
