/// Writes SwiftFederation CDN usage and report dumps: `[{"domain": ..., "volumes": [{timestamp, value}]}]`
/// (with `bandwidths`, `hitVolumes`, `reqNumbers` or `hitReqNumbers` beside or instead of
/// `volumes`), or the customer-level flat `[{timestamp, value}]`.
///
/// The inverse of `SwiftFederationUsageDecoder`: `timestamp` is the UTC start of the 5-minute
/// (or, for daily reports, the day's) bucket; volumes are whole bytes, bandwidths bit/s, request
/// counts whole. `requests` and `hit_requests` of one domain are written together as
/// `hitReqNumbers` (`{timestamp, request, hit}`), `requests` alone as `reqNumbers`. The flat form
/// names no domain and holds one series (`--resource`, default `customer`; bandwidth needs
/// `--metric bandwidth`).
public struct SwiftFederationDumpEncoder: ProviderDumpEncoder {
    /// The provider.
    public let provider = DumpProvider.swiftfederation
    /// 5-minute buckets, and days for `interval: "day"` reports.
    static let steps: [Int64] = [300, 86_400]

    /// Creates the encoder.
    public init() {}

    /// The array member a series goes to, by metric and unit; nil when the format has none.
    static func member(_ i: SeriesIdentity) -> String? {
        switch (i.metric, i.unit, i.direction) {
        case ("traffic", "B", "out"): "volumes"
        case ("bandwidth", "bit/s", "out"): "bandwidths"
        case ("hit_traffic", "B", "out"): "hitVolumes"
        case ("requests", "count", ""): "reqNumbers"
        case ("hit_requests", "count", ""): "hitReqNumbers"
        default: nil
        }
    }

    /// Writes the series as per-domain elements, or as the flat customer array.
    public func encode(_ series: [Series], options: DumpEncodeOptions) throws -> EncodedDump {
        try DumpRules.requireForm(options, provider)
        try DumpRules.requireStartLabels(options, provider)
        // No series is `[]`: what the API answers for domains without data.
        if options.form == .customer { try DumpRules.requireSeries(series, provider) }
        for s in series {
            guard let member = Self.member(s.identity) else {
                throw DumpRules.refuse(
                    s,
                    provider,
                    "hold traffic, hit_traffic (B, out), bandwidth (bit/s, out), requests and hit_requests (count) only"
                )
            }
            try DumpRules.requireStep(s, in: Self.steps, provider, what: "buckets")
            try DumpRules.requireNonNegative(s, provider)
            if member != "bandwidths" {
                try DumpRules.requireWhole(s, provider, member.hasSuffix("Volumes") || member == "volumes" ? "bytes" : "requests")
            }
        }
        let warnings = DumpRules.qualityWarnings(series, provider)
        if options.form == .customer { return try encodeFlat(series, options: options, warnings: warnings) }
        try DumpRules.requireUnique(
            series,
            provider,
            key: { [$0.identity.resource, $0.identity.metric] },
            "hold one series per domain and metric"
        )
        var domains: [String] = []
        var byDomain: [String: [Series]] = [:]
        for s in series {
            if byDomain[s.identity.resource] == nil { domains.append(s.identity.resource) }
            byDomain[s.identity.resource, default: []].append(s)
        }
        var out: [UInt8] = [UInt8(ascii: "[")]
        var steps: [(Series, [Int64])] = []
        for (index, domain) in domains.enumerated() {
            let group = byDomain[domain] ?? []
            out.append(text: index == 0 ? "\n{\"domain\":" : ",\n{\"domain\":")
            out.append(jsonString: domain)
            let requests = group.first { $0.identity.metric == "requests" }
            let hits = group.first { $0.identity.metric == "hit_requests" }
            if let hits, requests == nil {
                throw DumpRules.refuse(hits, provider, "hold hit counts only beside the requests they are part of (hitReqNumbers)")
            }
            for s in group where s.identity.metric != "hit_requests" {
                if s.identity.metric == "requests", let hits {
                    out.append(text: ",\"hitReqNumbers\":")
                    let times = writeRequests(s, hits, options: options, to: &out)
                    steps += [(s, times), (hits, times)]
                    continue
                }
                out.append(text: ",")
                JSONText.writeKey(Self.member(s.identity) ?? "volumes", to: &out)
                steps.append((s, writeBuckets(s, options: options, to: &out)))
            }
            out.append(text: "}")
        }
        out.append(text: domains.isEmpty ? "]\n" : "\n]\n")
        return EncodedDump(bytes: out, warnings: warnings, decodeArguments: try stepArguments(steps))
    }

