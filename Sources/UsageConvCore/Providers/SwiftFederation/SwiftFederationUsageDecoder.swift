/// SwiftFederation CDN usage and report dumps: `[{domain, volumes: [{timestamp, value}]}]` and siblings.
///
/// `timestamp` is the UTC start of a 5-minute bucket ("17:35:00Z returns data from 17:35:00Z to
/// 17:39:59Z"), or of a UTC day for daily reports. `volumes`/`hitVolumes` are bytes within the
/// bucket (amounts), `bandwidths` are bit/s (rates), `reqNumbers`/`hitReqNumbers` are request
/// counts. Empty buckets are omitted unless the request set `fillFixedTime`, which the response
/// does not echo, so a missing bucket means zero (`absent = zero`). A failed call is an object
/// `{code: "Signature.NotMatch", message}`; success is always an array.
public struct SwiftFederationUsageDecoder: UsageDecoder {
    /// The decoder id.
    public let id = "swiftfederation"

    /// usage/volume: 24 hours of 5-minute points per call (customer-level daily dumps run
    /// longer); the decoder infers the step and reports off-grid points itself.
    public var facts: ProviderFacts {
        ProviderFacts(
            displayName: "SwiftFederation",
            serviceName: "SwiftFederation CDN",
            serviceCategory: "Networking",
            resourceType: "CDN Domain",
            accountTotalResource: "customer",
            schemaName: "swiftfederation-usage",
            callSpan: .init(seconds: 86_400, step: 300, rule: "the usage API returns at most 24 hours of 5-minute points per call"),
            checksItsOwnGrid: true
        )
    }
    /// One line for `usageconv formats`.
    public let summary =
        "SwiftFederation CDN usage/volume, usage/bandwidth and report siblings: [{domain, volumes|bandwidths|...: [{timestamp, value}]}]"

    /// The per-domain array members this decoder knows, and what each holds.
    static let members: [(key: String, metric: String, direction: String, unit: String, kind: Kind)] = [
        ("volumes", "traffic", "out", "B", .amount),
        ("bandwidths", "bandwidth", "out", "bit/s", .rate),
        ("hitVolumes", "hit_traffic", "out", "B", .amount),
        ("reqNumbers", "requests", "", "count", .amount),
        ("hitReqNumbers", "requests", "", "count", .amount),
    ]

    /// Creates the decoder.
    public init() {}

    /// Bids on arrays of `{domain, volumes|...}`, flat `[{timestamp, value}]` arrays, and `{code: "A.B", message}`.
    public func confidence(for shape: InputShape) -> Int {
        guard shape.syntax == .json else { return 0 }
        if shape.has("$", .array) {
            if shape.has("$[0].domain", .string)
                && Self.members.contains(where: { shape.kind("$[0].\($0.key)") == .array })
            {
                return 95
            }
            // A flat customer-level dump; its first value may be a null (a missing point).
            if shape.has("$[0].timestamp", .string) && (shape.has("$[0].value", .number) || shape.has("$[0].value", .null)) { return 60 }
            if shape.kind("$[0]") == nil { return 30 }  // `[]`: a call for domains without data
            return 0
        }
        if shape.has("$", .object), shape.has("$.message", .string), let code = shape.scalars["$.code"],
            shape.has("$.code", .string)
        {
            return code.contains(".") || code == "OK" ? 85 : 40
        }
        return 0
    }

