/// Which samples burstable billing takes the 95th percentile of (`--p95-of`).
public enum BillingBasis: String, Sendable, Hashable, CaseIterable {
    /// Inbound samples only.
    case `in`
    /// Outbound samples only.
    case out
    /// At each time, the larger of in and out (the usual transit bill).
    case max
    /// At each time, in + out.
    case sum
}

/// Builds the in/out combination a bill is computed on, per resource.
public enum DirectionCombiner {
    /// One series per group of `in`/`out` series that share source, resource, metric, unit, kind
    /// and step, holding the samples `basis` bills; its direction is `in`, `out`, `max-of-in-out` or
    /// `in+out`.
    ///
    /// At a time only one direction has a point: a missing point of an `absent = zero` series is a
    /// zero; otherwise the time is left out (nothing is known about the other direction).
    public static func combine(_ series: [Series], basis: BillingBasis) -> [Series] {
        struct Key: Hashable {
            var source, resource, metric, unit: String
            var kind: Kind
            var step: Int64
        }
        var groups: [Key: (in: Series?, out: Series?)] = [:]
        for s in series where s.identity.direction == "in" || s.identity.direction == "out" {
            let i = s.identity
            let key = Key(source: i.source, resource: i.resource, metric: i.metric, unit: i.unit, kind: i.kind, step: i.step)
            if i.direction == "in" { groups[key, default: (nil, nil)].in = s } else { groups[key, default: (nil, nil)].out = s }
        }
        var result: [Series] = []
        for (_, pair) in groups {
            guard let template = pair.in ?? pair.out else { continue }
            var identity = template.identity
            switch basis {
            case .in, .out:
                guard let chosen = basis == .in ? pair.in : pair.out else { continue }
                result.append(Series(identity: chosen.identity, times: chosen.times, values: chosen.values, qualities: chosen.qualities))
                continue
            case .max: identity.direction = "max-of-in-out"
            case .sum: identity.direction = "in+out"
            }
            // In and out samples are paired when less than half a step apart, not by exact time:
            // InterServer samples its two directions a second or two apart.
            let step = Swift.max(identity.step, 1)
            let zeroWhenMissing = identity.absent == .zero
            let inbound = pair.in.map { Array(zip($0.times, $0.values)) } ?? []
            let outbound = pair.out.map { Array(zip($0.times, $0.values)) } ?? []
            var combined = Series(identity: identity)
            var i = 0
            var j = 0
            while i < inbound.count || j < outbound.count {
                let a: (Int64, Number)? = i < inbound.count ? inbound[i] : nil
                let b: (Int64, Number)? = j < outbound.count ? outbound[j] : nil
                var time: Int64
                var values: (Number?, Number?)
                if let a, let b, (a.0 - b.0).magnitude * 2 < step {
                    (time, values) = (Swift.min(a.0, b.0), (a.1, b.1))
                    i += 1
                    j += 1
                } else if let a, b.map({ a.0 < $0.0 }) ?? true {
                    (time, values) = (a.0, (a.1, nil))
                    i += 1
                } else if let b {
                    (time, values) = (b.0, (nil, b.1))
                    j += 1
                } else {
                    break
                }
                guard let x = values.0 ?? (zeroWhenMissing ? Number.zero : nil),
                    let y = values.1 ?? (zeroWhenMissing ? Number.zero : nil)
                else { continue }
                if let last = combined.times.last, time <= last { time = last + 1 }
                combined.append(time: time, value: basis == .max ? Swift.max(x, y) : x + y)
            }
            result.append(combined)
        }
        return result.sorted { $0.identity < $1.identity }
    }
}
