import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Writes one self-contained HTML page: per resource its figures, chart and warnings.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write one self-contained HTML usage report: per resource the stats, a chart and the warnings.",
            discussion: """
                The dumps are decoded and transformed exactly as 'usageconv convert' would (the same \
                flags), then written as one HTML file with no scripts, fonts or links (it works \
                offline and prints one resource per block): per resource a table of points, \
                coverage, total, mean, peak and p95 (as 'usageconv stats' computes them), a chart \
                with each series' 95th-percentile line (as 'usageconv plot --p95' draws it), and the \
                warnings its dumps raised; money series are totalled per currency at the top. \
                --p95-of adds the billing rows and lines per resource. --rates prices each resource \
                with a JSON rate card exactly as --to focus does (its BilledCost summed; billing \
                months in --tz) and totals the cost per currency at the top; a resource the card has \
                no rate for is shown as not priced.

                Examples:
                  usageconv report Fixtures/interserver/ -o interserver.html
                  usageconv report archive/2025-03/ --start 2025-03-01 --end 2025-04-01 --p95-of max -o march.html
                  usageconv report Fixtures/finops/baishan-2025-04/ --rates Fixtures/finops/rates.json -o april.html
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Dumps, folders (files found there are read when they sniff as JSON, XML, gzip or zip) or quoted globs; '-' reads standard input. Example: archive/",
                valueName: "file"
            )
        )
        var inputs: [String] = []

        @Option(
            name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp(
                "Write the HTML to this file (atomically) instead of standard output. Example: -o report.html",
                valueName: "file"
            )
        )
        var output: String?

        @OptionGroup var billing: BillingOptions

        @OptionGroup var rateCard: RateCardOptions

        @Option(help: ArgumentHelp("The page's title (default: Usage report). Example: --title 'March 2025'", valueName: "text"))
        var title: String?

        @OptionGroup var decoding: DecodingOptions
        @OptionGroup(title: "Transforms (applied before the figures: clip, fill, resample, convert)") var transforms: TransformOptions

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("Name at least one dump or folder to report on ('-' reads standard input).") }
        }

        func run() throws {
            InterruptCleanup.install()
            let plan = try transforms.planOrExit()
            let inputs = DiagnosticPrinter.expanded(inputs)
            var options = ReportOptions()
            if let title { options.title = title }
            options.chart.width = 900
            options.chart.plotHeight = 220
            options.chart.zone = plan.zone
            options.chart.window = (plan.start, plan.end)
            options.chart.billing = billing.p95Of
            options.chart.keepUnit = transforms.unit != nil
            // The rate card is read before anything else: a bad one ends the run (65, 66) at once.
            options.rateCard = try rateCard.loadOrExit()
            try decoding.run(inputs, transforms: plan, to: .single(output), writing: .report(options))
        }
    }
}
