/// Writes SurferCloud (UCloud API family) `GetThroughputDailyBillingInfo` responses:
/// `{"Action": ..., "RetCode": 0, "EIPId": ..., "Stats": [{StartTime, EndTime, QuantityOut, BillingState}], "TotalOut": ...}`.
///
/// The inverse of `SurferCloudTrafficDecoder`: one EIP per response (`EIPId` is the series'
/// resource), billed traffic in GB per day (`[StartTime, EndTime)` in Unix seconds, so the step
/// is 86,400), `BillingState` from the `billed` label ("Yes"/"No"; left out where the series has
/// none), and an optional `cost` series in CNY as `QuantityOutMoney` on the same days. `TotalOut`
/// is written as the sum of the days, as the decoder checks. Other response members the decoder
/// kept as metadata (`TotalOutSize`, `Request_uuid`, ...) are written back as strings.
public struct SurferCloudDumpEncoder: ProviderDumpEncoder {
    /// The provider.
    public let provider = DumpProvider.surfercloud
    /// The members the decoder reads itself, never written from metadata.
    static let ownMembers: Set<String> = ["Action", "RetCode", "Message", "EIPId", "TotalOut", "Stats"]
    /// The action the response names.
    static let action = "GetThroughputDailyBillingInfoResponse"

    /// Creates the encoder.
    public init() {}

    /// Writes one EIP's days: a `traffic` series (GB) and optionally its `cost` (CNY).
    public func encode(_ series: [Series], options: DumpEncodeOptions) throws -> EncodedDump {
        try DumpRules.requireForm(options, provider)
        try DumpRules.requireStartLabels(options, provider)
        try DumpRules.refuseOmitZeros(options, provider)
        try DumpRules.requireSeries(series, provider)
        var traffic: Series? = nil
        var cost: Series? = nil
        for s in series {
            let i = s.identity
            switch (i.metric, i.unit, i.direction) {
            case ("traffic", "GB", "out"):
                if traffic != nil {
                    throw DumpRules.refuse(s, provider, "hold one EIP's traffic per response; found a second traffic series")
                }
                traffic = s
            case ("cost", "CNY", ""):
                if cost != nil { throw DumpRules.refuse(s, provider, "hold one EIP's cost per response; found a second cost series") }
                cost = s
            default:
                throw DumpRules.refuse(s, provider, "hold billed traffic (traffic, GB, out) and its cost (cost, CNY) only")
            }
            try DumpRules.requireStep(s, in: [86_400], provider, what: "daily billing rows")
        }
        guard let traffic else {
            throw DumpRules.refuse(series[0], provider, "hold cost only beside the traffic it bills (QuantityOutMoney in a traffic row)")
        }
        try DumpRules.requireNonNegative(traffic, provider)
        if let cost {
            if cost.identity.resource != traffic.identity.resource {
                throw DumpRules.refuse(cost, provider, "hold one EIP per response; the traffic is for \(traffic.identity.resource)")
            }
            let days = Set(traffic.times + traffic.nullTimes)
            if let stray = cost.times.first(where: { !days.contains($0) }) {
                throw DumpRules.refuse(cost, provider, "hold cost only in a day's traffic row; \(UnixTime.iso8601(stray)) has no traffic")
            }
        }
        let billed = traffic.labels["billed"]
        if let billed, let bad = billed.first(where: { !["Yes", "No", ""].contains($0) }) {
            throw DumpRules.refuse(
                traffic,
                provider,
                "hold BillingState \"Yes\" or \"No\" only, not \(InputQuote.quote(Array(bad.utf8), limit: 40))"
            )
        }
        var money: [Int64: Number] = [:]
        if let cost { for (t, v) in zip(cost.times, cost.values) { money[t] = v } }
        let moneyNulls = Set(cost?.nullTimes ?? [])
        var state: [Int64: String] = [:]
        if let billed { for (t, b) in zip(traffic.times, billed) where !b.isEmpty { state[t] = b } }
        let step = traffic.identity.step
        var out: [UInt8] = []
        out.append(text: "{\"Action\":")
        out.append(jsonString: traffic.meta["Action"] ?? Self.action)
        out.append(text: ",\"RetCode\":0,\"EIPId\":")
        out.append(jsonString: traffic.identity.resource)
        for (key, value) in traffic.meta.sorted(by: { $0.key < $1.key }) where !Self.ownMembers.contains(key) {
            out.append(UInt8(ascii: ","))
            JSONText.writeKey(key, to: &out)
            out.append(jsonString: value)
        }
        out.append(text: ",\"Stats\":[")
        let points = DumpRules.points(traffic, omitZeros: false)
        for (index, point) in points.enumerated() {
            out.append(text: index == 0 ? "\n{\"StartTime\":" : ",\n{\"StartTime\":")
            NumberText.writeDecimal(significand: point.time, exponent: 0, to: &out)
            out.append(text: ",\"EndTime\":")
            NumberText.writeDecimal(significand: point.time + step, exponent: 0, to: &out)
            out.append(text: ",\"QuantityOut\":")
            out.append(json: point.value)
            if let amount = money[point.time] {
                out.append(text: ",\"QuantityOutMoney\":")
                out.append(json: amount)
            } else if moneyNulls.contains(point.time) {
                out.append(text: ",\"QuantityOutMoney\":null")
            }
            if let state = state[point.time] {
                out.append(text: ",\"BillingState\":")
                out.append(jsonString: state)
            }
            out.append(text: "}")
        }
        out.append(text: points.isEmpty ? "]" : "\n]")
        out.append(text: ",\"TotalOut\":")
        out.append(json: traffic.values.reduce(Number.zero, +))
        out.append(text: "}\n")
        return EncodedDump(bytes: out, warnings: DumpRules.qualityWarnings(series, provider))
    }

    /// `{"RetCode": 171, "Message": "Signature VerifyAC Error", "Action": ...}`: UCloud answers
    /// HTTP 200 with a non-zero `RetCode` when a call fails.
    public func errorBody(options: DumpEncodeOptions) throws -> [UInt8] {
        try DumpRules.requireForm(options, provider)
        return Array("{\"RetCode\":171,\"Message\":\"Signature VerifyAC Error\",\"Action\":\"\(Self.action)\"}\n".utf8)
    }
}