    /// `{"code": "Signature.NotMatch", "message": ...}`: the documented 401 body (success is always an array).
    public func errorBody(options: DumpEncodeOptions) throws -> [UInt8] {
        try DumpRules.requireForm(options, provider)
        return Array("{\"code\":\"Signature.NotMatch\",\"message\":\"The request signature does not match.\"}\n".utf8)
    }

    /// The customer form: one series, no domain.
    private func encodeFlat(_ series: [Series], options: DumpEncodeOptions, warnings: [Diagnostic]) throws -> EncodedDump {
        guard series.count == 1, let s = series.first else {
            throw DumpRules.refuse(series[1], provider, "in the customer form hold one series (no domain names it); found \(series.count)")
        }
        guard s.identity.metric == "traffic" || s.identity.metric == "bandwidth" else {
            throw DumpRules.refuse(s, provider, "in the customer form hold traffic (B) or bandwidth (bit/s) only")
        }
        var out: [UInt8] = []
        let times = writeBuckets(s, options: options, to: &out)
        out.append(0x0A)
        var arguments: [String] = []
        if s.identity.resource != "customer" { arguments += ["--resource", s.identity.resource] }
        if s.identity.metric == "bandwidth" { arguments += ["--metric", "bandwidth"] }
        arguments += try stepArguments([(s, times)])
        return EncodedDump(bytes: out, warnings: warnings, decodeArguments: arguments)
    }

    /// `--step N` when some series' step cannot be inferred from its times; one value serves all.
    private func stepArguments(_ written: [(Series, [Int64])]) throws -> [String] {
        try DumpRules.sharedStepArgument(
            needing: written.filter { !DumpRules.stepArgument($0.1, step: $0.0.identity.step).isEmpty }.map(\.0),
            all: written.map(\.0),
            provider,
            show: "a bucket's length only by the spacing of its points"
        )
    }

    /// Writes `[{"timestamp": ..., "value": ...}, ...]`; returns the times written.
    private func writeBuckets(_ s: Series, options: DumpEncodeOptions, to out: inout [UInt8]) -> [Int64] {
        let points = DumpRules.points(s, omitZeros: options.omitZeros)
        out.append(text: "[")
        for (index, point) in points.enumerated() {
            out.append(text: index == 0 ? "\n{\"timestamp\":" : ",\n{\"timestamp\":")
            out.append(isoTime: point.time)
            out.append(text: ",\"value\":")
            out.append(json: point.value)
            out.append(text: "}")
        }
        out.append(text: points.isEmpty ? "]" : "\n]")
        return points.map(\.time)
    }

    /// Writes `[{"timestamp", "request", "hit"}, ...]` from two series; a time only one has gets
    /// `null` in the other (a missing point, as the decoder reads it).
    private func writeRequests(_ requests: Series, _ hits: Series, options: DumpEncodeOptions, to out: inout [UInt8]) -> [Int64] {
        var rows: [Int64: (request: Number?, hit: Number?)] = [:]
        for p in DumpRules.points(requests, omitZeros: false) { rows[p.time, default: (nil, nil)].request = p.value }
        for p in DumpRules.points(hits, omitZeros: false) { rows[p.time, default: (nil, nil)].hit = p.value }
        // A bucket is left out only when both of its counts are zero (or missing).
        let times = rows.keys.sorted().filter { t in
            !(options.omitZeros && (rows[t]?.request ?? .zero) == .zero && (rows[t]?.hit ?? .zero) == .zero)
        }
        out.append(text: "[")
        for (index, t) in times.enumerated() {
            out.append(text: index == 0 ? "\n{\"timestamp\":" : ",\n{\"timestamp\":")
            out.append(isoTime: t)
            out.append(text: ",\"request\":")
            out.append(json: rows[t]?.request ?? nil)
            out.append(text: ",\"hit\":")
            out.append(json: rows[t]?.hit ?? nil)
            out.append(text: "}")
        }
        out.append(text: times.isEmpty ? "]" : "\n]")
        return times
    }
}
