/// How the points of one resampling bucket become one value (`--agg`).
public enum Aggregation: String, Sendable, Hashable, CaseIterable {
    /// The sum of the values (the default for amounts).
    case sum
    /// The mean: time-weighted for rates (the default for rates), per point for amounts.
    case mean
    /// The smallest value.
    case min
    /// The largest value.
    case max
    /// The value of the earliest point.
    case first
    /// The value of the latest point.
    case last
    /// How many points fell in the bucket (unit `count`).
    case count
    /// The 95th percentile: sorted ascending, the value at rank ceil(0.95 × n).
    case p95

    /// The default for a kind of series: amounts add up, rates average over time.
    public static func `default`(for kind: Kind) -> Aggregation {
        kind == .amount ? .sum : .mean
    }
}

/// The burstable-billing percentile rule shared by `--agg p95` and `usageconv stats`.
public enum Percentile {
    /// The nearest-rank percentile: the value at rank `ceil(fraction × n)`, counting from 1.
    ///
    /// The values are sorted ascending and the top `1 − fraction` discarded: 8,640 five-minute
    /// samples bill sample 8,208.
    public static func nearestRank(_ values: [Number], fraction: (numerator: Int, denominator: Int) = (95, 100)) -> Number? {
        nearestRank(sortedValues: values.sorted(), zeros: 0, fraction: fraction)
    }

    /// The same rule over `sortedValues` plus `zeros` more samples of value 0, without building them.
    public static func nearestRank(
        sortedValues sorted: [Number],
        zeros: Int,
        fraction: (numerator: Int, denominator: Int) = (95, 100)
    ) -> Number? {
        let n = sorted.count + zeros
        guard n > 0 else { return nil }
        // ceil(n × p / q) in integers: no floating point near the rank boundary.
        let rank = max((n * fraction.numerator + fraction.denominator - 1) / fraction.denominator, 1)
        // The zeros sit after the negative values.
        let negatives = sorted.partitionPoint { !$0.isNegative }
        if rank <= negatives { return sorted[rank - 1] }
        if rank <= negatives + zeros { return .zero }
        return sorted[rank - 1 - zeros]
    }
}
