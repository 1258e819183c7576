import ArgumentParser
import Glibc
import UsageConvCore

/// The `usageconv` root command: converting is the default, so `usageconv in.json --to csv` works.
@main
struct UsageConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usageconv",
        abstract: "Convert saved bandwidth, traffic and billing API dumps into one canonical time series.",
        discussion: """
            Converting is the default subcommand: 'usageconv dump.json --to csv' is \
            'usageconv convert dump.json --to csv'. Run 'usageconv convert --help' for every \
            conversion option.

            Examples:
              usageconv baishan.json --to csv
              usageconv volume.json --to json -o volume.usage.json
              curl -s "$URL" | usageconv - --format baishan --resource cdn.example.com
              usageconv stats Fixtures/baishan/bandwidth-3days.json --p95-of max
              usageconv plot Fixtures/interserver/vps-two-ips.json --p95 -o chart.svg
              usageconv report Fixtures/swiftfederation/ -o report.html
              usageconv validate Fixtures/onapp/user-3days.xml
              usageconv encode month.csv --to baishan -o dump.json
              usageconv formats
            """,
        version: UsageConvCore.version,
        subcommands: [Convert.self, Stats.self, Plot.self, Report.self, Validate.self, Encode.self, Formats.self],
        defaultSubcommand: Convert.self
    )

    /// The subcommands' names, for "did you mean" hints.
    static var subcommandNames: [String] { configuration.subcommands.map { $0._commandName } }

    /// Runs with the arguments as the kernel passed them, so a file name that is not UTF-8 stays
    /// openable (`CommandLine.arguments` replaces such bytes with U+FFFD).
    static func main() {
        do {
            let arguments = FileName.commandLineArguments
            // A plain conversion skips argument-parser's reflection (QuickConvert); every other
            // command line is parsed by it.
            if let quick = QuickConvert.convert(arguments) {
                try quick.run()
                return
            }
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            finish(with: error)
        }
    }

    /// Ends the run for an error thrown while parsing or running, in the house form.
    ///
    /// argument-parser's own `exit(withError:)` prints `Error: ...` plus usage lines; every
    /// error here is one line, `usageconv: message`, with argument-parser's exit code (64 for
    /// usage). Help and version go to standard output, help laid out for the terminal's width.
    static func finish(with error: any Error) -> Never {
        let code = exitCode(for: error)
        if code == .success {
            let width = TerminalWidth.current
            let text = fullMessage(for: error, columns: width)
            // Help screens only: completion scripts and the JSON help dump are printed as they are.
            let isHelp = text.hasPrefix("OVERVIEW:") || text.hasPrefix("USAGE:")
            if !text.isEmpty { print(isHelp ? HelpLayout.balanced(text, width: width) : text) }
            Glibc.exit(code.rawValue)
        }
        // An `ExitCode` thrown by `run()` follows messages already printed.
        if !(error is ExitCode) {
            let message = HelpLayout.houseForm(message(for: error))
            if !message.isEmpty { DiagnosticPrinter.printLine("usageconv: " + message) }
        }
        Glibc.exit(code.rawValue)
    }
}
