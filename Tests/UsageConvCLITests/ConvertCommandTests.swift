import Foundation
import Testing
import UsageConvTestSupport

/// End-to-end runs of the built binary: exit codes, stderr text, and what is left on disk (what
/// decoding says about bad input is tested in-process: UsageConvCoreTests' `ConversionMessageTests`).
struct ConvertCommandTests {
    static let baishan = #"{"code":0,"data":[[1503244800,208706182.29],[1503245100,202799878.64]]}"#
    static let expectedCSV = """
        time,source,resource,metric,direction,unit,step,value,quality
        2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,208706182.29,measured
        2017-08-20T16:05:00Z,baishan,all,bandwidth,out,bit/s,300,202799878.64,measured

        """

    func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    func listing(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test func convertsStandardInputToCSV() throws {
        let result = try CLIRunner.run(["-", "--to", "csv"], stdin: Array(Self.baishan.utf8))
        #expect(result.status == 0)
        #expect(result.stdout == Self.expectedCSV)
        #expect(result.stderr == "")
    }

    @Test func writesTheOutputFileAtomically() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let input = folder.appendingPathComponent("in.json")
        try write(Self.baishan, to: input)
        let output = folder.appendingPathComponent("out.csv")
        let result = try CLIRunner.run([input.path, "-o", output.path])
        #expect(result.status == 0)
        #expect(try String(contentsOf: output, encoding: .utf8) == Self.expectedCSV)
        #expect(try listing(folder) == ["in.json", "out.csv"])
    }

    @Test func malformedInputIsALocatedErrorWithExit65AndNoFile() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let input = folder.appendingPathComponent("bad.json")
        try write("{\"code\":0,\"data\":[\n  [1503244800, 5],\n  [1503245100 6]\n]}", to: input)
        let output = folder.appendingPathComponent("out.csv")
        let result = try CLIRunner.run([input.path, "-o", output.path])
        #expect(result.status == 65)
        #expect(result.stderr == "usageconv: \(input.path): 3:15: expected ',' or ']', found '6'\n")
        #expect(try listing(folder) == ["bad.json"])
    }

    @Test func aFailedRunKeepsTheOldOutputIntact() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let output = folder.appendingPathComponent("out.csv")
        try write("previous content\n", to: output)
        let result = try CLIRunner.run(["-", "-o", output.path], stdin: Array("[1,".utf8))
        #expect(result.status == 65)
        #expect(try String(contentsOf: output, encoding: .utf8) == "previous content\n")
        #expect(try listing(folder) == ["out.csv"])
    }

    @Test func missingInputIsExit66WithADidYouMeanForSubcommands() throws {
        let missing = try CLIRunner.run(["no-such-file.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "usageconv: no-such-file.json: cannot open: no such file or directory\n")
        // A first argument that names nothing and is one edit from a subcommand is a typo (exit 64).
        let typo = try CLIRunner.run(["fromats"])
        #expect(typo.status == 64)
        #expect(typo.stderr == "usageconv: 'fromats' is neither a file nor a subcommand; did you mean 'usageconv formats'?\n")
        // Further arguments are inputs: missing (66), with the hint.
        let later = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "fromats"])
        #expect(later.stderr.contains("usageconv: did you mean 'usageconv formats'?\n"), "\(later.stderr)")
    }

    @Test(arguments: [
        ["-", "--to", "xml"],
        ["-", "--format", "nosuch"],
        ["-", "--lenient", "--strict"],
        ["-", "--metric", "requests"],
        ["-", "--step", "0"],
        [String](),
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let result = try CLIRunner.run(arguments, stdin: Array(Self.baishan.utf8))
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stdout == "")
    }

    @Test func outputMayNeverOverwriteAnInput() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let input = folder.appendingPathComponent("in.json")
        try write(Self.baishan, to: input)
        let result = try CLIRunner.run([input.path, "-o", input.path])
        #expect(result.status == 64)
        #expect(result.stderr.contains("would overwrite the input"))
        #expect(try String(contentsOf: input, encoding: .utf8) == Self.baishan)
    }

    @Test func unwritableOutputFolderIsExit73BeforeDecoding() throws {
        let result = try CLIRunner.run(["-", "-o", "/nonexistent-folder/out.csv"], stdin: Array(Self.baishan.utf8))
        #expect(result.status == 73)
        #expect(result.stderr.hasPrefix("usageconv: /nonexistent-folder/out.csv: cannot create the output file"))
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let duplicate = #"{"code":0,"data":[[1503244800,1],[1503244800,2]]}"#
        let relaxed = try CLIRunner.run(["-"], stdin: Array(duplicate.utf8))
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning: series all bandwidth out has 1 duplicate timestamps"))
        #expect(relaxed.stdout.contains(",2,measured"))
        let strict = try CLIRunner.run(["-", "--strict"], stdin: Array(duplicate.utf8))
        #expect(strict.status == 65)
        #expect(strict.stdout == "")
        #expect(!strict.stderr.contains("warning:"))
        let error = try CLIRunner.run(["-", "--on-duplicate", "error"], stdin: Array(duplicate.utf8))
        #expect(error.status == 65)
        #expect(error.stderr.contains("two different values at 2017-08-20T16:00:00Z: 1 and 2"))
    }

    @Test func aBatchConvertsTheGoodInputsAndStillExits65() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let good = folder.appendingPathComponent("good.json")
        let bad = folder.appendingPathComponent("bad.json")
        try write(Self.baishan, to: good)
        try write("{\"code\":0,\"data\":[[1,]]}", to: bad)
        let result = try CLIRunner.run([good.path, bad.path])
        #expect(result.status == 65)
        #expect(result.stdout == Self.expectedCSV)
        #expect(result.stderr.contains("bad.json: 1:22:"))
    }

    /// Standard input is named `<stdin>` in messages (what each provider's error body says is
    /// UsageConvCoreTests' `ConversionMessageTests`).
    @Test func anErrorOnStandardInputNamesIt() throws {
        let baishan = try CLIRunner.run(["-"], stdin: Array(#"{"code":401,"message":"Invalid token","data":[]}"#.utf8))
        #expect(baishan.status == 65)
        #expect(baishan.stderr == "usageconv: <stdin>: 1:9: baishan API error: code 401: Invalid token\n")
    }

    @Test func interruptRemovesTheTemporaryFile() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let output = folder.appendingPathComponent("out.csv")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["-", "-o", output.path]
        let input = Pipe()
        process.standardInput = input
        process.standardError = Pipe()
        try process.run()
        // The temp file appears before decoding starts; stdin stays open, so the run is mid-way.
        var waited = 0
        while try listing(folder).isEmpty && waited < 500 {
            usleep(10_000)
            waited += 1
        }
        #expect(try listing(folder).count == 1)
        input.fileHandleForWriting.write(Data("{\"code\":0,\"data\":[".utf8))
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try listing(folder).isEmpty)
    }

    @Test func helpShowsAnExamplePerOption() throws {
        let help = try CLIRunner.run(["convert", "--help"])
        #expect(help.status == 0)
        for option in [
            "--to", "--output", "--time", "--format", "--lenient", "--strict", "--on-duplicate", "--resource", "--metric", "--step",
            "--label",
        ] {
            let line = help.stdout.components(separatedBy: "\n").first { $0.contains(option) } ?? ""
            #expect(line.contains(option), "\(option) missing from help")
        }
        #expect(help.stdout.components(separatedBy: "Example:").count > 11)
    }
}
