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
            Converting is the default subcommand: 'usageconv dump.json --to csv' is
            'usageconv convert dump.json --to csv'. Run 'usageconv convert --help' for every
            conversion option.

            Examples:
              usageconv baishan.json --to csv
              usageconv volume.json --to json -o volume.usage.json
              curl -s "$URL" | usageconv - --format baishan --resource cdn.example.com
              usageconv stats Fixtures/baishan/bandwidth-3days.json --p95-of max
              usageconv validate Fixtures/onapp/user-3days.xml
              usageconv formats
            """,
        version: UsageConvCore.version,
        subcommands: [Convert.self, Stats.self, Validate.self, Formats.self],
        defaultSubcommand: Convert.self
    )

    /// Runs with the arguments as the kernel passed them, so a file name that is not UTF-8 stays
    /// openable (`CommandLine.arguments` replaces such bytes with U+FFFD).
    static func main() {
        let arguments = (1..<max(1, Int(CommandLine.argc))).map { index -> String in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            return FileName.decode(UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
        main(arguments)
    }
}
