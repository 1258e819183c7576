import Foundation

/// The outcome of running the built `usageconv` binary.
package struct CLIResult: Sendable {
    /// The exit status (128 + signal when killed).
    package var status: Int32
    /// Everything written to standard output.
    package var stdout: String
    /// Everything written to standard error.
    package var stderr: String

    /// Creates a result.
    package init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs the `usageconv` executable that `swift test` built next to the test bundle.
package enum CLIRunner {
    /// The binary's path.
    package static var executable: URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // swift test runs `<products>/usageconvPackageTests.xctest`; the binary is beside it.
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("usageconv").path) {
            folder = Bundle.main.bundleURL
        }
        return folder.appendingPathComponent("usageconv")
    }

    /// Starts `usageconv arguments` in the package root without waiting, its outputs discarded, for
    /// tests that signal a run part-way through.
    package static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.root
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `usageconv arguments` in `directory` (default: the package root) with `stdin` as input,
    /// in `environment` when given (else this process's).
    package static func run(
        _ arguments: [String],
        stdin: [UInt8]? = nil,
        in directory: URL = TestPaths.root,
        environment: [String: String]? = nil
    ) throws -> CLIResult {
        try ChildProcess.run(executable, arguments, in: directory, environment: environment, stdin: stdin)
    }
}

/// Runs a child process with both outputs drained, for `CLIRunner` and `TestTools`.
enum ChildProcess {
    /// Runs `executable arguments` in `directory` with exactly `environment` (else this process's).
    static func run(
        _ executable: URL,
        _ arguments: [String],
        in directory: URL,
        environment: [String: String]?,
        stdin: [UInt8]?
    ) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // Drain both pipes concurrently so a chatty process never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        // A child that fails early stops reading: its pipe then refuses writes (EPIPE), which must
        // not kill the test process (SIGPIPE is ignored) and is not an error of the test.
        _ = ignoreBrokenPipes
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

/// SIGPIPE ignored once per test process (see `ChildProcess.run`).
private let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
