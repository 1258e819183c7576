import Synchronization

/// One step of a transform plan applied to points as they stream past (see ``TransformedPoints``).
enum PointStage: Sendable {
    /// Keep points starting in `[start, end)`.
    case clip(start: Int64?, end: Int64?)
    /// Invent the missing points.
    case fill(GapFilling)
    /// Convert each value; a rate and an amount trade through the seconds the point covers.
    case convert(UnitConverter.Factor, duration: @Sendable (Int64) -> Int64)
    /// Aggregate onto buckets.
    case resample(Resampling)

    /// Runs `page` through the stage, appending what comes out to `out`.
    mutating func run(_ page: PointPage, to out: inout PointPage) {
        switch self {
        case .clip(let start, let end):
            for i in 0..<page.count {
                let t = page.times[i]
                if let start, t < start { continue }
                if let end, t >= end { continue }
                out.append(time: t, value: page.values[i], quality: page.qualities[i])
            }
        case .fill(var filling):
            for i in 0..<page.count { filling.add(time: page.times[i], value: page.values[i], quality: page.qualities[i], to: &out) }
            self = .fill(filling)
        case .convert(let factor, let duration):
            for i in 0..<page.count {
                let t = page.times[i]
                out.append(time: t, value: factor.apply(to: page.values[i], seconds: duration(t)), quality: page.qualities[i])
            }
        case .resample(var resampling):
            for i in 0..<page.count {
                resampling.add(time: page.times[i], value: page.values[i], quality: page.qualities[i], to: &out)
            }
            self = .resample(resampling)
        }
    }

    /// Appends what the stage still holds once every point has gone through it.
    mutating func finish(to out: inout PointPage) {
        switch self {
        case .clip, .convert: break
        case .fill(var filling):
            filling.finish(to: &out)
            self = .fill(filling)
        case .resample(var resampling):
            resampling.finish(to: &out)
            self = .resample(resampling)
        }
    }
}

/// A stored series' points with transforms applied as they are read: clip, fill, resample and
/// unit conversion run page by page on the way to the encoder, so transforming a series of any
/// length holds a page and the stages' state (an open bucket, the point before a hole), never
/// the series.
///
/// The stages are the ones ``TransformPlan/apply(to:)`` runs on columns, one point at a time
/// (``GapFilling``, ``Resampling``, ``UnitConverter/Factor``), so both give the same points.
struct TransformedPoints: StoredPoints {
    /// The points before the transforms.
    let source: any StoredPoints
    /// The stages, in the plan's order.
    let stages: [PointStage]

    /// What the last complete read found, shared by this value's copies: a full pass gives
    /// ``count`` and ``lastTime`` for free afterwards, so asking for them (and ``firstTime``) costs
    /// at most one pass between them, and none after the encoder has read the series.
    private let figures = Figures()

    /// The count and the first and last times of the transformed points, once a read has gone
    /// through them all (a class: a value's copies share it; stages and source never change).
    private final class Figures: Sendable {
        let known = Mutex<(count: Int, first: Int64?, last: Int64?)?>(nil)
    }

    /// The source with one more stage.
    func adding(_ stage: PointStage) -> TransformedPoints {
        TransformedPoints(source: source, stages: stages + [stage])
    }

    /// The count, first and last time: remembered, or found by running the stages once.
    private var summary: (count: Int, first: Int64?, last: Int64?) {
        if let known = figures.known.withLock({ $0 }) { return known }
        try? forEachPage { _ in }
        return figures.known.withLock { $0 } ?? (0, nil, nil)
    }

    /// Counts by running the stages once (their output is known only then), unless a read has.
    var count: Int { summary.count }

    /// Found by running the stages up to their first point, unless a read already has.
    var firstTime: Int64? {
        if let known = figures.known.withLock({ $0 }) { return known.first }
        var first: Int64? = nil
        do {
            try forEachPage { page in
                first = page.times.first
                throw FoundFirst()
            }
        } catch {}
        return first
    }

    /// Thrown to stop a read once the first point is out.
    private struct FoundFirst: Error {}

    /// Found by running the stages once, unless a read already has.
    var lastTime: Int64? { summary.last }

    /// Reads the source a page at a time and hands on what the stages make of each, each stage's
    /// remainder flushed through the stages after it at the end; a read that gets to the end
    /// remembers the count and the first and last times.
    func forEachPage(_ body: (PointPage) throws -> Void) throws {
        var running = stages
        var buffers = [PointPage](repeating: PointPage(), count: running.count)
        var count = 0
        var first: Int64? = nil
        var last: Int64? = nil
        func push(_ page: PointPage, from index: Int) throws {
            guard index < running.count else {
                if !page.isEmpty {
                    count += page.count
                    if first == nil { first = page.times.first }
                    last = page.times.last
                    try body(page)
                }
                return
            }
            buffers[index].removeAll()
            var out = buffers[index]
            buffers[index] = PointPage()
            running[index].run(page, to: &out)
            try push(out, from: index + 1)
            buffers[index] = out
        }
        try source.forEachPage { try push($0, from: 0) }
        for index in running.indices {
            var rest = PointPage()
            running[index].finish(to: &rest)
            try push(rest, from: index + 1)
        }
        figures.known.withLock { $0 = (count, first, last) }
    }
}

extension Series {
    /// The series with `stage` run on its points as they are read (they move to ``stored``).
    func streaming(_ stage: PointStage) -> Series {
        var out = self
        if let transformed = stored as? TransformedPoints {
            out.stored = transformed.adding(stage)
        } else {
            let source = stored ?? ColumnPoints(PointPage(times: times, values: values, qualities: qualities))
            out.stored = TransformedPoints(source: source, stages: [stage])
        }
        out.times = []
        out.values = []
        out.qualities = []
        return out
    }
}
