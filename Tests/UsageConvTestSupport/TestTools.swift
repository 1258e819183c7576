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

    /// Runs `executable arguments` in `directory`, returning status and both outputs.
    package static func run(
        _ executable: URL,
        _ arguments: [String],
        in directory: URL = TestPaths.root,
        environment: [String: String]? = nil,
        stdin: [UInt8]? = nil
    ) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CLIResult(
            status: status,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}