    /// Decodes a success array, or reports an error object as a provider error.
    public func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodeResult {
        let reader = JSONReader(source: source, options: options.jsonReaderOptions)
        let top = try reader.next()
        if top == .beginObject { try throwErrorBody(reader) }
        guard top == .beginArray else {
            throw reader.mismatch(expected: "a SwiftFederation array [{\"domain\": ..., \"volumes\": [...]}]", found: top)
        }
        var builders: [String: SeriesBuilder] = [:]
        var order: [String] = []
        var flat: SeriesBuilder? = nil
        try reader.forEachElement { token in
            guard token == .beginObject else {
                throw reader.mismatch(expected: "an object {\"domain\": ..., \"volumes\": [...]}", found: token)
            }
            let elementLocation = reader.location
            var domain: String? = nil
            // Members may precede `domain`; collect them under a placeholder and rename after.
            var pending: [(member: Int, hit: Bool, builder: SeriesBuilder)] = []
            var flatTime: Int64? = nil
            var flatValue: Number? = nil
            var flatNull = false
            try reader.forEachMember {
                if reader.isKey("domain") {
                    domain = try reader.readString("the domain name")
                } else if let index = Self.members.firstIndex(where: { reader.isKey(named: $0.key) }) {
                    let member = Self.members[index]
                    let listToken = try reader.next()
                    if listToken == .null { return }
                    guard listToken == .beginArray else {
                        throw reader.mismatch(expected: "an array of {timestamp, value} objects", found: listToken)
                    }
                    var main = makeBuilder(member: index, resource: "", options: options, at: reader.location)
                    var hits: SeriesBuilder? =
                        member.key == "hitReqNumbers"
                        ? makeBuilder(member: index, resource: "", options: options, at: reader.location, hit: true) : nil
                    try readBuckets(reader, member: member.key, main: &main, hits: &hits)
                    pending.append((index, false, main))
                    if let hits { pending.append((index, true, hits)) }
                } else if reader.isKey("timestamp") {
                    let t = try reader.next()
                    guard t == .string else { throw reader.mismatch(expected: "a timestamp string", found: t) }
                    flatTime = try timestamp(reader)
                } else if reader.isKey("value") {
                    let v = try reader.next()
                    if v == .null {
                        flatNull = true
                        return
                    }
                    guard v == .number else { throw reader.mismatch(expected: "a number (or null for a missing point)", found: v) }
                    flatValue = try reader.nonNegativeNumber("value")
                } else {
                    try reader.skipNextValue()
                }
            }
            if let flatTime, flatValue != nil || flatNull, domain == nil, pending.isEmpty {
                // Customer-level dumps: a flat [{timestamp, value}] with no domain.
                if flat == nil { flat = makeFlatBuilder(options: options) }
                if let flatValue { flat?.append(time: flatTime, value: flatValue) } else { flat?.appendNull(time: flatTime) }
                return
            }
            guard let domain else {
                throw Diagnostic.error(
                    .missingField,
                    "expected a \"domain\" member in each element, found none",
                    at: elementLocation
                )
            }
            if pending.isEmpty {
                throw Diagnostic.error(
                    .missingField,
                    "expected one of \(Self.members.map { "\"\($0.key)\"" }.joined(separator: ", ")) for domain \(domain), found none",
                    at: elementLocation
                )
            }
            for (member, hit, part) in pending {
                var part = part
                part.identity.resource = domain
                let key = "\(domain)\u{0}\(member)\u{0}\(hit)"
                if builders[key] == nil {
                    builders[key] = part
                    order.append(key)
                } else {
                    // The same domain twice in one dump: merge; duplicates are resolved at finish.
                    builders[key]?.append(contentsOf: part)
                }
            }
        }
        try reader.expect(.endOfInput, "end of input after the array")
        var warnings = reader.warnings
        var series: [Series] = []
        var all = order.compactMap { builders[$0] }
        if let flat { all.append(flat) }
        for var b in all {
            if options.step == nil {
                let inferred = try b.inferStep(fallback: 300)
                b.identity.step = inferred.step
                if let warning = StepInference.offGridWarning(inferred, count: b.count, at: b.location) { warnings.append(warning) }
            }
            let (finished, more) = try b.finish(duplicates: options.duplicates)
            series.append(finished)
            warnings += more
        }
        return DecodeResult(series: series, warnings: warnings)
    }

    /// Reads an error object `{code, message}` and throws it as the provider's error.
    private func throwErrorBody(_ reader: JSONReader) throws -> Never {
        var code: String? = nil
        var message: String? = nil
        let location = reader.location
        try reader.forEachMember {
            // The object's current key stays readable after its value was read.
            let token = try reader.next()
            if reader.isKey("code"), token == .string {
                code = reader.stringValue()
            } else if reader.isKey("message"), token == .string {
                message = reader.stringValue()
            } else {
                try reader.skipValue(startingWith: token)
            }
        }
        // Failures are {"code": "Dotted.Code", "message": ...}; a numeric code is another provider's envelope.
        guard let code else {
            throw Diagnostic.error(
                .wrongType,
                "expected a SwiftFederation array [{\"domain\": ..., \"volumes\": [...]}] or an error {\"code\": \"...\", \"message\": ...}, found another object",
                at: location
            )
        }
        throw Diagnostic.error(.providerError, "swiftfederation API error \(code)\(message.map { ": \($0)" } ?? "")", at: location)
    }

    private func timestamp(_ reader: JSONReader) throws -> Int64 {
        guard let time = reader.iso8601Value() else {
            throw reader.error(
                .invalidTimestamp,
                "expected a UTC timestamp yyyy-MM-ddTHH:mm:ssZ, found \(InputQuote.quote(reader.stringBytes(), limit: 40))"
            )
        }
        return time
    }

    /// Reads `[{timestamp, value}]` (or `{timestamp, request, hit}`) after its `[`.
    private func readBuckets(
        _ reader: JSONReader,
        member: String,
        main: inout SeriesBuilder,
        hits: inout SeriesBuilder?
    ) throws {
        let integral = main.identity.unit != "bit/s"
        while true {
            if hits == nil {
                // The common case in bulk: `{"timestamp": "<canonical UTC>", "value": <number>}`
                // objects whose value the walk below would accept as is; the first other object
                // (null, an error, another key order) is left to the walk below.
                reader.forEachTimestampValue { time, number in
                    // An exact value with exponent 0 is whole; others ask `int64` (`1.0` is whole too).
                    guard let value = number.exactNumber, !value.isNegative, !integral || number.exponent == 0 || number.int64 != nil
                    else { return false }
                    main.append(time: time, value: value)
                    return true
                }
            }
            let token = try reader.next()
            if token == .endArray { return }
            guard token == .beginObject else { throw reader.mismatch(expected: "a {timestamp, value} object", found: token) }
            var time: Int64? = nil
            var value: Number? = nil
            var hit: Number? = nil
            var valueIsNull = false
            var hitIsNull = false
            try reader.forEachMember {
                let isTimestamp = reader.isKey("timestamp")
                let isValue = reader.isKey("value") || reader.isKey("request")
                let isHit = reader.isKey("hit")
                let t = try reader.next()
                if isTimestamp {
                    guard t == .string else { throw reader.mismatch(expected: "a timestamp string", found: t) }
                    time = try timestamp(reader)
                } else if isValue || isHit {
                    if t == .null {
                        // A missing point, not a zero: the builder counts it for one warning.
                        if isHit { hitIsNull = true } else { valueIsNull = true }
                        return
                    }
                    guard t == .number else { throw reader.mismatch(expected: "a number (or null for a missing point)", found: t) }
                    let n = try reader.nonNegativeNumber("value")
                    if integral && n.exactInteger == nil {
                        throw reader.error(
                            .invalidNumber,
                            "expected a whole number of \(main.identity.unit == "B" ? "bytes" : "requests"), found \(n)"
                        )
                    }
                    if isHit { hit = n } else { value = n }
                } else {
                    try reader.skipValue(startingWith: t)
                }
            }
            // Located at the object's closing brace; the path names the object.
            guard let time else {
                throw reader.error(.missingField, "expected a \"timestamp\" member in this object, found none")
            }
            if let value {
                main.append(time: time, value: value)
            } else if valueIsNull {
                main.appendNull(time: time)
            } else {
                let name = member == "hitReqNumbers" ? "request" : "value"
                throw reader.error(.missingField, "expected a \"\(name)\" member in this object, found none")
            }
            if hits != nil {
                if let hit {
                    hits?.append(time: time, value: hit)
                } else if hitIsNull {
                    hits?.appendNull(time: time)
                } else {
                    throw reader.error(.missingField, "expected a \"hit\" member in this object, found none")
                }
            }
        }
    }

    private func makeBuilder(
        member: Int,
        resource: String,
        options: DecodeOptions,
        at location: SourceLocation,
        hit: Bool = false
    ) -> SeriesBuilder {
        let m = Self.members[member]
        let identity = SeriesIdentity(
            source: id,
            resource: resource,
            metric: hit ? "hit_requests" : m.metric,
            direction: m.direction,
            unit: m.unit,
            kind: m.kind,
            step: options.step ?? 300,
            absent: .zero
        )
        return SeriesBuilder(identity: identity, location: location, store: options.pointStore)
    }

    private func makeFlatBuilder(options: DecodeOptions) -> SeriesBuilder {
        let bandwidth = options.metric == "bandwidth"
        let identity = SeriesIdentity(
            source: id,
            resource: options.resource ?? "customer",
            metric: bandwidth ? "bandwidth" : "traffic",
            direction: "out",
            unit: bandwidth ? "bit/s" : "B",
            kind: bandwidth ? .rate : .amount,
            step: options.step ?? 300,
            absent: .zero
        )
        return SeriesBuilder(identity: identity, location: SourceLocation(path: "$"), store: options.pointStore)
    }
}
