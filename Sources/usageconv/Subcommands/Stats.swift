import ArgumentParser
import Glibc
import UsageConvCore

extension StatisticsReport.Format: ExpressibleByArgument {}
extension BillingBasis: ExpressibleByArgument {}

extension UsageConvCommand {
    /// Per-series figures for billing checks: coverage, total, mean, min, max and the 95th percentile.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Per series: points, coverage, total, mean, min, max and the burstable-billing 95th percentile.",
            discussion: """
                The dumps are decoded and transformed exactly as 'usageconv convert' would (the same \
                flags: --start/--end, --fill, --resample, --unit, ...), then summarised per series.

                95th percentile (burstable billing): the samples sorted ascending, the one at rank \
                ceil(0.95 × n), i.e. the top 5% discarded: a 30-day month of 8,640 five-minute \
                samples bills sample 8,208 (the SwiftFederation and LibreNMS convention). Where the \
                provider omits zero samples (Baishan, SwiftFederation) the missing samples count as \
                zeros. Use --resample 5m first when the dump's step is finer than five minutes. \
                --p95-of adds one row per resource with the samples a bill is computed on: \
                direction max-of-in-out or in+out (at each time), or bill:in / bill:out.

                Coverage is points present / points expected at the step over the span (the \
                --start/--end window when both are given, else first to last point); below 100% is \
                a warning. Total: amounts summed; rates × step (bit/s → bit).

                Output: an aligned table on a terminal, else CSV; --to table|csv|json chooses.

                Examples:
                  usageconv stats Fixtures/baishan/bandwidth-3days.json
                  usageconv stats Fixtures/interserver/vps-two-ips.json --p95-of max
                  usageconv stats month/*.json --start 2025-03-01 --end 2025-04-01 --to json
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Dumps, folders (files found there are read when they sniff as JSON, XML, gzip or zip) or quoted globs "
                    + "to summarise; '-' reads standard input. Example: dump.json",
                valueName: "file"
            )
        )
        var inputs: [String] = []

        @OptionGroup var billing: BillingOptions

        @Option(
            name: .customLong("to"),
            help: ArgumentHelp(
                "Output form (default: table on a terminal, else csv). Example: --to json",
                valueName: StatisticsReport.Format.choices
            )
        )
        var to: StatisticsReport.Format?

        @OptionGroup var decoding: DecodingOptions
        @OptionGroup(title: "Transforms (applied before the figures: clip, fill, resample, convert)") var transforms: TransformOptions

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("Name at least one dump to summarise ('-' reads standard input).") }
        }

        func run() throws {
            let plan = try transforms.planOrExit()
            let inputs = DiagnosticPrinter.expanded(inputs)
            let format = to ?? (isatty(1) == 1 ? .table : .csv)
            let content = Conversion.Content.statistics(window: (plan.start, plan.end), p95Of: billing.p95Of, format: format)
            try decoding.run(inputs, transforms: plan, to: .standardOutput, writing: content)
        }
    }
}
