/// Writes InterServer VPS `traffic_usage` responses: `data` samples per "<ip> In"/"<ip> Out",
/// `history.hour` / `history.day`, and the summaries (`usage`, `totals`, `times`, `last`)
/// computed from those points, so the decoder's cross-checks all pass.
///
/// The inverse of `InterServerTrafficDecoder`: samples are rates in B/s (bit/s for a dump taken
/// with `metric=bits`, decoded with `--assume-unit bit/s`) at ISO 8601 UTC times, directions from
/// the VPS's point of view; history is bytes per hour and per day, in + out together (`total`),
/// for one VPS (`name`). Summaries: `usage.peak` the largest sample, `usage.current` the newest,
/// `usage.average` `{count, total, value = ceil(total / count)}`; `totals.{day,month,year,all}`
/// all equal to the bytes the samples account for (each sample × its step), raised where the
/// daily history needs more; `times` the samples' times; `last` the newest sample's time.
public struct InterServerDumpEncoder: ProviderDumpEncoder {
    /// The provider.
    public let provider = DumpProvider.interserver
    /// Members the encoder computes, never copied from metadata.
    static let computed: Set<String> = ["data", "history", "usage", "totals", "times", "last", "series_name", "code", "message"]

    /// Creates the encoder.
    public init() {}

    /// Writes one VPS's samples and history.
    public func encode(_ series: [Series], options: DumpEncodeOptions) throws -> EncodedDump {
        try DumpRules.requireForm(options, provider)
        try DumpRules.requireStartLabels(options, provider)
        try DumpRules.refuseOmitZeros(options, provider)
        var samples: [Series] = []
        var hour: Series? = nil
        var day: Series? = nil
        for s in series {
            let i = s.identity
            try DumpRules.requireNonNegative(s, provider)
            if i.metric == "bandwidth" && (i.unit == "B/s" || i.unit == "bit/s") {
                guard i.direction == "in" || i.direction == "out" else {
                    throw DumpRules.refuse(
                        s,
                        provider,
                        "name samples \"<ip> In\" or \"<ip> Out\": direction in or out, not '\(i.direction)'"
                    )
                }
                if let first = samples.first, first.identity.unit != i.unit {
                    throw DumpRules.refuse(s, provider, "hold samples in one unit (metric=bytes or bits); \(DumpRules.name(first)) differs")
                }
                samples.append(s)
            } else if i.metric == "traffic" && i.unit == "B" && i.direction == "total" {
                try DumpRules.requireStep(s, in: [3600, 86_400], provider, what: "history")
                if let other = hour ?? day, other.identity.resource != i.resource {
                    throw DumpRules.refuse(s, provider, "hold one VPS's history; \(DumpRules.name(other)) is another VPS")
                }
                if i.step == 3600 {
                    if hour != nil { throw DumpRules.refuse(s, provider, "hold one hourly history") }
                    hour = s
                } else {
                    if day != nil { throw DumpRules.refuse(s, provider, "hold one daily history") }
                    day = s
                }
            } else {
                throw DumpRules.refuse(
                    s,
                    provider,
                    "hold bandwidth samples (B/s or bit/s, in or out) and traffic history (B, total, 3600 or 86400 s) only"
                )
            }
        }
        try DumpRules.requireUnique(
            samples,
            provider,
            key: { [$0.identity.resource, $0.identity.direction] },
            "hold one series per IP and direction"
        )
        var arguments: [String] = []
        if samples.first?.identity.unit == "bit/s" { arguments += ["--assume-unit", "bit/s"] }
        arguments += try stepArguments(samples)
        var meta: [String: String] = [:]
        for s in series { meta.merge(s.meta) { own, _ in own } }
        if let vps = (hour ?? day)?.identity.resource {
            // The decoder names history after `name`, else `target`, else "vps".
            if meta["name"] != nil || (meta["target"] ?? "vps") != vps { meta["name"] = vps }
        }
        var out: [UInt8] = []
        out.append(text: "{\n\"data\":[")
        for (index, s) in samples.enumerated() {
            out.append(text: index == 0 ? "\n{\"name\":" : ",\n{\"name\":")
            out.append(jsonString: "\(s.identity.resource) \(s.identity.direction == "in" ? "In" : "Out")")
            out.append(text: ",\"data\":")
            writePairs(s, to: &out)
            out.append(text: "}")
        }
        out.append(text: samples.isEmpty ? "]" : "\n]")
        if hour != nil || day != nil {
            out.append(text: ",\n\"history\":{")
            for (index, (key, s)) in [("hour", hour), ("day", day)].compactMap({ k, s in s.map { (k, $0) } }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(text: "\"\(key)\":{\"data\":")
                writePairs(s, to: &out)
                out.append(text: ",\"times\":")
                writeTimes((s.times + s.nullTimes).sorted(), to: &out)
                out.append(text: "}")
            }
            out.append(text: "}")
        }
        if !samples.isEmpty {
            out.append(text: ",\n\"times\":")
            writeTimes(Set(samples.flatMap { $0.times + $0.nullTimes }).sorted(), to: &out)
            if let newest = samples.compactMap(\.times.last).max() { meta["last"] = UnixTime.iso8601(newest) }
            writeUsage(samples, to: &out)
        }
        writeTotals(samples, day: day, to: &out)
        for (key, value) in meta.sorted(by: { $0.key < $1.key }) where !Self.computed.contains(key) || key == "last" {
            out.append(text: ",\n")
            JSONText.writeKey(key, to: &out)
            // `interval` (the client's refresh period) is an integer in every response.
            if key == "interval", let number = Int64(value) {
                NumberText.writeDecimal(significand: number, exponent: 0, to: &out)
            } else {
                out.append(jsonString: value)
            }
        }
        out.append(text: "\n}\n")
        return EncodedDump(bytes: out, warnings: DumpRules.qualityWarnings(series, provider), decodeArguments: arguments)
    }

