/// The figures `usageconv stats` reports for one series: coverage, total, mean, extremes and the
/// burstable-billing 95th percentile.
public struct SeriesStatistics: Sendable, Hashable {
    /// The series described (a billing combination has direction `max-of-in-out` or `in+out`).
    public var identity: SeriesIdentity
    /// Points present (measured or resampled; not gap-filled).
    public var present: Int
    /// Points expected at the step over the span (the `--start`/`--end` window, else first to last point).
    public var expected: Int
    /// The first and last point's time.
    public var span: ClosedRange<Int64>?
    /// Amounts: their sum; rates: Σ value × step, in the rate's amount unit (`bit/s` → `bit`).
    public var total: Number?
    /// The unit of `total`.
    public var totalUnit: String
    /// The mean per point (for rates, equal to the time-weighted mean: every point covers one step).
    public var mean: Number?
    /// The smallest value.
    public var min: Number?
    /// The largest value.
    public var max: Number?
    /// The value at rank ceil(0.95 × n) of the n samples sorted ascending (missing points of an
    /// `absent = zero` series count as zero samples).
    public var p95: Number?

    /// Points present plus the points missing from holes and from the window's ends.
    ///
    /// A hole is a spacing over 1.5 steps, counted in whole steps, as `--fill` sees it. Counting
    /// holes rather than dividing the span by the step keeps jittered series (InterServer's ~60 s
    /// samples) at 100%.
    static func expectedPoints(_ times: [Int64], step: Int64, window: (start: Int64?, end: Int64?)) -> Int {
        guard let first = times.first, let last = times.last else {
            guard let start = window.start, let end = window.end, end > start else { return 0 }
            return Int(UnixTime.floorDiv(end - start + step - 1, step))
        }
        var missing: Int64 = 0
        for (a, b) in zip(times, times.dropFirst()) where (b - a) * 2 > step * 3 {
            // Rounded to whole steps: a 61 s spacing at a 60 s step is one step.
            missing += UnixTime.floorDiv(b - a + step / 2, step) - 1
        }
        if let start = window.start, first > start { missing += UnixTime.floorDiv(first - start, step) }
        if let end = window.end, end > last + step { missing += UnixTime.floorDiv(end - last - 1, step) }
        return times.count + Int(missing)
    }

    /// `present / expected`, from 0 to 1.
    public var coverage: Double { expected == 0 ? 0 : Double(present) / Double(expected) }

    /// Computes the figures for `series`, over `window` when given.
    public static func of(_ series: Series, window: (start: Int64?, end: Int64?) = (nil, nil)) -> SeriesStatistics {
        let identity = series.identity
        let step = Swift.max(identity.step, 1)
        let present = series.qualities.reduce(0) { $0 + ($1 == .measured || $1 == .partial ? 1 : 0) }
        // A null value is a missing point: its time joins the grid the expected count is taken on,
        // so one at either end of the series widens the span instead of vanishing from it.
        let nulls = series.nullTimes.filter { t in window.start.map { t >= $0 } ?? true && window.end.map { t < $0 } ?? true }
        let expected: Int
        if nulls.isEmpty {
            expected = expectedPoints(series.times, step: step, window: window)
        } else {
            expected = expectedPoints(Array(Set(series.times).union(nulls)).sorted(), step: step, window: window)
        }
        var stats = SeriesStatistics(
            identity: identity,
            present: present,
            expected: expected,
            span: series.times.first.flatMap { first in series.times.last.map { first...$0 } },
            total: nil,
            totalUnit: identity.unit,
            mean: nil,
            min: nil,
            max: nil,
            p95: nil
        )
        guard !series.isEmpty else { return stats }
        var sum = Number.zero
        for value in series.values { sum = sum + value }
        if identity.kind == .amount {
            stats.total = sum
        } else if let unit = DataUnit(identity.unit), unit.isRate {
            stats.total = sum.multiplied(by: step)
            stats.totalUnit = unit.amount.name
        } else {
            stats.total = sum.multiplied(by: step)
            stats.totalUnit = "\(identity.unit)·s"
        }
        stats.mean = sum.divided(by: Int64(series.count))
        // The provider omits zeros: a month with missing samples still bills 8,640 of them. The
        // zeros are counted, not materialised (a wide --start/--end window could ask for billions).
        let zeros = identity.absent == .zero ? Swift.max(0, expected - series.count) : 0
        let sorted = series.values.sorted()
        if zeros > 0 { stats.mean = sum.divided(by: Int64(expected)) }
        stats.min = zeros > 0 ? Swift.min(sorted.first ?? .zero, .zero) : sorted.first
        stats.max = zeros > 0 ? Swift.max(sorted.last ?? .zero, .zero) : sorted.last
        stats.p95 = Percentile.nearestRank(sortedValues: sorted, zeros: zeros)
        return stats
    }
}
