/// Re-buckets a series onto a `BucketGrid` (DESIGN.md section 4, third step).
///
/// Each point covers `[time, time + step)`. Downsampling (buckets at least as long as the step):
/// an amount belongs whole to the bucket its interval starts in (money never gets split into
/// fractions of cents), a rate is averaged over the bucket weighted by the time each point
/// overlaps it. Upsampling (buckets shorter than the step): amounts are divided in proportion to
/// the overlap, rates repeated, and the pieces get quality `interpolated`.
///
/// Missing time: for `absent` = `zero` series the time between the first point and the end of
/// the last one is known (a missing point is a zero), time outside it is not; for `unknown`
/// series only the time the points cover is known. A bucket with unknown time gets quality
/// `partial` and its rate mean is taken over the known time. An empty bucket emits nothing.
public enum Resampler {
    /// The series on `grid`, aggregated by `aggregation` (default: sum for amounts, time-weighted
    /// mean for rates).
    public static func resample(_ series: Series, grid: BucketGrid, aggregation: Aggregation? = nil) -> Series {
        var state = Resampling(identity: series.identity, meta: series.meta, grid: grid, aggregation: aggregation)
        if series.stored != nil {
            var result = series.streaming(.resample(state))
            result.identity = state.identity
            result.meta = state.meta
            result.labels = [:]
            result.origin = nil
            result.nullTimes = []
            return result
        }
        var out = PointPage()
        for i in 0..<series.count { state.add(time: series.times[i], value: series.values[i], quality: series.qualities[i], to: &out) }
        state.finish(to: &out)
        var result = Series(identity: state.identity, meta: state.meta)
        (result.times, result.values, result.qualities) = (out.times, out.values, out.qualities)
        return result
    }
}

/// ``Resampler`` one point at a time: a series' points go in, in time order, and each bucket
/// comes out as soon as no later point can reach it, so a series of any length is resampled
/// holding only its open buckets (a streamed conversion feeds it page by page).
///
/// The span an `absent = zero` series is known over starts at its first point, which is the
/// first one added, and ends a step after its last: a bucket is emitted mid-stream only once a
/// later point starts past its end, so only the buckets ``finish(to:)`` flushes can reach past
/// the last point, and those see the whole span.
public struct Resampling: Sendable {
    /// The resampled series' identity (step, unit and kind for the aggregation).
    public private(set) var identity: SeriesIdentity
    /// The resampled series' meta (the `resample` entry added).
    public private(set) var meta: [String: String]
    private let step: Int64
    private let absentIsZero: Bool
    private let upsampling: Bool
    private let isRate: Bool
    private let keepsValues: Bool
    private let aggregation: Aggregation
    private var cache: BucketCache
    private var firstTime: Int64? = nil
    private var lastTime: Int64? = nil
    // Buckets still receiving points, in time order, from `head` on (flushed ones before it).
    private var open: [BucketAccumulator] = []
    private var head = 0

    /// Resampling of a series with `identity` and `meta` onto `grid`, aggregated by `aggregation`
    /// (default: sum for amounts, time-weighted mean for rates).
    public init(identity source: SeriesIdentity, meta: [String: String], grid: BucketGrid, aggregation: Aggregation? = nil) {
        let aggregation = aggregation ?? .default(for: source.kind)
        var out = SeriesIdentity(
            source: source.source,
            resource: source.resource,
            metric: source.metric,
            direction: source.direction,
            unit: aggregation == .count ? "count" : source.unit,
            kind: aggregation == .count ? .amount : source.kind,
            step: grid.nominalStep,
            absent: source.absent
        )
        if aggregation == .count { out.absent = .zero }
        var meta = meta
        meta["resample"] =
            grid.zone.isUTC
            ? "\(grid.interval) UTC, \(aggregation.rawValue)" : "\(grid.interval) \(grid.zone.identifier), \(aggregation.rawValue)"
        self.identity = out
        self.meta = meta
        self.aggregation = aggregation
        step = source.step
        absentIsZero = source.absent == .zero
        upsampling = source.step > grid.nominalStep
        isRate = source.kind == .rate
        keepsValues = [.min, .max, .first, .last, .p95].contains(aggregation)
        cache = BucketCache(grid: grid)
    }