    /// `{"code": "Unauthorized", "message": ...}`: the documented 401 body.
    public func errorBody(options: DumpEncodeOptions) throws -> [UInt8] {
        try DumpRules.requireForm(options, provider)
        return Array("{\"code\":\"Unauthorized\",\"message\":\"Authentication failed: missing or invalid X-API-KEY\"}\n".utf8)
    }

    /// `--step N` when the samples' spacing does not show their step; one value serves all samples.
    private func stepArguments(_ samples: [Series]) throws -> [String] {
        let decoder = InterServerTrafficDecoder()
        return try DumpRules.sharedStepArgument(
            needing: samples.filter { decoder.typicalSpacing(($0.times + $0.nullTimes).sorted()) != $0.identity.step },
            all: samples,
            provider,
            show: "a sample's step only by the spacing of the samples"
        )
    }

    /// `[["2023-09-17T03:30:30Z", 3968], ...]`.
    private func writePairs(_ s: Series, to out: inout [UInt8]) {
        let points = DumpRules.points(s, omitZeros: false)
        out.append(text: "[")
        for (index, point) in points.enumerated() {
            out.append(text: index == 0 ? "\n[" : ",\n[")
            out.append(isoTime: point.time)
            out.append(UInt8(ascii: ","))
            out.append(json: point.value)
            out.append(UInt8(ascii: "]"))
        }
        out.append(text: points.isEmpty ? "]" : "\n]")
    }

    private func writeTimes(_ times: [Int64], to out: inout [UInt8]) {
        out.append(text: "[")
        for (index, t) in times.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(isoTime: t)
        }
        out.append(text: "]")
    }

    /// `usage`: peak, current and average per direction that has samples, as the decoder checks them.
    private func writeUsage(_ samples: [Series], to out: inout [UInt8]) {
        var parts: [String: [(String, [UInt8])]] = [:]
        for direction in ["in", "out"] {
            let points = samples.filter { $0.identity.direction == direction }
            let values = points.flatMap(\.values)
            guard let peak = values.max() else { continue }
            let newest = points.compactMap(\.times.last).max()
            let current = points.first { $0.times.last == newest }?.values.last ?? peak
            let total = values.reduce(Number.zero, +)
            // InterServer's client shows ceil(total / count); computed as the decoder checks it.
            let mean = Number((total.doubleValue / Double(values.count)).rounded(.up))
            var average: [UInt8] = Array("{\"count\":\(values.count),\"total\":".utf8)
            total.write(to: &average)
            average.append(text: ",\"value\":")
            mean.write(to: &average)
            average.append(text: "}")
            parts["peak", default: []].append((direction, Array(peak.description.utf8)))
            parts["current", default: []].append((direction, Array(current.description.utf8)))
            parts["average", default: []].append((direction, average))
        }
        out.append(text: ",\n\"usage\":{")
        for (index, key) in ["peak", "current", "average"].enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(text: "\"\(key)\":{")
            for (k, (direction, value)) in (parts[key] ?? []).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(text: "\"\(direction)\":")
                out.append(contentsOf: value)
            }
            out.append(text: "}")
        }
        out.append(text: "}")
    }

    /// `totals`: day = month = year = all, per direction, at least the samples' bytes and
    /// together at least the daily history.
    private func writeTotals(_ samples: [Series], day: Series?, to out: inout [UInt8]) {
        var bytes: [String: Double] = [:]
        for direction in ["in", "out"] {
            // Summed as the decoder sums it, so its check compares equal doubles.
            bytes[direction] = samples.filter { $0.identity.direction == direction }.reduce(0.0) { sum, s in
                sum + s.values.reduce(0.0) { $0 + $1.doubleValue } * Double(s.identity.step)
            }.rounded(.up)
        }
        var allIn = bytes["in"] ?? 0
        let allOut = bytes["out"] ?? 0
        if let day {
            let history = day.values.reduce(Number.zero, +).doubleValue.rounded(.up)
            allIn = max(allIn, history - allOut)
        }
        out.append(text: ",\n\"totals\":{")
        for (index, key) in ["day", "month", "year", "all"].enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(text: "\"\(key)\":{\"in\":")
            Number(allIn).write(to: &out)
            out.append(text: ",\"out\":")
            Number(allOut).write(to: &out)
            out.append(text: "}")
        }
        out.append(text: "}")
    }
}
