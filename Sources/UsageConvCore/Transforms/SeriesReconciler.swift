/// Keeps the invariant of every output (DESIGN.md section 3): no two rows with the same series
/// identity and time, rows sorted by identity, then time.
///
/// Transforms can give two series one identity: after `--resample 1d` InterServer's
/// `history.hour` summed per day and `history.day` are both `traffic total B 86400`; after
/// `--resample 1h` the day's figures split into hours land on `history.hour`'s own identity.
/// Such series become **one reconciled series**, which at each time keeps the best point:
///
/// 1. by quality: `measured`, then invented points (`zero-filled`, `carried`), then
///    `interpolated` pieces of a longer point, then `partial` buckets (missing inputs);
/// 2. then the series whose native step is the output step (the provider's own figure for
///    exactly that interval);
/// 3. then the coarser native step (fewer pieces summed: the provider's day beats the sum of its
///    hours); then input order.
///
/// Where two `measured` points at one time disagree, one warning per reconciled series gives
/// the count and the first case with both values. Identity here is what a row shows (source,
/// resource, metric, direction, unit, step); kind and absent come from the preferred series.
public enum SeriesReconciler {
    /// One series per row identity, sorted, with warnings for disagreeing complete points.
    ///
    /// - Parameters:
    ///   - series: transformed series, in any order.
    ///   - nativeSteps: each series' step before transforms (same count as `series`); a missing
    ///     entry counts as the series' own step.
    public static func reconcile(_ series: [Series], nativeSteps: [Int64] = []) -> (series: [Series], warnings: [Diagnostic]) {
        var groups: [RowIdentity: [Int]] = [:]
        var order: [RowIdentity] = []
        for (index, s) in series.enumerated() {
            let key = RowIdentity(s.identity)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(index)
        }
        var out: [Series] = []
        var warnings: [Diagnostic] = []
        out.reserveCapacity(order.count)
        for key in order {
            guard let members = groups[key] else { continue }
            guard members.count > 1 else {
                out.append(series[members[0]])
                continue
            }
            let parts = members.map { index in
                Member(
                    series: series[index],
                    native: index < nativeSteps.count ? nativeSteps[index] : series[index].identity.step,
                    order: index
                )
            }
            let (merged, warning) = merge(parts)
            out.append(merged)
            if let warning { warnings.append(warning) }
        }
        out.sort { $0.identity < $1.identity }
        return (out, warnings)
    }

    /// What a row shows of a series' identity.
    struct RowIdentity: Hashable {
        var source, resource, metric, direction, unit: String
        var step: Int64

        init(_ identity: SeriesIdentity) {
            (source, resource, metric, direction, unit, step) = (
                identity.source, identity.resource, identity.metric, identity.direction, identity.unit, identity.step
            )
        }
    }

    private struct Member {
        var series: Series
        var native: Int64
        var order: Int
    }

    private static func qualityRank(_ quality: Quality) -> Int {
        switch quality {
        case .measured: 0
        case .zeroFilled, .carried: 1
        case .interpolated: 2
        case .partial: 3
        }
    }

    /// The reconciled series of members that share a row identity.
    private static func merge(_ members: [Member]) -> (Series, Diagnostic?) {
        let step = members[0].series.identity.step
        // Series-level preference (rules 2 and 3); quality decides per point first.
        let ranked = members.sorted { a, b in
            let exactA = a.native == step
            let exactB = b.native == step
            if exactA != exactB { return exactA }
            if a.native != b.native { return a.native > b.native }
            return a.order < b.order
        }
        let preferred = ranked[0].series
        var meta: [String: String] = [:]
        for member in ranked.reversed() { meta.merge(member.series.meta) { _, new in new } }
        let labelNames = Set(ranked.flatMap(\.series.labels.keys))
        var result = Series(
            identity: preferred.identity,
            meta: meta,
            labels: Dictionary(uniqueKeysWithValues: labelNames.map { ($0, [String]()) })
        )
        result.origin = preferred.origin
        // Every member's points in time order; each member is already sorted with unique times.
        var cursors = [Int](repeating: 0, count: ranked.count)
        var disagreements = 0
        var firstDisagreement: (time: Int64, kept: Number, other: Number)? = nil
        while true {
            var time: Int64? = nil
            for (m, member) in ranked.enumerated() where cursors[m] < member.series.count {
                let t = member.series.times[cursors[m]]
                if time.map({ t < $0 }) ?? true { time = t }
            }
            guard let time else { break }
            var best: (member: Int, index: Int)? = nil
            var measured: [Number] = []
            for (m, member) in ranked.enumerated() where cursors[m] < member.series.count && member.series.times[cursors[m]] == time {
                let index = cursors[m]
                cursors[m] += 1
                let quality = member.series.qualities[index]
                if quality == .measured { measured.append(member.series.values[index]) }
                if let current = best {
                    let held = ranked[current.member].series.qualities[current.index]
                    if qualityRank(quality) < qualityRank(held) { best = (m, index) }
                } else {
                    best = (m, index)
                }
            }
            guard let best else { continue }
            let chosen = ranked[best.member].series
            let value = chosen.values[best.index]
            if chosen.qualities[best.index] == .measured, let other = measured.first(where: { $0 != value }) {
                disagreements += 1
                if firstDisagreement == nil { firstDisagreement = (time, value, other) }
            }
            result.times.append(time)
            result.values.append(value)
            result.qualities.append(chosen.qualities[best.index])
            for name in labelNames { result.labels[name]?.append(chosen.labels[name]?[best.index] ?? "") }
        }
        guard let first = firstDisagreement else { return (result, nil) }
        let identity = preferred.identity
        let direction = identity.direction.isEmpty ? "" : " " + identity.direction
        let natives = Set(members.map(\.native)).sorted().map { "\($0) s" }.joined(separator: ", ")
        let warning = Diagnostic.warning(
            .inconsistentTotals,
            "series \(identity.resource) \(identity.metric)\(direction) at \(identity.step) s comes from \(members.count) series "
                + "(native steps \(natives)) that disagree at \(disagreements) complete "
                + (disagreements == 1 ? "point" : "points")
                + " (first at \(UnixTime.iso8601(first.time)): kept \(first.kept), the other gives \(first.other)); "
                + "one row per time was kept, preferring complete points, then the series at that native step, then the coarser one",
            at: preferred.origin
        )
        return (result, warning)
    }
}
