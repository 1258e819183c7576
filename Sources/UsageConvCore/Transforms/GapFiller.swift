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
        guard method != .none else { return (series, nil) }
        let step = series.identity.step
        guard step > 0 else { return (series, nil) }
        var effective = method
        var warning: Diagnostic? = nil
        if series.identity.absent == .zero && method != .zero {
            effective = .zero
            warning = .warning(
                .invalidValue,
                "\(series.identity.source) omits zero points, so \(series.identity.resource) "
                    + "\(series.identity.metric) holes were filled with zeros, not --fill \(method.rawValue)"
            )
        }
        var out = Series(identity: series.identity, meta: series.meta, labels: series.labels.mapValues { _ in [] })
        out.times.reserveCapacity(series.count)
        out.values.reserveCapacity(series.count)
        out.qualities.reserveCapacity(series.count)

        if series.isEmpty {
            // Nothing anchors a grid: a zero fill of a whole window uses the one through the epoch.
            guard effective == .zero, let start = window.start, let end = window.end else { return (series, warning) }
            var t = gridPoint(atOrAfter: start, phase: 0, step: step)
            while t < end {
                out.append(time: t, value: .zero, quality: .zeroFilled)
                t += step
            }
            return (out, warning)
        }
        // Leading edge: from the window's start up to the first point, on the first point's grid.
        if let start = window.start, effective == .zero, let first = series.times.first {
            var t = first - UnixTime.floorDiv(first - start, step) * step
            while t < first {
                out.append(time: t, value: .zero, quality: .zeroFilled)
                t += step
            }
        }
        for i in 0..<series.count {
            if i > 0 {
                fillHole(
                    into: &out,
                    from: series.times[i - 1],
                    to: series.times[i],
                    values: (series.values[i - 1], series.values[i]),
                    method: effective,
                    step: step,
                    maxGap: maxGap
                )
            }
            out.times.append(series.times[i])
            out.values.append(series.values[i])
            out.qualities.append(series.qualities[i])
            for key in series.labels.keys { out.labels[key]?.append(series.labels[key]?[i] ?? "") }
        }
        // Trailing edge: after the last point up to the window's end.
        if let end = window.end {
            if let last = series.times.last, let value = series.values.last {
                if effective == .zero || effective == .previous {
                    let missing = end - last - step
                    if effective == .zero || maxGap.map({ missing <= $0 }) ?? true {
                        var t = last + step
                        while t < end {
                            out.append(
                                time: t,
                                value: effective == .zero ? .zero : value,
                                quality: effective == .zero ? .zeroFilled : .carried
                            )
                            t += step
                        }
                    }
                }
            }
        }
        return (out, warning)
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
        let step = series.identity.step
        guard method != .none, step > 0 else { return (Int64(series.count), nil) }
        let effective = series.identity.absent == .zero ? FillMethod.zero : method
        var count = Int64(series.count)
        var widest: (from: Int64, to: Int64)? = nil
        func add(_ from: Int64, _ to: Int64) {
            guard to > from else { return }
            let (length, overflow) = to.subtractingReportingOverflow(from)
            let points = overflow ? Int64.max / 2 : length / step + 1
            count = count.addingReportingOverflow(points).overflow ? Int64.max : count + points
            if let known = widest, known.to - known.from >= length { return }
            widest = (from, to)
        }
        guard let first = series.times.first, let last = series.times.last else {
            if effective == .zero, let start = window.start, let end = window.end { add(start, end) }
            return (count, widest)
        }
        if effective == .zero, let start = window.start, start < first { add(start, first) }
        for i in series.times.indices.dropFirst() {
            let a = series.times[i - 1]
            let b = series.times[i]
            guard (b - a) * 2 > step * 3 else { continue }
            if effective != .zero, let maxGap, b - a - step > maxGap { continue }
            add(a, b)
        }
        if let end = window.end, end > last + step, effective == .zero || effective == .previous {
            if effective == .zero || maxGap.map({ end - last - step <= $0 }) ?? true { add(last, end) }
        }
        return (count, widest)
    }

    private static func fillHole(
        into out: inout Series,
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
