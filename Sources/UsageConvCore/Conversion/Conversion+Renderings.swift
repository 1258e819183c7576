/// The views `stats`, `plot` and `report` write: renderings of a whole run's result, so they go
/// through ``Conversion/run(to:writing:progress:emit:)`` exactly as converting does (the same
/// decoding, transforms, atomic output and exit class).
extension Conversion.Content {
    /// Per-series figures (`usageconv stats`): a table, CSV or JSON of ``StatisticsReport/rows(_:window:p95Of:)``,
    /// with a warning for each row whose coverage is below 100%.
    ///
    /// - Parameters:
    ///   - window: `--start`/`--end`, so coverage counts the points the window expects.
    ///   - p95Of: which directions to combine into billing rows (`--p95-of`), or nil for none.
    ///   - format: table, CSV or JSON.
    public static func statistics(
        window: (start: Int64?, end: Int64?),
        p95Of: BillingBasis?,
        format: StatisticsReport.Format
    ) -> Conversion.Content {
        .rendering { loaded in
            let rows = StatisticsReport.rows(loaded.series, window: window, p95Of: p95Of)
            let coverage = StatisticsReport.coverageWarnings(rows)
            let bytes = StatisticsReport.render(rows, warnings: loaded.warnings + coverage, format: format)
            return Conversion.Rendered(warnings: coverage, bytes: bytes)
        }
    }

    /// An SVG line chart of every series (`usageconv plot`).
    public static func chart(_ options: ChartOptions) -> Conversion.Content {
        .rendering { loaded in Conversion.Rendered(bytes: SVGChart.render(loaded.series, options: options)) }
    }

    /// One self-contained HTML page (`usageconv report`): the failed inputs are listed with the
    /// warnings, and the header counts every input read.
    public static func report(_ options: ReportOptions) -> Conversion.Content {
        .rendering { loaded in
            var options = options
            options.inputCount = loaded.decoded.count
            let page = HTMLReport.render(loaded.series, warnings: loaded.warnings + loaded.failures, options: options)
            return Conversion.Rendered(bytes: page)
        }
    }
}
