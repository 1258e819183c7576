/// The transforms asked for, applied in the fixed order clip → fill → resample → convert.
///
/// DESIGN.md section 4; every step is optional.
public struct TransformPlan: Sendable {
    /// Keep points starting at or after this instant (`--start`).
    public var start: Int64?
    /// Keep points starting before this instant (`--end`).
    public var end: Int64?
    /// How holes are filled (`--fill`).
    public var fill: FillMethod = .none
    /// The longest missing time `previous`/`linear` fill (`--max-gap`), in seconds.
    public var maxGap: Int64?
    /// The resampling buckets (`--resample`, `--tz`).
    public var resample: BucketGrid?
    /// The bucket aggregation (`--agg`); `nil` means by kind.
    public var aggregation: Aggregation?
    /// The unit to convert to (`--unit`).
    public var unit: String?
    /// The zone of `--tz`: local `--start`/`--end` were read in it, and `--time local` writes in it.
    public var zone: ZoneRules = .utc

    /// No transforms.
    public init() {}

    /// The most points `--fill` or upsampling may create, over all series of one run (a fill
    /// counts the points it invents, not the series' own).
    ///
    /// Five million points (47 years of 5-minute points, 9.5 of 1-minute ones) hold about 125 MB
    /// as columns: with a copy per step and the encoder, a run stays well under 512 MiB. An input
    /// under 1 MB has at most ~50,000 points; a fill beyond this limit is stretched by a point far
    /// from the others (a mistyped year), which `apply` names instead of allocating for it.
    public static let maxFilledPoints: Int64 = 5_000_000

    /// A warning when `--start`/`--end` keep no point of a dump that has some.
    ///
    /// The output would otherwise be a header alone, exit 0, as if the dump were empty. It names
    /// the window and the span the points cover, so a wrong year or zone shows at once.
    static func emptyWindowWarning(before: [Series], after: [Series], start: Int64?, end: Int64?) -> Diagnostic? {
        guard start != nil || end != nil, after.allSatisfy({ $0.firstPointTime == nil }) else { return nil }
        guard let first = before.compactMap(\.firstPointTime).min(), let last = before.compactMap(\.lastPointTime).max() else { return nil }
        let window = [start.map { "--start \(UnixTime.iso8601($0))" }, end.map { "--end \(UnixTime.iso8601($0))" }].compactMap { $0 }
        return .warning(
            .emptySeries,
            "\(window.joined(separator: " and ")) keep\(window.count == 1 ? "s" : "") no point: the points start from "
                + "\(UnixTime.iso8601(first)) to \(UnixTime.iso8601(last))"
        )
    }

    /// Whether the plan changes nothing.
    public var isEmpty: Bool {
        start == nil && end == nil && fill == .none && resample == nil && aggregation == nil && unit == nil
    }

