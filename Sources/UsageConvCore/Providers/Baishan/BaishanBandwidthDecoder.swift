/// Baishan CDN `GET v2/stat/bandwidth` (and its `eachDomain` sibling): `{code, data: [[t, v], ...]}`.
///
/// Units and labels are not in the payload: `data_type=bandwidth` (default) gives bit/s rates,
/// `data_type=traffic` bytes per bucket (`--metric traffic`); `stat_is_forward=1` makes times
/// interval ends (`--label end`); `grad` is inferred from spacing (`--step` overrides); and the
/// summed domains are not named (`--resource`, default `all`). Zero points are omitted by the
/// API, so `absent` is `zero`. Day and hour grids are Beijing-aligned, but points are absolute
/// Unix instants and need no zone.
public struct BaishanBandwidthDecoder: UsageDecoder {
    /// The decoder id.
    public let id = "baishan"

    /// stat/bandwidth: at most 31 days per call, 5-minute points for at most 10 days; the
    /// decoder infers the step and reports off-grid points itself.
    public var facts: ProviderFacts {
        ProviderFacts(
            displayName: "Baishan",
            serviceName: "Baishan CDN",
            serviceCategory: "Networking",
            resourceType: "CDN Domain",
            accountTotalResource: "all",
            schemaName: "baishan-stat-bandwidth",
            callSpan: .init(seconds: 31 * 86_400, rule: "stat/bandwidth returns at most 31 days per call"),
            granularitySpans: [
                .init(seconds: 10 * 86_400, step: 300, rule: "Baishan serves 5-minute granularity for at most 10 days per call")
            ],
            checksItsOwnGrid: true
        )
    }
    /// One line for `usageconv formats`.
    public let summary = "Baishan CDN stat/bandwidth and stat/bandwidth/eachDomain: {code, data: [[unix, value]]}"

    /// Creates the decoder.
    public init() {}

    /// Bids on objects with a numeric `code` and `data` holding `[t, v]` pairs or per-domain objects.
    public func confidence(for shape: InputShape) -> Int {
        guard shape.syntax == .json, shape.has("$", .object) else { return 0 }
        let numericCode = shape.has("$.code", .number) || (shape.has("$.code", .string) && Int(shape.scalars["$.code"] ?? "") != nil)
        if shape.has("$.data[0]", .array) && (shape.has("$.data[0][0]", .number) || shape.kind("$.data[0][0]") == nil) {
            return numericCode ? 95 : 70
        }
        if shape.has("$.data", .object), shape.order.contains(where: { $0.hasPrefix("$.data.") || $0.hasPrefix("$.data[\"") }),
            shape.order.contains(where: { $0.hasSuffix(".domain") || $0.hasSuffix("].domain") })
        {
            return numericCode ? 90 : 60
        }
        if numericCode {
            if shape.has("$.data", .array) { return 80 }  // `data: []`: success without points, or an error envelope
            if let code = shape.scalars["$.code"], code != "0" { return 55 }  // error envelope {code, message}
            return 50
        }
        return 0
    }

    /// Decodes the dump; `code != 0` is a provider error even when `data` is present.
    public func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodeResult {
        let reader = JSONReader(source: source, options: options.jsonReaderOptions)
        let top = try reader.next()
        guard top == .beginObject else {
            throw reader.mismatch(expected: "a Baishan stat/bandwidth object {\"code\": 0, \"data\": [...]}", found: top)
        }
        var code: Int64? = nil
        var codeLocation = reader.location
        var message: String? = nil
        var builders: [SeriesBuilder] = []
        var warnings: [Diagnostic] = []
        try reader.forEachMember {
            if reader.isKey("code") {
                let token = try reader.next()
                codeLocation = reader.location
                switch token {
                case .number: code = try reader.int64Value()
                case .string:
                    guard let parsed = Int64(reader.stringValue()) else {
                        throw reader.mismatch(expected: "a numeric code", found: token)
                    }
                    code = parsed
                default: throw reader.mismatch(expected: "a numeric code", found: token)
                }
            } else if reader.isKey("message") || reader.isKey("msg") {
                let token = try reader.next()
                if token == .string { message = reader.stringValue() } else { try reader.skipValue(startingWith: token) }
            } else if reader.isKey("data") {
                let token = try reader.next()
                switch token {
                case .beginArray:
                    var builder = makeBuilder(resource: options.resource ?? "all", options: options, at: reader.location)
                    // A compact pair `[1503244800,1.5],` is at least 15 bytes: reserving for that
                    // many costs address space only; untouched pages never become resident.
                    if let size = source.sizeHint { builder.reserveCapacity(Int(min(size / 15, 1 << 28))) }
                    // The usual dump's one series, in time order: straight to the encoder when
                    // the run offers it (end labels shift every time once the step is known).
                    if options.label == .start {
                        builder.stream(to: options.liveSeries, stepFallback: options.step == nil ? Self.stepFallback : nil)
                    }
                    try readPairs(reader, into: &builder)
                    builders.append(builder)
                case .beginObject:
                    // eachDomain: {"<domain>": {"domain": "<domain>", "data": [[t, v]...]}}; trust the
                    // inner `domain` (a doc example keys one as "bb.qingcdn.com.com").
                    try reader.forEachMember {
                        let outerKey = reader.key
                        try reader.expect(.beginObject, "a per-domain object {\"domain\": ..., \"data\": [...]}")
                        var domain: String? = nil
                        var builder = makeBuilder(resource: outerKey, options: options, at: reader.location)
                        try reader.forEachMember {
                            if reader.isKey("domain") {
                                domain = try reader.readString("the domain name")
                            } else if reader.isKey("data") {
                                let inner = try reader.next()
                                if inner == .null { return }
                                guard inner == .beginArray else {
                                    throw reader.mismatch(expected: "an array of [time, value] pairs", found: inner)
                                }
                                try readPairs(reader, into: &builder)
                            } else {
                                try reader.skipNextValue()
                            }
                        }
                        if let domain { builder.identity.resource = domain }
                        builders.append(builder)
                    }
                case .null:
                    break
                default:
                    throw reader.mismatch(expected: "an array of [time, value] pairs", found: token)
                }
            } else {
                try reader.skipNextValue()
            }
        }
        try reader.expect(.endOfInput, "end of input after the object")
        warnings += reader.warnings
        guard let code else {
            throw Diagnostic.error(.missingField, "expected a \"code\" member in a Baishan dump, found none", at: SourceLocation(path: "$"))
        }
        if code != 0 {
            let text = message.map { ": \($0)" } ?? ""
            throw Diagnostic.error(.providerError, "baishan API error: code \(code)\(text)", at: codeLocation)
        }
        var series: [Series] = []
        for var builder in builders {
            let inferred = try builder.inferStep(fallback: Self.stepFallback)
            let step = options.step ?? inferred.step
            if options.step == nil, let warning = StepInference.offGridWarning(inferred, count: builder.count, at: builder.location) {
                warnings.append(warning)
            }
            builder.identity.step = step
            if options.label == .end { builder.shiftTimes(by: -step) }
            let (finished, more) = try builder.finish(duplicates: options.duplicates)
            series.append(finished)
            warnings += more
        }
        return DecodeResult(series: series, warnings: warnings)
    }

