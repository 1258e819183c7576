import Foundation

/// The real systems some tests check usageconv's outputs against (pyarrow, DuckDB, promtool,
/// InfluxDB, sqlite3, rsvg-convert, Chromium), as `make test` installs them.
///
/// `make test` sets `USAGECONV_REQUIRE_TEST_TOOLS=1`: a missing tool then fails its tests instead
/// of skipping them, so CI cannot pass without the real readers. A bare `swift test` skips them.
package enum TestTools {
    /// Whether `make test` asked for every tool to be present.
    package static var required: Bool {
        ProcessInfo.processInfo.environment["USAGECONV_REQUIRE_TEST_TOOLS"] == "1"
    }

    /// The project-local virtual environment's python3 (`.venv-test/`), when it exists.
    package static var venvPython: URL? {
        let url = TestPaths.root.appendingPathComponent(".venv-test/bin/python3")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    /// The official FOCUS validator's own environment's python3 (`.venv-focus/`: focus-validator
    /// 1.0.0 needs numpy < 2, `.venv-test`'s pyarrow numpy >= 2), when it can import the validator.
    package static var focusPython: URL? {
        let url = TestPaths.root.appendingPathComponent(".venv-focus/bin/python3")
        guard FileManager.default.isExecutableFile(atPath: url.path) else { return nil }
        return (try? run(url, ["-c", "import focus_validator"]).status) == 0 ? url : nil
    }

    /// Whether the virtual environment's python can import every module named.
    package static func venvHas(_ modules: String...) -> Bool {
        guard let python = venvPython else { return false }
        return (try? run(python, ["-c", modules.map { "import \($0)" }.joined(separator: "\n")]).status) == 0
    }

    /// A command found on `PATH` (or in `/usr/sbin`, `/usr/bin`), when present.
    package static func executable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/bin", "/sbin"]
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Whether tests needing a tool should run: it is present, or `make test` requires it (and the
    /// test's own `#require` then fails, naming what is missing).
    package static func shouldRun(_ present: Bool) -> Bool { present || required }

    /// Runs `executable arguments` in `directory`, returning status and both outputs; `environment`
    /// adds to (or overrides) this process's variables.
    package static func run(
        _ executable: URL,
        _ arguments: [String],
        in directory: URL = TestPaths.root,
        environment: [String: String]? = nil,
        stdin: [UInt8]? = nil
    ) throws -> CLIResult {
        let merged = environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } }
        return try ChildProcess.run(executable, arguments, in: directory, environment: merged, stdin: stdin)
    }
}
