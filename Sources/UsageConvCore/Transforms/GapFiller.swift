/// How gap-filling invents the points a series lacks.
public enum FillMethod: String, Sendable, Hashable, CaseIterable {
    /// Leave holes empty.
    case none
    /// Insert zeros (quality `zero-filled`).
    case zero
    /// Repeat the last known value forward (quality `carried`).
    case previous
    /// Interpolate linearly in time between the points around the hole (quality `interpolated`).
    case linear
}

/// Inserts the missing points of a series on its own step grid (DESIGN.md section 4, second step).
public enum GapFiller {
    /// The filled series, and a warning when the method was adjusted.
    ///
    /// - A hole is a spacing of more than 1.5 steps between two points; the inserted points are
    ///   one step apart from the point before the hole, so jittered series (InterServer's
    ///   `03:30:30, 03:31:30, 03:32:31`) are not "filled" between every pair of samples.
    /// - With a window `[start, end)` (from `--start`/`--end`), the ends of the window are filled
    ///   too, on the grid through the series' points; an empty series is filled on the grid through
    ///   the Unix epoch. Without a window only the holes between the first and last point are.
    /// - `maxGap` bounds `previous` and `linear`: a hole whose missing time (its length minus one
    ///   step) exceeds it stays empty. `zero` is not bounded.
    /// - `previous` carries the last value forward, also to the window's end; nothing is carried
    ///   backwards. `linear` never extrapolates.
    /// - A series whose `absent` is `zero` (Baishan, SwiftFederation) is filled with zeros
    ///   whatever the method: the provider omits zeros, so a hole *is* zero.
    public static func fill(
        _ series: Series,
        method: FillMethod,
        window: (start: Int64?, end: Int64?) = (nil, nil),
        maxGap: Int64? = nil
    ) -> (series: Series, warning: Diagnostic?) {
        var filling = GapFilling(identity: series.identity, method: method, window: window, maxGap: maxGap)
        guard filling.changesPoints else { return (series, filling.warning) }
        // Nothing anchors a grid in an empty series without a zero-filled window: left as it is.
        if series.firstPointTime == nil && !filling.fillsEmptySeries { return (series, filling.warning) }
        if series.stored != nil {
            var out = series.streaming(.fill(filling))
            out.origin = nil
            out.nullTimes = []
            return (out, filling.warning)
        }
        var page = PointPage()
        page.times.reserveCapacity(series.count)
        page.values.reserveCapacity(series.count)
        page.qualities.reserveCapacity(series.count)
        for i in 0..<series.count {
            filling.add(time: series.times[i], value: series.values[i], quality: series.qualities[i], to: &page)
        }
        filling.finish(to: &page)
        var out = Series(identity: series.identity, meta: series.meta)
        (out.times, out.values, out.qualities) = (page.times, page.values, page.qualities)
        // Invented points fall strictly between, before or after the dump's own times, never on
        // one: a point whose time the series has is that point, with its labels.
        for (key, column) in series.labels {
            var labels: [String] = []
            labels.reserveCapacity(out.count)
            var j = 0
            for t in out.times {
                if j < series.count && series.times[j] == t {
                    labels.append(column[j])
                    j += 1
                } else {
                    labels.append("")
                }
            }
            out.labels[key] = labels
        }
        return (out, filling.warning)
    }

    /// How many points `fill` would return for these arguments, counted without making any, and
    /// the widest stretch it would fill (`from` and `to` are the points, or window ends, around
    /// it): what a refusal names when the count is too large.
    ///
    /// Follows `fill`'s rules (the method a zero-omitting provider forces, `maxGap`, the window's
    /// ends); it may count a point or two more per hole than `fill` makes, never fewer.
    public static func plannedCount(
        _ series: Series,
        method: FillMethod,
        window: (start: Int64?, end: Int64?) = (nil, nil),
        maxGap: Int64? = nil
    ) -> (count: Int64, widest: (from: Int64, to: Int64)?) {
        var plan = FillCount(identity: series.identity, method: method, window: window, maxGap: maxGap)
        for t in series.times { plan.add(t) }
        return plan.finish()
    }

    /// ``plannedCount(_:method:window:maxGap:)`` of a series wherever its points are: a stored
    /// series' times are read once, a page at a time.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` when a spill file cannot be read.
    static func plannedCount(
        reading series: Series,
        method: FillMethod,
        window: (start: Int64?, end: Int64?),
        maxGap: Int64?
    ) throws -> (count: Int64, widest: (from: Int64, to: Int64)?) {
        guard series.stored != nil else { return plannedCount(series, method: method, window: window, maxGap: maxGap) }
        var plan = FillCount(identity: series.identity, method: method, window: window, maxGap: maxGap)
        try series.forEachPage { page in for t in page.times { plan.add(t) } }
        return plan.finish()
    }

    static func fillHole(
        into out: inout PointPage,
        from a: Int64,
        to b: Int64,
        values: (Number, Number),
        method: FillMethod,
        step: Int64,
        maxGap: Int64?
    ) {
        // A spacing of up to 1.5 steps is jitter, not a hole.
        guard (b - a) * 2 > step * 3 else { return }
        if method != .zero, let maxGap, b - a - step > maxGap { return }
        var t = a + step
        while t * 2 <= b * 2 - step {
            switch method {
            case .zero:
                out.append(time: t, value: .zero, quality: .zeroFilled)
            case .previous:
                out.append(time: t, value: values.0, quality: .carried)
            case .linear:
                // By time, not by row: the fraction of the way from a to b.
                let delta = values.1 - values.0
                let value = values.0 + delta.scaled(by: t - a, over: b - a)
                out.append(time: t, value: value, quality: .interpolated)
            case .none:
                return
            }
            t += step
        }
    }

