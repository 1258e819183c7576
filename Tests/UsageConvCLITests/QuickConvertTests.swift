import ArgumentParser
import PropertyBased
import Testing

@testable import usageconv

/// `QuickConvert`, the start-up path for plain conversions: every command line it accepts is
/// the `Convert` argument-parser builds from it (through the root command, as a run does), field
/// for field, and every other command line is left to argument-parser.
struct QuickConvertTests {
    /// Words command lines are made of: inputs, the options read quickly with good and bad values,
    /// and what must go to argument-parser (other options, help, subcommand names, `=` forms).
    static let words = [
        "dump.json", "-", "a b.json", "Fixtures/baishan/", "stats", "help", "stat", "--to", "csv", "json", "nope", "-o",
        "--output", "out.csv", "out/", "--merge", "all.csv", "--format", "baishan", "bogus", "--jobs", "2", "0", "+3", "--on-overlap",
        "first", "sum", "--memory-limit", "512M", "0k", "--strict", "--lenient", "--progress", "--no-progress", "--to=csv", "-0",
        "--resample", "1h", "--help", "-h", "--version", "--", "-x",
    ]

    /// The fields of a parsed command as text: each option's value, or `*definition*` for one
    /// never set (which would stop the program when read).
    static func fields(_ command: UsageConvCommand.Convert) -> String { String(describing: command) }

    @Test func everyLineReadQuicklyIsArgumentParsers() async {
        await propertyCheck(input: Gen.element(of: Self.words).array(of: 0...9)) { words in
            let arguments = words.compactMap { $0 }
            guard let quick = QuickConvert.convert(arguments) else { return }
            let parsed = try UsageConvCommand.parseAsRoot(arguments)
            let convert = try #require(parsed as? UsageConvCommand.Convert, "\(arguments)")
            #expect(Self.fields(quick) == Self.fields(convert), "\(arguments)")
        }
    }

    /// Everyday lines take the quick path (so the check above is not vacuous) and set every field.
    @Test(arguments: [
        ["dump.json"],
        ["dump.json", "--to", "csv"],
        ["a.json", "b.json", "--to", "ndjson", "--merge", "all.ndjson", "--jobs", "2", "--on-overlap", "first"],
        ["-", "--format", "baishan", "-o", "-", "--strict"],
        ["archive/", "--output", "out/", "--memory-limit", "512M", "--no-progress", "--lenient"],
        ["--to", "json", "dump.json", "--progress"],
    ])
    func everydayLinesAreReadQuickly(_ arguments: [String]) throws {
        let quick = try #require(QuickConvert.convert(arguments))
        let convert = try #require(try UsageConvCommand.parseAsRoot(arguments) as? UsageConvCommand.Convert)
        #expect(Self.fields(quick) == Self.fields(convert))
        #expect(!Self.fields(quick).contains("*definition*"))
    }

    /// Anything else is argument-parser's: its help, messages and other options as they are.
    @Test(arguments: [
        [], ["--help"], ["dump.json", "-h"], ["--version"], ["stats", "dump.json"], ["convert", "dump.json"], ["help"],
        ["dump.json", "--to=csv"], ["dump.json", "--to", "csv", "--to", "json"], ["dump.json", "--resample", "1h"],
        ["dump.json", "--to", "nope"], ["dump.json", "--jobs", "0"], ["dump.json", "--strict", "--lenient"],
        ["dump.json", "-o", "--merge"], ["dump.json", "-o"], ["dump.json", "--merge", "a.csv", "-o", "b.csv"],
        ["dump.json", "--", "-x"], ["-x"], ["--format", "bogus", "dump.json"], ["dump.json", "-o", "stats"],
    ])
    func otherLinesAreArgumentParsers(_ arguments: [String]) {
        #expect(QuickConvert.convert(arguments) == nil)
    }
}
