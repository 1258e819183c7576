import Foundation
import Testing
import UsageConvTestSupport

/// Standard output redirected to a file is written while a single-series dump is decoded: a dump
/// that fails after rows were written leaves the file as it was before the run, and one that
/// converts leaves what `-o` writes.
struct LiveOutputCommandTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    /// A Baishan dump of `count` points 300 s apart, its last `cut` bytes removed.
    static func dump(_ count: Int, cut: Int = 0, in folder: TemporaryFolder) throws -> String {
        let body = (0..<count).map { "[\(1_503_244_800 + $0 * 300),\($0).25]" }.joined(separator: ",")
        let text = Array("{\"code\":0,\"data\":[\(body)]}".utf8)
        let path = folder.file("dump.json").path
        try Data(text.dropLast(cut)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs `usageconv arguments` with standard output a file that already holds `kept\n`
    /// (opened once, not for appending, as `{ ...; usageconv ...; } > FILE` opens it).
    static func intoFile(_ arguments: [String], at path: String) throws -> CLIResult {
        let quoted = ([CLIRunner.executable.path] + arguments).map { "'" + $0.replacing("'", with: "'\\''") + "'" }
        return try TestTools.run(shell, ["-c", "{ printf 'kept\\n'; \(quoted.joined(separator: " ")); } > '\(path)'"])
    }

    @Test func aDumpThatFailsLateLeavesStandardOutputAsItWas() throws {
        let folder = try TemporaryFolder()
        let dump = try Self.dump(40_000, cut: 2, in: folder)
        let output = folder.file("out.csv").path
        let result = try Self.intoFile([dump, "--to", "csv"], at: output)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("dump.json"), "\(result.stderr)")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "kept\n")
    }

    /// Interrupted at any moment, a run leaves standard output's file as it was, or complete.
    @Test func anInterruptedRunLeavesNoPartialOutput() throws {
        let folder = try TemporaryFolder()
        let dump = folder.file("big.json").path
        let points = try GeneratedDumps.writeBaishan(to: dump, bytes: 20_000_000)
        let output = folder.file("out.csv").path
        let process = Process()
        process.executableURL = Self.shell
        process.arguments = ["-c", "{ printf 'kept\\n'; exec '\(CLIRunner.executable.path)' '\(dump)' --to csv; } > '\(output)'"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 0.4)
        process.terminate()
        process.waitUntilExit()
        let text = try Data(contentsOf: URL(fileURLWithPath: output))
        let rows = text.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if process.terminationReason == .uncaughtSignal || process.terminationStatus != 0 {
            #expect(text == Data("kept\n".utf8), "\(text.count) bytes left after status \(process.terminationStatus)")
        } else {
            #expect(rows == 1 + 1 + points)
        }
    }

    @Test func aDumpThatConvertsWritesWhatMinusOWrites() throws {
        let folder = try TemporaryFolder()
        let dump = try Self.dump(40_000, in: folder)
        let output = folder.file("out.csv").path
        let result = try Self.intoFile([dump, "--to", "csv"], at: output)
        #expect(result.status == 0, "\(result.stderr)")
        let named = folder.file("named.csv").path
        let direct = try CLIRunner.run([dump, "--to", "csv", "-o", named])
        #expect(direct.status == 0, "\(direct.stderr)")
        let expected = try Data(contentsOf: URL(fileURLWithPath: named))
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data("kept\n".utf8) + expected)
        #expect(expected.count > 40_000 * 40)
    }
}
