import Foundation
import Testing
import UsageConvTestSupport

/// README's examples are executed: every fenced block holding `$ ` command lines is run, and what
/// each command prints is compared with the lines that follow it in README.
///
/// The rules (README's "Testing" section says the same):
/// - A command line starts with `$ ` (continued on the next line after a trailing `\`); it must
///   start with `usageconv`, or be `echo $?`, which checks the exit status of the command before.
/// - The command runs through `/bin/sh -c` from a scratch folder that holds links to every entry
///   of the package root (so `Fixtures/...` paths work and an `-o seed.csv` lands in the scratch
///   folder, not the checkout), with the built binary first on `PATH`; standard output and standard
///   error go to one pipe, as a terminal shows them.
/// - The lines after it, up to the next `$ ` line or the end of the block (trailing blank lines
///   dropped), must be exactly what it prints; a line `...` stands for any number of lines. A
///   command with no lines after it must print nothing.
/// - A block whose opening fence follows a line starting with `<!-- not run` is not run (for
///   commands needing files or services the user has). Any other block holding a `$ ` line that
///   is neither `usageconv ...` nor `echo $?` fails the test, so nothing is skipped silently.
struct ReadmeExampleTests {
    static let examples: [ReadmeExample] = (try? ReadmeExample.parse(readme())) ?? []

