import Foundation
import Testing
import UsageConvTestSupport

/// One rule for `convert`, `stats` and `validate`: a file named explicitly is always read; a file
/// found in a folder (or by a pattern) is read when its content sniffs as JSON, XML, gzip or zip,
/// and anything else is skipped with one summary warning.
struct FolderContentRuleTests {
    /// A folder with one dump and the things that sit beside dumps in real archives.
    static func folder(in temporary: TemporaryFolder) throws -> URL {
        let root = temporary.file("archive")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-hourly.json"),
            to: root.appendingPathComponent("sub/dump.json")
        )
        try Data("Dumps fetched nightly by cron.\n".utf8).write(to: root.appendingPathComponent("README.txt"))
        try Data("file,fetched\nsub/dump.json,2017-08-21\n".utf8).write(to: root.appendingPathComponent("index.csv"))
        try Data("--lenient\n".utf8).write(to: root.appendingPathComponent("sub/dump.json.args"))
        try Data().write(to: root.appendingPathComponent("empty.json"))
        return root
    }

    static let summary =
        "usageconv: warning: skipped 4 files found in folders whose content is not JSON, XML, gzip or zip "
        + "(name a file explicitly to read it anyway): "

    @Test func convertReadsTheDumpsOfAFolderAndSkipsTheRestWithOneWarning() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.folder(in: temporary)
        let result = try CLIRunner.run([root.path, "--to", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try CLIRunner.run(["Fixtures/baishan/bandwidth-hourly.json", "--to", "csv"]).stdout))
        let lines = result.stderr.split(separator: "\n").filter { $0.contains("skipped") && $0.contains("found in folders") }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(
            lines.first.map(String.init)
                == Self.summary
                + ["README.txt", "empty.json", "index.csv", "sub/dump.json.args"].map { root.path + "/" + $0 }.joined(separator: ", "),
            "\(result.stderr)"
        )
        // -o DIR/ mirrors only the dump.
        let out = temporary.file("out")
        let mirrored = try CLIRunner.run([root.path, "-o", out.path + "/"])
        #expect(mirrored.status == 0, "\(mirrored.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted() == ["sub", "sub/dump.csv"])
        // A quoted glob finds files too: the same rule.
        let globbed = try CLIRunner.run([root.path + "/**", "--to", "csv"])
        #expect(globbed.status == 0, "\(globbed.stderr)")
        #expect(globbed.stderr.contains(Self.summary), "\(globbed.stderr)")
    }

    @Test func aFileNamedExplicitlyIsAlwaysRead() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.folder(in: temporary)
        let named = try CLIRunner.run([root.appendingPathComponent("README.txt").path])
        #expect(named.status == 65, "\(named.stderr)")
        #expect(named.stderr.contains("README.txt: "), "\(named.stderr)")
        #expect(!named.stderr.contains("skipped"))
    }

    @Test func statsAndValidateFollowTheSameRule() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.folder(in: temporary)
        let stats = try CLIRunner.run(["stats", root.path, "--to", "csv"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stderr.contains(Self.summary), "\(stats.stderr)")
        #expect(stats.stdout.contains("baishan"), "\(stats.stdout)")
        let validate = try CLIRunner.run(["validate", root.path])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stderr.contains(Self.summary), "\(validate.stderr)")
        // A .json.args or index.csv beside fixtures is no longer a finding, and the dump is checked.
        #expect(validate.stderr.contains("usageconv: validated 1 file: 1 valid"), "\(validate.stderr)")
    }

    @Test func validateChecksEachEntryOfAZipFoundInAFolder() throws {
        let temporary = try TemporaryFolder()
        let root = temporary.file("archive")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestPaths.root.appendingPathComponent("Fixtures/archives/mixed.zip"),
            to: root.appendingPathComponent("mixed.zip")
        )
        let result = try CLIRunner.run(["validate", root.path])
        let zip = root.appendingPathComponent("mixed.zip").path
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("\(zip):../escape.json: zip: error: entry '../escape.json' is refused"), "\(result.stderr)")
        #expect(result.stderr.contains("usageconv: validated 1 file: 0 valid, 1 invalid"), "\(result.stderr)")
        // In the repository the archive is pinned as invalid in exactly that way.
        let pinned = try CLIRunner.run(["validate", "Fixtures/archives/"])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        #expect(pinned.stderr.contains("Fixtures/archives/mixed.zip: expect-invalid: ok"), "\(pinned.stderr)")
    }
}
