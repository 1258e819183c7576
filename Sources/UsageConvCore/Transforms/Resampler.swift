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
        let identity = series.identity
        let aggregation = aggregation ?? .default(for: identity.kind)
        var out = SeriesIdentity(
            source: identity.source,
            resource: identity.resource,
            metric: identity.metric,
            direction: identity.direction,
            unit: aggregation == .count ? "count" : identity.unit,
            kind: aggregation == .count ? .amount : identity.kind,
            step: grid.nominalStep,
            absent: identity.absent
        )
        if aggregation == .count { out.absent = .zero }
        var meta = series.meta
        meta["resample"] =
            grid.zone.isUTC
            ? "\(grid.interval) UTC, \(aggregation.rawValue)" : "\(grid.interval) \(grid.zone.identifier), \(aggregation.rawValue)"
        var result = Series(identity: out, meta: meta)
        guard let firstTime = series.times.first, let lastTime = series.times.last else { return result }

        let step = identity.step
        let upsampling = step > grid.nominalStep
        let isRate = identity.kind == .rate
        let known: Range<Int64>? = identity.absent == .zero ? firstTime..<(lastTime + step) : nil
        let keepsValues = [.min, .max, .first, .last, .p95].contains(aggregation)
        var cache = BucketCache(grid: grid)
        // Buckets still receiving points, in time order, from `head` on (flushed ones before it).
        var open: [BucketAccumulator] = []
        var head = 0

        func accumulator(for range: Range<Int64>) -> Int {
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

        for i in 0..<series.count {
            let t = series.times[i]
            let end = t + step
            let value = series.values[i]
            // Buckets that end before this point starts can receive nothing more.
            while head < open.count, open[head].range.upperBound <= t {
                open[head].emit(into: &result, aggregation: aggregation, isRate: isRate, known: known)
                head += 1
            }
            if head > 4096 && head * 2 > open.count {
                open.removeFirst(head)
                head = 0
            }
            var quality = series.qualities[i]
            if identity.absent == .zero && quality == .zeroFilled { quality = .measured }
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
        for bucket in open[head...] { bucket.emit(into: &result, aggregation: aggregation, isRate: isRate, known: known) }
        return result
    }
}

/// Remembers the last bucket found: sorted points mostly fall in the same one.
private struct BucketCache {
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
private struct BucketAccumulator {
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
    var qualities: Set<Quality> = []

    init(range: Range<Int64>, keepsValues: Bool) {
        self.range = range
        self.keepsValues = keepsValues
    }

    mutating func add(value: Number, quality: Quality) {
        count += 1
        sum = sum + value
        if keepsValues { values.append(value) }
        qualities.insert(quality)
    }

    mutating func noteQuality(_ quality: Quality) {
        qualities.insert(quality)
    }

    func emit(into series: inout Series, aggregation: Aggregation, isRate: Bool, known: Range<Int64>?) {
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
        } else if qualities.count == 1, let only = qualities.first {
            quality = only
        } else {
            quality = qualities.isEmpty ? .measured : .partial
        }
        series.append(time: range.lowerBound, value: value, quality: quality)
    }
}
