import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// What only the executable does with its command line: typos of subcommand names, the one form
/// of usage errors, and help laid out for 80 columns and pipes.
struct CommandLineTests {
    /// A folder holding a Baishan dump named `f.json`.
    static func folderWithDump() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try Data(try TestPaths.fixture("baishan/bandwidth-3days.json")).write(to: folder.file("f.json"))
        return folder
    }

    @Test(arguments: [("stat", "stats"), ("valdiate", "validate"), ("convret", "convert"), ("format", "formats"), ("Stats", "stats")])
    func aTypoOfASubcommandStopsBeforeConverting(_ typo: String, _ meant: String) throws {
        let folder = try Self.folderWithDump()
        for extra in [[], ["-o", "out.csv"]] {
            let r = try CLIRunner.run([typo, "f.json"] + extra, in: folder.url)
            #expect(r.status == 64, "\(typo) \(extra): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(typo) \(extra) converted f.json anyway")
            #expect(r.stderr == "usageconv: '\(typo)' is neither a file nor a subcommand; did you mean 'usageconv \(meant)'?\n")
            #expect(try folder.listing() == ["f.json"], "\(extra) created output")
        }
    }

    @Test func aFileNamedLikeATypoIsStillConverted() throws {
        let folder = try Self.folderWithDump()
        try FileManager.default.copyItem(at: folder.file("f.json"), to: folder.file("stat"))
        let r = try CLIRunner.run(["stat"], in: folder.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("time,source,resource,metric,direction,unit,step,value,quality\n2017-08-20T16:00:00Z,baishan"))
    }

    /// Usage errors from argument-parser's own checks and from the subcommands' `validate()`.
    static let usageErrors: [[String]] = [
        ["Fixtures/baishan/bandwidth-3days.json", "--to", "xml"],
        ["Fixtures/baishan/bandwidth-3days.json", "--jobs", "0"],
        ["Fixtures/baishan/bandwidth-3days.json", "--no-such-flag"],
        ["Fixtures/baishan/bandwidth-3days.json", "--metric", "volume"],
        ["Fixtures/baishan/bandwidth-3days.json", "--agg", "max"],
        ["Fixtures/baishan/bandwidth-3days.json", "--jobs"],
        ["convert"],
        ["stats"],
        ["stats", "Fixtures/baishan/bandwidth-3days.json", "--to", "pdf"],
        ["validate"],
        ["validate", "Fixtures/baishan/bandwidth-3days.json", "--to", "xml"],
        ["formats", "extra"],
    ]

    @Test(arguments: usageErrors)
    func everyUsageErrorIsOneLineInTheHouseForm(_ arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 64, "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(arguments): \(r.stderr)")
        #expect(r.stderr.hasPrefix("usageconv: "), "\(arguments): \(r.stderr)")
        #expect(!r.stderr.contains("Error:") && !r.stderr.contains("Usage:") && !r.stderr.contains("--help"), "\(r.stderr)")
        // A phrase, not a sentence: lowercase start (unless an option), no closing period.
        let message = lines[0].dropFirst("usageconv: ".count)
        #expect(message.first?.isUppercase == false && !message.hasSuffix("."), "\(message)")
    }

    @Test func argumentParserMessagesAreReworded() throws {
        let bad = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--to", "xml"])
        #expect(bad.stderr.hasPrefix("usageconv: the value 'xml' is invalid for '--to <to>'; expected one of 'csv', "), "\(bad.stderr)")
        let jobs = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--jobs", "0"])
        #expect(jobs.stderr == "usageconv: --jobs must be at least 1, not 0\n")
    }

    /// Help screens as `--help` and `help` print them.
    static let helpScreens: [[String]] = [
        ["--help"], ["convert", "--help"], ["stats", "--help"], ["validate", "--help"], ["help", "stats"],
    ]

    /// This process's environment with `COLUMNS` set to `columns`, or removed (`nil`: output is
    /// a pipe, so the width is argument-parser's default).
    static func environment(columns: Int?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = columns.map(String.init)
        return environment
    }

    /// Lines of a help screen that hold one word where a wrapped paragraph or option help goes
    /// on: not a heading (`OPTIONS:`), not an option label on a line of its own (`  --strict`).
    static func strandedWords(_ help: String) -> [String] {
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.indices.dropFirst().compactMap { i in
            let line = lines[i]
            let indent = line.prefix { $0 == " " }.count
            let text = line.dropFirst(indent)
            guard !text.isEmpty, !text.contains(" "), !text.hasSuffix(":") else { return nil }
            if indent == 2 && (text.hasPrefix("-") || text.hasPrefix("<")) { return nil }
            return "\(lines[i - 1])⏎\(line)"
        }
    }

    @Test(arguments: helpScreens, [80, nil, 120])
    func helpNeverStrandsAWord(_ arguments: [String], _ columns: Int?) throws {
        let r = try CLIRunner.run(arguments, environment: Self.environment(columns: columns))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("OVERVIEW: "))
        #expect(Self.strandedWords(r.stdout).isEmpty, "\(arguments) at \(columns ?? 80): \(Self.strandedWords(r.stdout))")
        // Everything but the usage synopsis fits the width.
        let wide = r.stdout.split(separator: "\n").filter { $0.count > (columns ?? 80) && !$0.hasPrefix("USAGE:") }
        #expect(wide.isEmpty, "\(arguments) at \(columns ?? 80): \(wide)")
    }

    @Test func theStrandedWordCheckFindsAStrandedWord() {
        // The root help as it was: a hand-wrapped line longer than 80 columns broke before its last word.
        let before = "'usageconv convert dump.json --to csv'. Run 'usageconv convert --help' for\nevery\nconversion option."
        #expect(Self.strandedWords(before) == ["'usageconv convert dump.json --to csv'. Run 'usageconv convert --help' for⏎every"])
        #expect(Self.strandedWords("OPTIONS:\n  --format-assertion\n                          Check it.").isEmpty)
        let option = "  --x <n>     Check 'format' instead of treating it as an annotation. Example:\n              --format-assertion"
        #expect(Self.strandedWords(option).count == 1)
    }

    /// One valid fixture per provider with a bundled schema.
    static let fixtureOfDecoder: [String: String] = [
        "baishan": "Fixtures/baishan/bandwidth-3days.json",
        "swiftfederation": "Fixtures/swiftfederation/volume-day1.json",
        "interserver": "Fixtures/interserver/vps-day.json",
        "surfercloud": "Fixtures/surfercloud/eip-november.json",
        "onapp": "Fixtures/onapp/net-hourly-stats.json",
    ]

    @Test func validateTakesTheNamesFormatsLists() throws {
        let formats = try CLIRunner.run(["formats"])
        for name in DecoderRegistry.builtIn.map(\.id) {
            #expect(formats.stdout.contains("  \(name) "), "\(name)")
            let fixture = try #require(Self.fixtureOfDecoder[name], "no fixture for \(name)")
            let r = try CLIRunner.run(["validate", "--schema", name, fixture])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stderr.hasSuffix("validated 1 file: 1 valid, 0 invalid, 0 errors, 0 warnings\n"), "\(name): \(r.stderr)")
        }
        // The name chooses the schema: SwiftFederation's dump is not a Baishan response.
        let other = try CLIRunner.run(["validate", "--schema", "baishan", "Fixtures/swiftfederation/volume-day1.json"])
        #expect(other.status == 65, "\(other.stderr)")
        #expect(other.stderr.contains(": schema: error: type: expected object, found array"), "\(other.stderr)")
    }

    @Test func theSchemaNamesAreListedInHelpAndReadme() throws {
        let help = try CLIRunner.run(["validate", "--help"], environment: Self.environment(columns: 400))
        let readme = String(decoding: try Data(contentsOf: TestPaths.root.appendingPathComponent("README.md")), as: UTF8.self)
        let names = DumpSchemas.bundledNames
        #expect(names.starts(with: DecoderRegistry.builtIn.map(\.id).filter { DumpSchemas.bundledSchema(of: $0) != nil }))
        #expect(help.stdout.contains("Bundled schemas for --schema NAME: \(names.joined(separator: ", "))"), "\(help.stdout)")
        for name in names { #expect(readme.contains("`\(name)`"), "README does not list \(name)") }
    }
}