    static func readme() throws -> String {
        try String(contentsOf: TestPaths.root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    @Test func readmeHasExamplesAndEveryBlockIsRunOrMarked() throws {
        let examples = try ReadmeExample.parse(Self.readme())
        // Non-vacuity: README's session, validate, transform and stats examples are all found.
        #expect(examples.count >= 7, "found only \(examples.count) runnable README blocks")
        #expect(examples.flatMap(\.commands).count >= 12)
        #expect(examples.contains { $0.commands.contains { $0.text.hasPrefix("usageconv validate") } })
        #expect(examples.contains { $0.commands.contains { $0.text.hasPrefix("usageconv stats") } })
    }

    @Test func helpSaysWhatReadmeSays() throws {
        // README documents these; --help once left them out (issue 11 item 18).
        func flowed(_ arguments: [String]) throws -> String {
            try CLIRunner.run(arguments).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let validate = try flowed(["validate", "--help"])
        // The rules as README lists them (each word alone would be found elsewhere in the help).
        #expect(validate.contains("RULE is json, schema, xsd, decode, consistency, expect, gzip or zip"), "\(validate)")
        #expect(validate.contains("FILE: expect-invalid: ok"), "\(validate)")
        // Folders give the files whose content sniffs as a dump (README: which files a folder gives).
        #expect(validate.contains("files that sniff as JSON, XML, gzip or zip"), "\(validate)")
        let convert = try flowed(["convert", "--help"])
        #expect(convert.contains("SwiftFederation customer dumps: default 'customer'"), "\(convert)")
        #expect(convert.contains("-0, --null"), "\(convert)")
    }

    @Test(.enabled(if: TestTools.shouldRun(TestTools.executable("python3") != nil), "needs python3"))
    func speedTableIsTheOneCommittedBenchmarkRun() throws {
        // Every speed figure in README comes from one results file of Benchmarks/run (issue 18).
        let python = try #require(TestTools.executable("python3"))
        let result = try TestTools.run(python, ["Benchmarks/readme-table", "--check", "README.md"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func parserRulesOnASmallDocument() throws {
        let text = """
            intro
            ```
            $ usageconv formats
            a
            ...

            $ echo $?
            0
            ```
            <!-- not run: needs your own dump -->
            ```
            $ usageconv mine.json
            ```
            ```
            $ usageconv a.json \\
                --to csv
            ```
            """
        let examples = try ReadmeExample.parse(text)
        #expect(examples.count == 2)
        #expect(examples[0].line == 2)
        #expect(examples[0].commands.map(\.text) == ["usageconv formats", "echo $?"])
        #expect(examples[0].commands[0].expected == ["a", "..."])
        #expect(examples[0].commands[1].expected == ["0"])
        #expect(examples[1].commands.map(\.text) == ["usageconv a.json \\\n    --to csv"])
        #expect(throws: ReadmeExample.ParseError.self) {
            try ReadmeExample.parse("```\n$ curl example.com\n```\n")
        }
    }

    @Test func outputMatchingAndItsDiff() {
        #expect(OutputMatch.matches(expected: ["a", "...", "z"], actual: ["a", "b", "c", "z"]))
        #expect(OutputMatch.matches(expected: ["a", "...", "z"], actual: ["a", "z"]))
        #expect(!OutputMatch.matches(expected: ["a", "...", "z"], actual: ["a", "b"]))
        #expect(!OutputMatch.matches(expected: ["a", "b"], actual: ["a", "b", "c"]))
        #expect(!OutputMatch.matches(expected: [], actual: ["x"]))
        #expect(OutputMatch.diff(expected: ["a", "b", "c"], actual: ["a", "x", "c"]) == ["  a", "- b", "+ x", "  c"])
    }

    @Test(arguments: examples)
    func readmeExamplePrintsWhatReadmeShows(_ example: ReadmeExample) throws {
        let scratch = try TemporaryFolder()
        for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.root.path)
        where !name.hasPrefix(".") {
            try FileManager.default.createSymbolicLink(
                at: scratch.file(name),
                withDestinationURL: TestPaths.root.appendingPathComponent(name)
            )
        }
        let binFolder = CLIRunner.executable.deletingLastPathComponent().path
        let path = binFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        var lastStatus: Int32?
        for command in example.commands {
            if command.text == "echo $?" {
                let status = try #require(lastStatus, "README line \(command.line): echo $? with no command before it")
                #expect(
                    ["\(status)"] == command.expected,
                    "README line \(command.line): exit status \(status), README shows \(command.expected)"
                )
                continue
            }
            let result = try TestTools.run(
                URL(fileURLWithPath: "/bin/sh"),
                ["-c", "exec 2>&1; " + command.text],
                in: scratch.url,
                environment: ["PATH": path, "NO_COLOR": "1"]
            )
            lastStatus = result.status
            var actual = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while actual.last == "" { actual.removeLast() }
            if !OutputMatch.matches(expected: command.expected, actual: actual) {
                let diff = OutputMatch.diff(expected: command.expected, actual: actual)
                Issue.record(
                    """
                    README line \(command.line): `$ \(command.text)` (exit \(result.status)) printed \
                    something else than README shows (- README, + printed):
                    \(diff.joined(separator: "\n"))
                    """
                )
            }
        }
    }
}

/// One fenced block of README with commands to run.
struct ReadmeExample: Sendable, CustomTestStringConvertible {
    /// One `$ ` command and the lines README shows after it.
    struct Command: Sendable {
        /// The 1-based README line of the `$ `.
        var line: Int
        /// The shell text after `$ ` (continuation lines joined with their newlines).
        var text: String
        /// The lines README shows as its output.
        var expected: [String]
    }

    /// A block README holds that the rules cannot run.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// The 1-based README line of the opening fence.
    var line: Int
    /// The commands, in order.
    var commands: [Command]

    var testDescription: String { "README line \(line): $ \(commands.first?.text ?? "")" }

    /// The runnable blocks of a Markdown text (see `ReadmeExampleTests` for the rules).
    static func parse(_ text: String) throws -> [ReadmeExample] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [ReadmeExample] = []
        var index = 0
        while index < lines.count {
            let fence = lines[index].drop { $0 == " " }
            guard fence.hasPrefix("```") else {
                index += 1
                continue
            }
            let indent = lines[index].count - fence.count
            let start = index
            let marked = start > 0 && lines[start - 1].trimmingCharacters(in: .whitespaces).hasPrefix("<!-- not run")
            var body: [(Int, String)] = []
            index += 1
            while index < lines.count, !lines[index].drop(while: { $0 == " " }).hasPrefix("```") {
                body.append((index + 1, String(lines[index].dropFirst(min(indent, lines[index].prefix { $0 == " " }.count)))))
                index += 1
            }
            index += 1  // the closing fence
            guard !marked, body.contains(where: { $0.1.hasPrefix("$ ") }) else { continue }
            var commands: [Command] = []
            var position = 0
            while position < body.count {
                let (number, line) = body[position]
                guard line.hasPrefix("$ ") else {
                    if commands.isEmpty {
                        throw ParseError(description: "README line \(number): output before any $ command")
                    }
                    commands[commands.count - 1].expected.append(line)
                    position += 1
                    continue
                }
                var command = String(line.dropFirst(2))
                while command.hasSuffix("\\"), position + 1 < body.count {
                    position += 1
                    command += "\n" + body[position].1
                }
                guard command.hasPrefix("usageconv ") || command == "usageconv" || command == "echo $?" else {
                    throw ParseError(
                        description: """
                            README line \(number): `$ \(command)` is neither usageconv nor echo $?; \
                            put the block after a line `<!-- not run: why -->` if it must not run
                            """
                    )
                }
                commands.append(Command(line: number, text: command, expected: []))
                position += 1
            }
            for k in commands.indices {
                while commands[k].expected.last?.isEmpty == true { commands[k].expected.removeLast() }
            }
            examples.append(ReadmeExample(line: start + 1, commands: commands))
        }
        return examples
    }
}

/// Matching printed lines against README's, where a line `...` stands for any number of lines.
enum OutputMatch {
    /// Whether `actual` is what `expected` shows.
    static func matches(expected: [String], actual: [String]) -> Bool {
        cost(expected: expected, actual: actual)[0][0] == 0
    }

    /// A line diff of README's lines (`- `) against the printed ones (`+ `), common lines `  `;
    /// lines a `...` stands for are not shown.
    static func diff(expected: [String], actual: [String]) -> [String] {
        let table = cost(expected: expected, actual: actual)
        var lines: [String] = []
        var i = 0
        var j = 0
        while i < expected.count || j < actual.count {
            if i < expected.count, expected[i] == "..." {
                if j < actual.count, table[i][j + 1] == table[i][j] {
                    j += 1
                } else {
                    lines.append("  ...")
                    i += 1
                }
            } else if i < expected.count, j < actual.count, expected[i] == actual[j], table[i + 1][j + 1] == table[i][j] {
                lines.append("  " + expected[i])
                i += 1
                j += 1
            } else if i < expected.count, table[i + 1][j] + 1 == table[i][j] {
                lines.append("- " + expected[i])
                i += 1
            } else {
                lines.append("+ " + actual[j])
                j += 1
            }
        }
        return lines
    }

    /// `cost[i][j]`: the fewest lines added or removed to match `expected[i...]` with `actual[j...]`.
    private static func cost(expected: [String], actual: [String]) -> [[Int]] {
        let n = expected.count
        let m = actual.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n, through: 0, by: -1) {
            for j in stride(from: m, through: 0, by: -1) {
                if i == n {
                    table[i][j] = m - j
                } else if expected[i] == "..." {
                    table[i][j] = j < m ? min(table[i + 1][j], table[i][j + 1]) : table[i + 1][j]
                } else if j == m {
                    table[i][j] = table[i + 1][j] + 1
                } else {
                    var best = min(table[i + 1][j], table[i][j + 1]) + 1
                    if expected[i] == actual[j] { best = min(best, table[i + 1][j + 1]) }
                    table[i][j] = best
                }
            }
        }
        return table
    }
}
