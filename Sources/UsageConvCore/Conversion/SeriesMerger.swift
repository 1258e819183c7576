/// Combines the series of several inputs into one output set, in output order.
public enum SeriesMerger {
    /// Merges series with equal identities (their points are combined and duplicates resolved by
    /// `policy`, warnings reported), then sorts by identity.
    public static func merge(_ series: [Series], duplicates policy: DuplicatePolicy) throws -> (series: [Series], warnings: [Diagnostic]) {
        var groups: [SeriesIdentity: [Series]] = [:]
        for s in series { groups[s.identity, default: []].append(s) }
        var merged: [Series] = []
        var warnings: [Diagnostic] = []
        for (identity, parts) in groups {
            guard parts.count > 1 else {
                merged.append(parts[0])
                continue
            }
            var meta: [String: String] = [:]
            for part in parts { meta.merge(part.meta) { _, new in new } }
            if parts.allSatisfy({ $0.qualities.allSatisfy { $0 == .measured } }) {
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
                var (result, more) = try builder.finish(duplicates: policy, reportIdentical: false)
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
}
