import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Draws the series as an SVG line chart.
    struct Plot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plot",
            abstract: "Draw the series as an SVG chart: time on x, one line per series, optional 95th-percentile lines.",
            discussion: """
                The dumps are decoded and transformed exactly as 'usageconv convert' would (the same \
                flags: --start/--end, --tz, --fill, --resample, --unit, ...), then drawn: one panel \
                per unit family (bit/s, B, USD, ...), values in the SI prefix that suits the data \
                (Mbit/s, GB; with --unit, that unit), time labelled in UTC or --tz (day ticks at local midnights, also on \
                23- and 25-hour days). One colour per resource; in solid, out dashed, other \
                directions dotted. A hole in a series (missing time) is a gap in its line; \
                zero-filled, carried and interpolated points get hollow circles.

                --p95 adds each series' 95th percentile (rank ceil(0.95 × n), as 'usageconv stats' \
                computes it) as a horizontal line, its value in the legend; --p95-of adds the \
                billing percentile per resource on in, out, max (max-of-in-out) or sum (in+out).

                Large dumps are decimated per pixel column (first, lowest, highest and last value \
                each), so peaks survive and the SVG stays small whatever the number of points.

                Examples:
                  usageconv plot Fixtures/baishan/bandwidth-3days.json -o bandwidth.svg
                  usageconv plot Fixtures/interserver/vps-two-ips.json --p95-of max -o vps.svg
                  usageconv plot month/*.json --tz Europe/Berlin --resample 1h --unit Mbit/s --p95 -o month.svg
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Dumps, folders or quoted globs to draw; '-' reads standard input. Example: dump.json",
                valueName: "file"
            )
        )
        var inputs: [String] = []

        @Option(
            name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp(
                "Write the SVG to this file (atomically) instead of standard output. Example: -o chart.svg",
                valueName: "file"
            )
        )
        var output: String?

        @Flag(help: "Draw each series' 95th-percentile line, its value in the legend. Example: --p95")
        var p95 = false

        @OptionGroup var billing: BillingOptions

        @Option(help: ArgumentHelp("The picture's width in pixels (320 to 8000, default 960). Example: --width 1200", valueName: "pixels"))
        var width = 960

        @Option(
            help: ArgumentHelp("Each panel's plot height in pixels (80 to 4000, default 260). Example: --height 400", valueName: "pixels")
        )
        var height = 260

        @Option(help: ArgumentHelp("The chart's title (default: the resources). Example: --title 'March 2025'", valueName: "text"))
        var title: String?

        @OptionGroup var decoding: DecodingOptions
        @OptionGroup(title: "Transforms (applied before drawing: clip, fill, resample, convert)") var transforms: TransformOptions

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("Name at least one dump to draw ('-' reads standard input).") }
            if !(320...8000).contains(width) { throw ValidationError("--width must be from 320 to 8000 pixels, not \(width).") }
            if !(80...4000).contains(height) { throw ValidationError("--height must be from 80 to 4000 pixels, not \(height).") }
        }

        func run() throws {
            InterruptCleanup.install()
            let plan = try transforms.planOrExit()
            let inputs = DiagnosticPrinter.expanded(inputs)
            var options = ChartOptions()
            options.width = width
            options.plotHeight = height
            options.zone = plan.zone
            options.window = (plan.start, plan.end)
            options.p95 = p95
            options.billing = billing.p95Of
            options.title = title
            options.keepUnit = transforms.unit != nil
            try decoding.run(inputs, transforms: plan, to: .single(output), writing: .chart(options))
        }
    }
}
