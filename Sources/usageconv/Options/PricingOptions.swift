import ArgumentParser
import UsageConvCore

/// `--rates`: the JSON rate card `convert --to focus` and `report` price usage with.
struct RateCardOptions: ParsableArguments {
    @Option(
        name: .customLong("rates"),
        help: ArgumentHelp(
            "Price usage with this JSON rate card (Schemas/rate-card.schema.json): traffic per GB or GiB, bandwidth per Mbit/s of each month's 95th percentile, billing months in --tz (default UTC); convert takes it with --to focus. Example: --rates rates.json",
            valueName: "file"
        )
    )
    var rates: String?

    /// The rate card, read once before any input is decoded; a bad one is reported in the house
    /// form and ends the run (65 for its content, 66 when it cannot be read); `nil` without one.
    func loadOrExit() throws -> RateCard? {
        guard let rates else { return nil }
        do {
            return try RateCard.load(path: rates)
        } catch let diagnostic as Diagnostic {
            DiagnosticPrinter.print(diagnostic)
            throw ExitCode(diagnostic.exitCode)
        }
    }
}

/// `--p95-of`: the samples a bill's 95th percentile is computed on, per resource (`stats` rows,
/// `plot` lines, `report` rows and lines).
struct BillingOptions: ParsableArguments {
    @Option(
        name: .customLong("p95-of"),
        help: ArgumentHelp(
            "Add the billing 95th percentile per resource on these samples (in, out, max of in and out, or their sum). Example: --p95-of max",
            valueName: BillingBasis.choices
        )
    )
    var p95Of: BillingBasis?
}