    /// The transformed series, in output order, and the warnings met.
    ///
    /// A series whose points are ``Series/stored`` (a streamed conversion) is not read here: its
    /// transforms are attached to be run page by page as the encoder reads it, through the same
    /// per-point stages as columns (``Resampling``, ``GapFilling``), so it comes out as they would.
    ///
    /// - Throws: a usage error when `--unit` cannot apply to any series.
    public func apply(to series: [Series]) throws(Diagnostic) -> (series: [Series], warnings: [Diagnostic]) {
        guard !isEmpty else { return (series, []) }
        var warnings: [Diagnostic] = []
        // Every step below maps series one to one, so index i is always series[i] transformed.
        let nativeSteps = series.map(\.identity.step)
        var current = series.map { Clipper.clip($0, start: start, end: end) }
        if let warning = Self.emptyWindowWarning(before: series, after: current, start: start, end: end) { warnings.append(warning) }
        if fill != .none {
            // A window filled at a short step could ask for billions of points: refuse, don't swap.
            if let start, let end {
                for s in current where s.identity.step > 0 && (end - start) / s.identity.step > TransformPlan.maxFilledPoints {
                    throw .error(
                        .usage,
                        "--fill over \(UnixTime.iso8601(start)) to \(UnixTime.iso8601(end)) would create "
                            + "\((end - start) / s.identity.step) points at \(s.identity.step) s for \(s.identity.resource); "
                            + "the limit is \(TransformPlan.maxFilledPoints): narrow the window"
                    )
                }
            }
            try Self.refuseOversizedFill(current, method: fill, window: (start, end), maxGap: maxGap)
            current = current.map { s in
                let (filled, warning) = GapFiller.fill(s, method: fill, window: (start, end), maxGap: maxGap)
                if let warning { warnings.append(warning) }
                return filled
            }
        }
        if let resample {
            // A rate ↔ amount conversion runs on the points, before resampling: on a complete
            // bucket the result is the one resample-then-convert gives (mean × bucket length =
            // Σ value × step), but on a partial bucket it counts only the time that was seen
            // instead of stretching a mean over hours the dump does not cover. With `--agg` the
            // fixed order holds (resample, then convert): `--agg max --unit GB` is the largest
            // bucket rate over the bucket, never a 5-minute amount labelled as a day.
            if let unit, let target = DataUnit(unit), aggregation == nil {
                current = try current.map { s throws(Diagnostic) in
                    guard DataUnit(s.identity.unit) != nil, target.isRate != (s.identity.kind == .rate) else { return s }
                    let step = s.identity.step
                    if case .converted(let result) = try UnitConverter.convert(s, to: unit, duration: { _ in step }) { return result }
                    return s
                }
            }
            var pieces: Int64 = 0
            for s in current where s.identity.step > resample.nominalStep {
                let (more, overflow) = Int64(s.pointCount).multipliedReportingOverflow(by: s.identity.step / max(resample.nominalStep, 1))
                pieces = overflow || pieces.addingReportingOverflow(more).overflow ? Int64.max : pieces + more
                if pieces > TransformPlan.maxFilledPoints {
                    throw .error(
                        .usage,
                        "--resample \(resample.interval) would split \(s.identity.resource)'s \(s.pointCount) points of "
                            + "\(s.identity.step) s into \(pieces) pieces; the limit is \(TransformPlan.maxFilledPoints)"
                    )
                }
            }
            current = current.map { Resampler.resample($0, grid: resample, aggregation: aggregation) }
        }
        if let unit {
            var converted: [Series] = []
            var leftAlone: [String: (count: Int, example: Diagnostic)] = [:]
            for s in current {
                let duration: @Sendable (Int64) -> Int64
                if let resample {
                    duration = { t in
                        let bucket = resample.bucket(containing: t)
                        return bucket.upperBound - bucket.lowerBound
                    }
                } else {
                    let step = s.identity.step
                    duration = { _ in step }
                }
                switch try UnitConverter.convert(s, to: unit, duration: duration) {
                case .converted(let result):
                    converted.append(result)
                case .leftAlone(let result, let reason):
                    converted.append(result)
                    leftAlone[result.identity.unit, default: (0, reason)].count += 1
                }
            }
            let convertedCount = current.count - leftAlone.values.reduce(0) { $0 + $1.count }
            if convertedCount == 0, let fromUnit = leftAlone.keys.min() {
                let why = CurrencyCode.isCurrency(fromUnit) ? "money converts only to itself" : "\(fromUnit) is not a data unit"
                throw .error(.usage, "cannot convert \(fromUnit) to \(unit): \(why), and no series is in a data unit")
            }
            for (fromUnit, entry) in leftAlone.sorted(by: { $0.key < $1.key }) {
                warnings.append(
                    entry.count == 1
                        ? entry.example
                        : .warning(.usage, "\(entry.count) series in \(fromUnit) left as they are: \(fromUnit) cannot become \(unit)")
                )
            }
            current = converted
        }
        // Resampling or converting can give two series one identity (InterServer's hourly and
        // daily history at 1d): one reconciled series each, never two rows for one time.
        // Reconciling compares points at each time across the series sharing an identity: those
        // are read into columns (two histories of one InterServer server, never a large dump).
        if current.contains(where: { $0.stored != nil }) {
            var seen: [SeriesReconciler.RowIdentity: Int] = [:]
            for s in current { seen[SeriesReconciler.RowIdentity(s.identity), default: 0] += 1 }
            for index in current.indices
            where current[index].stored != nil && seen[SeriesReconciler.RowIdentity(current[index].identity), default: 0] > 1 {
                do {
                    current[index] = try current[index].materialized()
                } catch {
                    throw error as? Diagnostic ?? .error(.ioFailure, "\(error)")
                }
            }
        }
        let reconciled = SeriesReconciler.reconcile(current, nativeSteps: nativeSteps)
        return (reconciled.series, warnings + reconciled.warnings)
    }