    /// Adds the next point (times increasing), appending to `out` the buckets it closes.
    public mutating func add(time t: Int64, value: Number, quality: Quality, to out: inout PointPage) {
        if firstTime == nil { firstTime = t }
        lastTime = t
        let end = t + step
        // Buckets that end before this point starts can receive nothing more.
        while head < open.count, open[head].range.upperBound <= t {
            emit(open[head], to: &out)
            head += 1
        }
        if head > 4096 && head * 2 > open.count {
            open.removeFirst(head)
            head = 0
        }
        var quality = quality
        if absentIsZero && quality == .zeroFilled { quality = .measured }
        var cursor = t
        var isFirstBucket = true
        while cursor < end {
            let range = cache.bucket(containing: cursor)
            let overlap = min(end, range.upperBound) - cursor
            let index = accumulator(for: range)
            if upsampling {
                let piece = isRate ? value : value.scaled(by: overlap, over: step)
                open[index].add(value: piece, quality: quality == .measured ? .interpolated : quality)
            } else if isFirstBucket {
                open[index].add(value: value, quality: quality)
            } else {
                open[index].noteQuality(quality)
            }
            if isRate { open[index].weighted = open[index].weighted + value.multiplied(by: overlap) }
            open[index].covered += overlap
            isFirstBucket = false
            cursor = range.upperBound
        }
    }

    /// Appends the buckets still open to `out`.
    public mutating func finish(to out: inout PointPage) {
        for bucket in open[head...] { emit(bucket, to: &out) }
        open.removeAll()
        head = 0
    }

    private mutating func accumulator(for range: Range<Int64>) -> Int {
        if let last = open.last, head < open.count {
            if last.range == range { return open.count - 1 }
            if range.lowerBound < last.range.lowerBound {
                // A jittered point reaching back into an earlier open bucket: binary search.
                let index = open[head...].partitionPoint { $0.range.lowerBound >= range.lowerBound }
                if index < open.count && open[index].range == range { return index }
            }
        }
        open.append(BucketAccumulator(range: range, keepsValues: keepsValues))
        return open.count - 1
    }

    private func emit(_ bucket: BucketAccumulator, to out: inout PointPage) {
        var known: Range<Int64>? = nil
        if absentIsZero, let firstTime, let lastTime { known = firstTime..<(lastTime + step) }
        bucket.emit(into: &out, aggregation: aggregation, isRate: isRate, known: known)
    }
}

/// Remembers the last bucket found: sorted points mostly fall in the same one.
private struct BucketCache: Sendable {
    let grid: BucketGrid
    var last: Range<Int64>? = nil

    init(grid: BucketGrid) { self.grid = grid }

    mutating func bucket(containing t: Int64) -> Range<Int64> {
        if let last, last.contains(t) { return last }
        let range = grid.bucket(containing: t)
        last = range
        return range
    }
}

/// What one bucket has collected so far.
private struct BucketAccumulator: Sendable {
    let range: Range<Int64>
    let keepsValues: Bool
    /// Values of the points assigned to this bucket (their interval starts here, or upsampled pieces).
    var count = 0
    var sum = Number.zero
    var values: [Number] = []
    /// Σ value × overlap, for time-weighted means of rates.
    var weighted = Number.zero
    /// Seconds of the bucket covered by points.
    var covered: Int64 = 0
    /// The qualities seen, one bit per `Quality` raw value (a set per bucket would hash and
    /// allocate at every point).
    var qualities: UInt8 = 0

    init(range: Range<Int64>, keepsValues: Bool) {
        self.range = range
        self.keepsValues = keepsValues
    }

    mutating func add(value: Number, quality: Quality) {
        count += 1
        sum = sum + value
        if keepsValues { values.append(value) }
        qualities |= 1 << quality.rawValue
    }

    mutating func noteQuality(_ quality: Quality) {
        qualities |= 1 << quality.rawValue
    }

    func emit(into out: inout PointPage, aggregation: Aggregation, isRate: Bool, known: Range<Int64>?) {
        let length = range.upperBound - range.lowerBound
        // Time of the bucket whose value is known: all of it within an absent=zero series' span.
        let knownTime: Int64
        if let known {
            knownTime = max(0, min(range.upperBound, known.upperBound) - max(range.lowerBound, known.lowerBound))
        } else {
            knownTime = min(covered, length)
        }
        let isRateMean = isRate && aggregation == .mean
        guard count > 0 || (isRateMean && covered > 0) else { return }
        let value: Number
        switch aggregation {
        case .sum: value = sum
        case .mean:
            if isRate {
                let denominator = known != nil ? knownTime : covered
                guard denominator > 0 else { return }
                value = weighted.divided(by: denominator)
            } else {
                value = sum.divided(by: Int64(count))
            }
        case .min: value = values.min() ?? .zero
        case .max: value = values.max() ?? .zero
        case .first: value = values.first ?? .zero
        case .last: value = values.last ?? .zero
        case .count: value = Number(Int64(count))
        case .p95: value = Percentile.nearestRank(values) ?? .zero
        }
        let quality: Quality
        if knownTime < length {
            quality = .partial
        } else if qualities.nonzeroBitCount == 1, let only = Quality(rawValue: UInt8(qualities.trailingZeroBitCount)) {
            quality = only
        } else {
            quality = qualities == 0 ? .measured : .partial
        }
        out.append(time: range.lowerBound, value: value, quality: quality)
    }
}
