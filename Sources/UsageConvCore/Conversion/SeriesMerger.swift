/// Combines the series of several inputs into one output set, in output order.
public enum SeriesMerger {
    /// Merges series with equal identities (their points are combined and duplicates resolved by
    /// `policy`, warnings reported), then sorts by identity.
    public static func merge(_ series: [Series], duplicates policy: DuplicatePolicy) throws -> (series: [Series], warnings: [Diagnostic]) {
        var groups: [SeriesIdentity: [Series]] = [:]
        for s in series { groups[s.identity, default: []].append(s) }
        var merged: [Series] = []
        var warnings: [Diagnostic] = []
        // In identity order, not the dictionary's (seeded per process): warnings come out the same
        // on every run and for every --jobs value.
        for (identity, parts) in groups.sorted(by: { $0.key < $1.key }) {
            guard parts.count > 1 else {
                merged.append(parts[0])
                continue
            }
            var meta: [String: String] = [:]
            for part in parts { meta.merge(part.meta) { _, new in new } }
            if let store = store(streaming: parts) {
                // Consecutive windows (a dump a day): the parts end to end, nothing to merge.
                if let joined = disjoint(parts, identity: identity, meta: meta) {
                    merged.append(joined)
                    continue
                }
                // Points in a spill file: a k-way merge of the parts (decoded points, all measured).
                let finished = try mergeStored(parts, identity: identity, meta: meta, policy: policy, into: store)
                merged.append(finished.series)
                warnings += finished.warnings
            } else if parts.allSatisfy({ $0.qualities.allSatisfy { $0 == .measured } }) {
                var builder = SeriesBuilder(identity: identity, meta: meta)
                for part in parts {
                    for i in 0..<part.count {
                        if part.labels.isEmpty {
                            builder.append(time: part.times[i], value: part.values[i])
                        } else {
                            builder.append(time: part.times[i], value: part.values[i], labels: part.labels.mapValues { $0[i] })
                        }
                    }
                }
                // Archived windows overlap by design: identical values there lose nothing and are
                // not worth a warning; differing ones are, with the policy that resolved them.
                let finished: (series: Series, warnings: [Diagnostic])
                do {
                    finished = try builder.finish(duplicates: policy, reportIdentical: false)
                } catch let diagnostic as Diagnostic where diagnostic.code == .duplicateTimestamp {
                    throw overlap(in: parts, identity: identity) ?? diagnostic
                }
                var result = finished.series
                let more = finished.warnings
                // A null in one dump is no hole where another dump has the value.
                result.nullTimes = Array(Set(parts.flatMap(\.nullTimes)).subtracting(result.times)).sorted()
                merged.append(result)
                warnings += more.filter { $0.code != .outOfOrder }
            } else {
                // Non-measured points only arise from transforms, which run after merging.
                merged.append(contentsOf: parts)
            }
        }
        merged.sort { $0.identity < $1.identity }
        return (merged, warnings)
    }

    /// The error `--on-overlap error` gives: the earliest time two parts of one series disagree,
    /// naming both dumps (their `origin` files), both values and the series' whole identity, so the
    /// user knows which two archived windows to look at.
    static func overlap(in parts: [Series], identity: SeriesIdentity) -> Diagnostic? {
        var earliest: (time: Int64, first: Int, firstIndex: Int, second: Int, secondIndex: Int)? = nil
        for a in parts.indices {
            for b in parts.indices where b > a {
                // Each part is sorted with unique times: one merge walk finds their first conflict.
                var i = 0
                var j = 0
                let x = parts[a]
                let y = parts[b]
                while i < x.count && j < y.count {
                    if let found = earliest, min(x.times[i], y.times[j]) >= found.time { break }
                    if x.times[i] < y.times[j] {
                        i += 1
                    } else if x.times[i] > y.times[j] {
                        j += 1
                    } else {
                        if x.values[i] != y.values[j] {
                            earliest = (x.times[i], a, i, b, j)
                            break
                        }
                        i += 1
                        j += 1
                    }
                }
            }
        }
        guard let found = earliest else { return nil }
        return overlapError(
            in: parts,
            identity: identity,
            time: found.time,
            first: (found.first, parts[found.first].values[found.firstIndex]),
            second: (found.second, parts[found.second].values[found.secondIndex])
        )
    }

    /// The `--on-overlap error` diagnostic for parts `first` and `second` disagreeing at `time`.
    static func overlapError(
        in parts: [Series],
        identity: SeriesIdentity,
        time: Int64,
        first: (part: Int, value: Number),
        second: (part: Int, value: Number)
    ) -> Diagnostic {
        func place(_ part: Int) -> String { parts[part].origin?.description ?? "input \(part + 1)" }
        let i = identity
        let series = [i.source, i.resource, i.metric, i.direction, i.unit, "\(i.step)"].joined(separator: ",")
        return .error(
            .duplicateTimestamp,
            "series \(series) has two different values at \(UnixTime.iso8601(time)): "
                + "\(first.value) in \(place(first.part)) and "
                + "\(second.value) in \(place(second.part)) "
                + "(--on-overlap error; last, first or max picks one)",
            at: parts[second.part].origin
        )
    }
}
