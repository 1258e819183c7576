/// What a decoder produced from one input: canonical series and the warnings met on the way.
public struct DecodeResult: Sendable {
    /// The decoded series, in the order the dump presents them.
    public var series: [Series]
    /// Warnings (comments skipped, duplicates collapsed, totals that disagree, ...).
    public var warnings: [Diagnostic]

    /// Creates a result.
    public init(series: [Series], warnings: [Diagnostic] = []) {
        self.series = series
        self.warnings = warnings
    }
}
