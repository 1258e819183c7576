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
        // The provider omits zeros: a month with missing samples still bills 8,640 of them. The
        // zeros are counted, not materialised (a wide --start/--end window could ask for billions).
        let zeros = identity.absent == .zero ? Swift.max(0, expected - series.count) : 0
        let figures = exactFigures(series.values, zeros: zeros) ?? sortedFigures(series.values, zeros: zeros)
        let sum = figures.sum
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
        if zeros > 0 { stats.mean = sum.divided(by: Int64(expected)) }
        stats.min = zeros > 0 ? Swift.min(figures.min, .zero) : figures.min
        stats.max = zeros > 0 ? Swift.max(figures.max, .zero) : figures.max
        stats.p95 = figures.p95
        return stats
    }

    /// A series' sum, extremes and p95 (nearest rank, counting `zeros` more zero samples).
    struct Figures {
        var sum: Number
        var min: Number
        var max: Number
        var p95: Number?
    }

    /// The figures by sorting a copy of the values: the rule itself, for any values.
    static func sortedFigures(_ values: [Number], zeros: Int) -> Figures {
        var sum = Number.zero
        for value in values { sum = sum + value }
        let sorted = values.sorted()
        return Figures(
            sum: sum,
            min: sorted.first ?? .zero,
            max: sorted.last ?? .zero,
            p95: Percentile.nearestRank(sortedValues: sorted, zeros: zeros)
        )
    }

    /// `10^k` for the exponent gaps that `exactFigures` scales across.
    private static let powersOfTen: [Int64] = (0...18).map { k in (0..<k).reduce(Int64(1)) { p, _ in p * 10 } }

    /// The same figures as `sortedFigures`, the very same `Number`s, without sorting or copying
    /// the values, when every value is an exact decimal and all of them, and their running sum,
    /// fit an `Int64` at the smallest exponent among them (and 0, the running sum's start); nil
    /// otherwise.
    ///
    /// Three passes, no allocation per point: the common exponent and the count of negative
    /// values; each value as an integer at that exponent (its "key"), summed and compared for the
    /// extremes, the largest keys from the p95 rank up kept in a min-heap (about 5% of the
    /// points), whose root is the p95 key; then the p95 point itself. The sum is the exact sum the
    /// running `+` of `sortedFigures` reaches (same significand, same exponent: when the keys'
    /// sums fit at the common exponent, every coarser partial sum fits too). Among equal values
    /// the point returned is the one a stable sort puts at the rank (the first minimum, the last
    /// maximum, the n-th occurrence of the p95 value), so even `0.10` against `0.1` prints as
    /// before.
    static func exactFigures(_ values: [Number], zeros: Int) -> Figures? {
        var common: Int16 = 0
        var negatives = 0
        for value in values {
            guard case .decimal(let s, let e) = value.storage else { return nil }
            if e < common { common = e }
            if s < 0 { negatives += 1 }
        }
        let powers = powersOfTen
        /// The value as an integer at the common exponent, or nil when it does not fit.
        func key(_ value: Number) -> Int64? {
            guard case .decimal(let s, let e) = value.storage else { return nil }
            let shift = Int(e) - Int(common)
            if s == 0 { return 0 }
            guard shift < powers.count else { return nil }
            let (scaled, overflow) = s.multipliedReportingOverflow(by: powers[shift])
            return overflow ? nil : scaled
        }
        // Percentile.nearestRank's rule: rank ceil(0.95 n) of the values and the zeros, the zeros
        // sorting after the negative values. `target` is the rank's index among the values alone.
        let n = values.count + zeros
        let rank = Swift.max((n * 95 + 99) / 100, 1)
        let target: Int? = rank <= negatives ? rank - 1 : rank <= negatives + zeros ? nil : rank - 1 - zeros
        let keep = target.map { values.count - $0 } ?? 0
        var heap: [Int64] = []
        heap.reserveCapacity(keep)
        var sum: Int64 = 0
        var low = Int64.max
        var high = Int64.min
        var lowIndex = 0
        var highIndex = 0
        for (index, value) in values.enumerated() {
            guard let k = key(value) else { return nil }
            let (next, overflow) = sum.addingReportingOverflow(k)
            if overflow { return nil }
            sum = next
            if k < low {
                low = k
                lowIndex = index
            }
            if k >= high {
                high = k
                highIndex = index
            }
            if heap.count < keep {
                heap.append(k)
                siftUp(&heap, from: heap.count - 1)
            } else if keep > 0 && k > heap[0] {
                heap[0] = k
                siftDown(&heap, from: 0)
            }
        }
        var p95: Number? = .zero
        if let target, let pick = heap.first {
            // A stable sort puts the points equal to `pick` in input order, after every smaller one.
            var smaller = 0
            for value in values where (key(value) ?? pick) < pick { smaller += 1 }
            var occurrence = target - smaller
            p95 = nil
            for value in values where key(value) == pick {
                if occurrence == 0 {
                    p95 = value
                    break
                }
                occurrence -= 1
            }
        }
        return Figures(sum: Number(significand: sum, exponent: Int(common)), min: values[lowIndex], max: values[highIndex], p95: p95)
    }

    private static func siftUp(_ heap: inout [Int64], from start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [Int64], from start: Int) {
        var parent = start
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            let right = left + 1
            let child = right < count && heap[right] < heap[left] ? right : left
            guard heap[child] < heap[parent] else { return }
            heap.swapAt(child, parent)
            parent = child
        }
    }
}
