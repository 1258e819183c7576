/// Writes Baishan CDN `stat/bandwidth` dumps: `{"code":0,"data":[[t, v], ...]}`, or the
/// `eachDomain` form `{"code":0,"data":{"<domain>":{"domain":"<domain>","data":[...]}}}`.
///
/// The inverse of `BaishanBandwidthDecoder`: bandwidth in bit/s (`data_type=bandwidth`) or
/// traffic in bytes per bucket (`data_type=traffic`, decoded with `--metric traffic`), direction
/// out, at the `grad` steps 60 (origin APIs), 300, 3600 and 86,400 s, times as interval-start
/// Unix seconds (`stat_is_forward=0`). The plain form holds one series (the sum of the queried
/// domains, named only by `--resource`); several series need `eachDomain`, which holds one
/// `data_type` and one `grad` per request, so its series share metric and step.
public struct BaishanDumpEncoder: ProviderDumpEncoder {
    /// The provider.
    public let provider = DumpProvider.baishan
    /// Baishan's `grad` values in seconds.
    static let steps: [Int64] = [60, 300, 3600, 86_400]

    /// Creates the encoder.
    public init() {}

    /// Writes the series (one for the plain form, one per domain for `eachDomain`).
    public func encode(_ given: [Series], options: DumpEncodeOptions) throws -> EncodedDump {
        let series = DumpRules.labelled(given, options)
        try DumpRules.requireForm(options, provider)
        try DumpRules.requireSeries(series, provider)
        let eachDomain = options.form == .eachDomain || series.count > 1
        for s in series {
            let i = s.identity
            switch (i.metric, i.unit) {
            case ("bandwidth", "bit/s"), ("traffic", "B"): break
            default:
                throw DumpRules.refuse(s, provider, "hold bandwidth in bit/s or traffic in B only, not \(i.metric) in \(i.unit)")
            }
            if i.direction != "out" { throw DumpRules.refuse(s, provider, "hold outbound (out) data only, not '\(i.direction)'") }
            try DumpRules.requireStep(s, in: Self.steps, provider, what: "points")
            try DumpRules.requireNonNegative(s, provider)
            if eachDomain, let first = series.first, (i.metric, i.step) != (first.identity.metric, first.identity.step) {
                throw DumpRules.refuse(
                    s,
                    provider,
                    "answer one data_type and grad per request: this series differs from \(DumpRules.name(first)) (encode them separately)"
                )
            }
        }
        try DumpRules.requireUnique(series, provider, key: \.identity.resource, "name each domain once (two series for one resource)")
        var out: [UInt8] = []
        out.append(text: "{\"code\":0,\"data\":")
        var arguments: [String] = []
        var written: [Int64] = []
        // eachDomain: the decoder infers each domain's step alone; one --step serves all.
        var eachDomainSteps: [String] = []
        if eachDomain {
            out.append(text: "{")
            for (index, s) in series.enumerated() {
                out.append(text: index == 0 ? "\n" : ",\n")
                JSONText.writeKey(s.identity.resource, to: &out)
                out.append(text: "{\"domain\":")
                out.append(jsonString: s.identity.resource)
                out.append(text: ",\"data\":")
                eachDomainSteps += DumpRules.stepArgument(writePairs(s, options: options, to: &out), step: s.identity.step)
                out.append(text: "}")
            }
            out.append(text: "\n}}\n")
        } else if let s = series.first {
            written = writePairs(s, options: options, to: &out)
            out.append(text: "}\n")
            if s.identity.resource != "all" { arguments += ["--resource", s.identity.resource] }
        }
        if let s = series.first {
            if s.identity.metric == "traffic" { arguments += ["--metric", "traffic"] }
            arguments += eachDomain ? Array(eachDomainSteps.prefix(2)) : DumpRules.stepArgument(written, step: s.identity.step)
        }
        if options.label == .end { arguments += ["--label", "end"] }
        return EncodedDump(bytes: out, warnings: DumpRules.qualityWarnings(series, provider), decodeArguments: arguments)
    }

    /// `{"code": 401, "message": ..., "data": null}`: the envelope Baishan's clients expect
    /// (`code != 0` is a failure; HTTP 401 is an invalid token or no access).
    public func errorBody(options: DumpEncodeOptions) throws -> [UInt8] {
        try DumpRules.requireForm(options, provider)
        return Array("{\"code\":401,\"message\":\"Authorization Error: invalid token\",\"data\":[]}\n".utf8)
    }

    /// Writes `[[t, v], ...]`, one pair per line; returns the times written.
    private func writePairs(_ s: Series, options: DumpEncodeOptions, to out: inout [UInt8]) -> [Int64] {
        let points = DumpRules.points(s, omitZeros: options.omitZeros)
        out.append(text: "[")
        for (index, point) in points.enumerated() {
            out.append(text: index == 0 ? "\n[" : ",\n[")
            NumberText.writeDecimal(significand: point.time, exponent: 0, to: &out)
            out.append(UInt8(ascii: ","))
            out.append(json: point.value)
            out.append(UInt8(ascii: "]"))
        }
        out.append(text: points.isEmpty ? "]" : "\n]")
        return points.map(\.time)
    }
}