    /// The first point of the grid `phase + k·step` at or after `t`.
    static func gridPoint(atOrAfter t: Int64, phase: Int64, step: Int64) -> Int64 {
        let k = UnixTime.floorDiv(t - phase + step - 1, step)
        return phase + k * step
    }
}

/// ``GapFiller`` one point at a time: a series' points go in, in time order, with the invented
/// points before each, so a series of any length is filled holding one point (a streamed
/// conversion feeds it page by page).
public struct GapFilling: Sendable {
    /// The warning when the method was adjusted (a zero-omitting provider's holes are zeros).
    public let warning: Diagnostic?
    private let method: FillMethod
    private let window: (start: Int64?, end: Int64?)
    private let maxGap: Int64?
    private let step: Int64
    private var last: (time: Int64, value: Number)? = nil

    /// Filling of a series with `identity` by `method` (see ``GapFiller/fill(_:method:window:maxGap:)``).
    public init(identity: SeriesIdentity, method: FillMethod, window: (start: Int64?, end: Int64?) = (nil, nil), maxGap: Int64? = nil) {
        self.window = window
        self.maxGap = maxGap
        step = identity.step
        var effective = method
        var warning: Diagnostic? = nil
        if method != .none && step > 0 && identity.absent == .zero && method != .zero {
            effective = .zero
            warning = .warning(
                .invalidValue,
                "\(identity.source) omits zero points, so \(identity.resource) "
                    + "\(identity.metric) holes were filled with zeros, not --fill \(method.rawValue)"
            )
        }
        self.method = effective
        self.warning = warning
    }

    /// Whether any point can be invented: a method, and a step to put the points on.
    public var changesPoints: Bool { method != .none && step > 0 }

    /// Whether a series without points gets any: zeros over a whole window, on the grid through
    /// the Unix epoch.
    public var fillsEmptySeries: Bool { changesPoints && method == .zero && window.start != nil && window.end != nil }

    /// Adds the next point (times increasing), appending to `out` the points invented before it, then it.
    public mutating func add(time: Int64, value: Number, quality: Quality, to out: inout PointPage) {
        if changesPoints {
            if let last {
                GapFiller.fillHole(
                    into: &out,
                    from: last.time,
                    to: time,
                    values: (last.value, value),
                    method: method,
                    step: step,
                    maxGap: maxGap
                )
            } else if let start = window.start, method == .zero {
                // Leading edge: from the window's start up to the first point, on its grid.
                var t = time - UnixTime.floorDiv(time - start, step) * step
                while t < time {
                    out.append(time: t, value: .zero, quality: .zeroFilled)
                    t += step
                }
            }
        }
        out.append(time: time, value: value, quality: quality)
        last = (time, value)
    }

    /// Appends the points invented after the last one: up to the window's end (or, for a series
    /// without points, over the whole window).
    public mutating func finish(to out: inout PointPage) {
        guard changesPoints else { return }
        guard let last else {
            guard fillsEmptySeries, let start = window.start, let end = window.end else { return }
            var t = GapFiller.gridPoint(atOrAfter: start, phase: 0, step: step)
            while t < end {
                out.append(time: t, value: .zero, quality: .zeroFilled)
                t += step
            }
            return
        }
        guard let end = window.end, method == .zero || method == .previous else { return }
        let missing = end - last.time - step
        guard method == .zero || maxGap.map({ missing <= $0 }) ?? true else { return }
        var t = last.time + step
        while t < end {
            out.append(time: t, value: method == .zero ? .zero : last.value, quality: method == .zero ? .zeroFilled : .carried)
            t += step
        }
    }
}

/// What ``GapFiller/plannedCount(_:method:window:maxGap:)`` counts, one time at a time.
struct FillCount {
    let step: Int64
    let effective: FillMethod
    let counts: Bool
    let window: (start: Int64?, end: Int64?)
    let maxGap: Int64?
    var count: Int64 = 0
    var widest: (from: Int64, to: Int64)? = nil
    var first: Int64? = nil
    var last: Int64? = nil

    init(identity: SeriesIdentity, method: FillMethod, window: (start: Int64?, end: Int64?), maxGap: Int64?) {
        step = identity.step
        counts = method != .none && step > 0
        effective = identity.absent == .zero ? FillMethod.zero : method
        self.window = window
        self.maxGap = maxGap
    }

    mutating func add(_ t: Int64) {
        count += 1
        defer { last = t }
        guard counts else { return }
        guard let a = last else {
            first = t
            // The leading edge first, as a widest stretch of equal length that comes later loses to it.
            if effective == .zero, let start = window.start, start < t { add(start, t) }
            return
        }
        guard (t - a) * 2 > step * 3 else { return }
        if effective != .zero, let maxGap, t - a - step > maxGap { return }
        add(a, t)
    }

    mutating func add(_ from: Int64, _ to: Int64) {
        guard to > from else { return }
        let (length, overflow) = to.subtractingReportingOverflow(from)
        let points = overflow ? Int64.max / 2 : length / step + 1
        count = count.addingReportingOverflow(points).overflow ? Int64.max : count + points
        if let known = widest, known.to - known.from >= length { return }
        widest = (from, to)
    }

    mutating func finish() -> (count: Int64, widest: (from: Int64, to: Int64)?) {
        guard counts else { return (count, nil) }
        guard first != nil, let last else {
            if effective == .zero, let start = window.start, let end = window.end { add(start, end) }
            return (count, widest)
        }
        if let end = window.end, end > last + step, effective == .zero || effective == .previous {
            if effective == .zero || maxGap.map({ end - last - step <= $0 }) ?? true { add(last, end) }
        }
        return (count, widest)
    }
}