    /// Refuses, before anything is allocated, a fill that would create more than
    /// `maxFilledPoints` points over all series, naming the point that stretches the span (the
    /// widest hole's far end) and where its series is in the dump.
    ///
    /// - Throws: `.sizeLimit` (exit 65) located at the series.
    static func refuseOversizedFill(
        _ series: [Series],
        method: FillMethod,
        window: (start: Int64?, end: Int64?),
        maxGap: Int64?
    ) throws(Diagnostic) {
        var total: Int64 = 0
        for s in series {
            let (planned, widest) = try plannedCount(s, method: method, window: window, maxGap: maxGap)
            // What the limit bounds is invented points: the dump's own are already read (and
            // streamed when it is large), so a long dump with no holes fills freely.
            let count = planned - Int64(s.pointCount)
            total = total.addingReportingOverflow(count).overflow ? Int64.max : total + count
            guard total > maxFilledPoints else { continue }
            let i = s.identity
            let name = "\(i.resource) \(i.metric)\(i.direction.isEmpty ? "" : " \(i.direction)")"
            var why = ""
            if let (from, to) = widest {
                let apart = ConsistencyChecks.distance(to - from)
                if from == window.start || to == window.end {
                    why =
                        "it fills \(apart) from \(UnixTime.iso8601(from)) to \(UnixTime.iso8601(to)) at \(i.step) s: "
                        + "narrow --start/--end"
                } else {
                    // The point that stretches the span is the widest hole's end on the side
                    // with fewer points: one mistyped year against the dump's days of points.
                    let before = try pointsAtOrBefore(from, in: s)
                    let (near, far) = before * 2 < s.pointCount ? (to, from) : (from, to)
                    why =
                        "the point at \(UnixTime.iso8601(far)) is \(apart) from the one at \(UnixTime.iso8601(near)), "
                        + "so the hole between them alone is \(Number(to - from).divided(by: i.step)) points at \(i.step) s: "
                        + "correct or drop that point, or clip it off with --start/--end"
                }
            }
            throw .error(
                .sizeLimit,
                "--fill \(method.rawValue) would create more than \(maxFilledPoints) points (series \(name)); \(why)",
                at: s.origin
            )
        }
    }

    /// ``GapFiller/plannedCount(_:method:window:maxGap:)`` wherever the points are.
    private static func plannedCount(
        _ s: Series,
        method: FillMethod,
        window: (start: Int64?, end: Int64?),
        maxGap: Int64?
    ) throws(Diagnostic) -> (count: Int64, widest: (from: Int64, to: Int64)?) {
        do {
            return try GapFiller.plannedCount(reading: s, method: method, window: window, maxGap: maxGap)
        } catch {
            throw error as? Diagnostic ?? .error(.ioFailure, "\(error)")
        }
    }

    /// How many of `s`'s points start at or before `time`.
    private static func pointsAtOrBefore(_ time: Int64, in s: Series) throws(Diagnostic) -> Int {
        guard s.stored != nil else { return s.times.prefix { $0 <= time }.count }
        var count = 0
        do {
            try s.forEachPage { page in count += page.times.prefix { $0 <= time }.count }
        } catch {
            throw error as? Diagnostic ?? .error(.ioFailure, "\(error)")
        }
        return count
    }
}
