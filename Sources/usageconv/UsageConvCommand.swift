import ArgumentParser
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
}