    /// The step of a dump whose points cannot tell (fewer than two): `grad`'s default, 5 minutes.
    static let stepFallback: Int64 = 300

    private func makeBuilder(resource: String, options: DecodeOptions, at location: SourceLocation) -> SeriesBuilder {
        let traffic = options.metric == "traffic"
        let identity = SeriesIdentity(
            source: id,
            resource: resource,
            metric: traffic ? "traffic" : "bandwidth",
            direction: "out",
            unit: traffic ? "B" : "bit/s",
            kind: traffic ? .amount : .rate,
            step: options.step ?? Self.stepFallback,
            absent: .zero
        )
        return SeriesBuilder(identity: identity, location: location, store: options.pointStore)
    }

    /// The message for a pair's time that is no Unix time in seconds (year 0 to 9999).
    ///
    /// A 13-digit time is milliseconds (scripts and other CDNs' APIs write them; Baishan's API
    /// does not): said so with the date it would be, rather than read as a time 1000 times later
    /// or silently divided, so a dump that is not what Baishan returns is noticed.
    static func badTime(_ time: Int64?, _ place: String = "") -> String {
        let expected = "expected a Unix time in seconds" + (place.isEmpty ? "" : " " + place)
        guard let time else { return expected }
        if time >= 1_000_000_000_000 && time < 10_000_000_000_000 {
            return "\(expected), found \(time), which is milliseconds (\(UnixTime.iso8601(time / 1000))): "
                + "Baishan's API writes seconds; divide the dump's times by 1000"
        }
        return "\(expected), found \(time)"
    }

    /// Reads `[[t, v], ...]` after its `[`: Unix seconds, then a non-negative number, or null
    /// (a missing point, counted by the builder).
    private func readPairs(_ reader: JSONReader, into builder: inout SeriesBuilder) throws {
        while true {
            // The common case in bulk: in-range times and exact, non-negative values.
            var refused: (JSONNumber, JSONNumber)? = nil
            let stopped = reader.forEachNumberPair { t, v in
                // A plain integer time in range is its significand (what `int64` works out, inline).
                let plain = t.exponent == 0 && t.isExact && !t.isNegative && t.significand < 253_402_300_800
                guard let time = plain ? Int64(t.significand) : t.int64, time >= 0 && time < 253_402_300_800,
                    let value = v.exactNumber, !value.isNegative
                else {
                    refused = (t, v)
                    return false
                }
                builder.append(time: time, value: value)
                return true
            }
            if stopped, let (t, v) = refused {
                guard let time = t.int64, time >= 0 && time < 253_402_300_800 else {
                    throw reader.error(.invalidTimestamp, Self.badTime(t.int64, "as the pair's first element"))
                }
                let value = try v.exactNumber ?? reader.numberValue()
                if value.isNegative {
                    throw reader.error(.invalidNumber, "expected a non-negative value, found \(value)")
                }
                builder.append(time: time, value: value)
                continue
            }
            let token = try reader.next()
            if token == .endArray { return }
            guard token == .beginArray else { throw reader.mismatch(expected: "a [time, value] pair", found: token) }
            let timeToken = try reader.next()
            guard timeToken == .number else { throw reader.mismatch(expected: "a Unix time in seconds", found: timeToken) }
            let time = try reader.int64Value()
            guard time >= 0 && time < 253_402_300_800 else {
                throw reader.error(.invalidTimestamp, Self.badTime(time))
            }
            let valueToken = try reader.next()
            switch valueToken {
            case .number:
                builder.append(time: time, value: try reader.nonNegativeNumber("value"))
            case .null:
                builder.appendNull(time: time)
            default:
                throw reader.mismatch(expected: "a number (the value)", found: valueToken)
            }
            let close = try reader.next()
            guard close == .endArray else {
                throw reader.mismatch(expected: "']' closing the pair (a pair has exactly two elements)", found: close)
            }
        }
    }
}
