/// SurferCloud (UCloud API family) `GetThroughputDailyBillingInfo`: billed EIP traffic per day.
///
/// `QuantityOut` is integer **GB** as billed (taken as 10^9 bytes, FOCUS's decimal GB; the API
/// does not say) for `[StartTime, EndTime)` in Unix seconds, so `step = EndTime - StartTime` and a
/// one-second-short `EndTime` (86,399) is read as an inclusive end. `BillingState` ("Yes"/"No":
/// billed yet) is kept per point as the `billed` label. A zero may mean "billed by bandwidth,
/// traffic not applicable" (the docs say so); it is kept as a zero, never invented away. The call
/// answers HTTP 200 even on failure: `RetCode != 0` (sometimes a quoted or float number) is the
/// error, with `Message`. Later field names drift (`QuantityOutSize`, `TotalOutSize`,
/// `QuantityOutMoney`); both spellings are read.
public struct SurferCloudTrafficDecoder: UsageDecoder {
    /// The decoder id.
    public let id = "surfercloud"

    /// GetThroughputDailyBillingInfo: daily points on the provider's day grid.
    public var facts: ProviderFacts {
        ProviderFacts(
            displayName: "SurferCloud",
            serviceName: "SurferCloud Elastic IP",
            serviceCategory: "Networking",
            resourceType: "Elastic IP",
            schemaName: "surfercloud-throughput-daily-billing"
        )
    }
    /// One line for `usageconv formats`.
    public let summary =
        "SurferCloud/UCloud GetThroughputDailyBillingInfo: {RetCode, EIPId, Stats: [{StartTime, EndTime, QuantityOut, BillingState}], TotalOut}"

    /// Creates the decoder.
    public init() {}

    /// Bids on objects with `RetCode` (UCloud's envelope), more with `Stats` rows or a `...Response` action.
    public func confidence(for shape: InputShape) -> Int {
        guard shape.syntax == .json, shape.has("$", .object), shape.kind("$.RetCode") != nil else { return 0 }
        var score = 60
        if shape.has("$.Stats", .array) { score += 20 }
        if shape.has("$.Stats[0].StartTime", .number) || shape.has("$.Stats[0].QuantityOut", .number) { score += 10 }
        if let action = shape.scalars["$.Action"], action.hasSuffix("Response") { score += 8 }
        return score
    }

    /// One row of `Stats`, as read.
    private struct Row {
        var start: Int64
        var end: Int64
        /// nil when `QuantityOut` is null: a missing point.
        var quantity: Number?
        var money: Number?
        /// Whether `QuantityOutMoney` was given as null (a missing cost point).
        var moneyIsNull: Bool
        var billed: String?
        var location: SourceLocation
    }

    /// Decodes the dump; `RetCode != 0` is a provider error carrying `Message` and `Action`.
    public func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodeResult {
        let reader = JSONReader(source: source, options: options.jsonReaderOptions)
        let top = try reader.next()
        guard top == .beginObject else {
            throw reader.mismatch(expected: "a SurferCloud response object {\"RetCode\": 0, \"Stats\": [...]}", found: top)
        }
        var retCode: Number? = nil
        var retCodeLocation = reader.location
        var message: String? = nil
        var action: String? = nil
        var eipId: String? = nil
        var totalOut: Number? = nil
        var totalLocation = reader.location
        var rows: [Row] = []
        var meta: [String: String] = [:]
        var warnings: [Diagnostic] = []
        try reader.forEachMember {
            if reader.isKey("RetCode") {
                let token = try reader.next()
                retCodeLocation = reader.location
                retCode = try reader.numberOrNumericString(token, "a numeric RetCode")
            } else if reader.isKey("Message") {
                let token = try reader.next()
                if token == .string { message = reader.stringValue() } else { try reader.skipValue(startingWith: token) }
            } else if reader.isKey("Action") {
                let token = try reader.next()
                if token == .string { action = reader.stringValue() } else { try reader.skipValue(startingWith: token) }
            } else if reader.isKey("EIPId") {
                let token = try reader.next()
                if token == .string {
                    eipId = reader.stringValue()
                } else if token != .null {
                    throw reader.mismatch(expected: "the EIP id", found: token)
                }
            } else if reader.isKey("TotalOut") {
                let token = try reader.next()
                totalLocation = reader.location
                if token != .null { totalOut = try reader.numberOrNumericString(token, "TotalOut as a number of GB") }
            } else if reader.isKey("Stats") {
                let token = try reader.next()
                if token == .null { return }
                guard token == .beginArray else { throw reader.mismatch(expected: "an array of daily billing rows", found: token) }
                var index = 0
                try reader.forEachElement { element in
                    guard element == .beginObject else {
                        throw reader.mismatch(expected: "a row {StartTime, EndTime, QuantityOut, BillingState}", found: element)
                    }
                    rows.append(try readRow(reader, index: index, options: options, warnings: &warnings))
                    index += 1
                }
            } else {
                // TotalOutSize, TotalOutMoney, Request_uuid, ...: kept as metadata, as given.
                try reader.readScalarMeta(into: &meta, warnings: &warnings, document: "the daily billing response")
            }
        }
        try reader.expect(.endOfInput, "end of input after the object")
        warnings += reader.warnings
        guard let retCode else {
            throw Diagnostic.error(
                .missingField,
                "expected a \"RetCode\" member in a SurferCloud response, found none",
                at: SourceLocation(path: "$")
            )
        }
        if retCode != .zero {
            let actionText = action.map { " (\($0))" } ?? ""
            let text = message.map { ": \($0)" } ?? ""
            throw Diagnostic.error(.providerError, "surfercloud API error: RetCode \(retCode)\(text)\(actionText)", at: retCodeLocation)
        }
        if let action { meta["Action"] = action }
        let resource = options.resource ?? eipId ?? "eip"
        let step = options.step ?? commonStep(rows, warnings: &warnings)
        var traffic = SeriesBuilder(
            identity: SeriesIdentity(
                source: id,
                resource: resource,
                metric: "traffic",
                direction: "out",
                unit: "GB",
                kind: .amount,
                step: step,
                absent: .unknown
            ),
            meta: meta,
            location: SourceLocation(path: "$.Stats")
        )
        var cost: SeriesBuilder? = nil
        var nullMoney: [Int64] = []
        for row in rows {
            var labels: [String: String] = [:]
            if let billed = row.billed { labels["billed"] = billed }
            if let quantity = row.quantity {
                traffic.append(time: row.start, value: quantity, labels: labels)
            } else {
                traffic.appendNull(time: row.start)
            }
            if row.moneyIsNull { nullMoney.append(row.start) }
            if let money = row.money {
                if cost == nil {
                    // UCloud's Chinese page documents QuantityOutMoney in yuan.
                    cost = SeriesBuilder(
                        identity: SeriesIdentity(
                            source: id,
                            resource: resource,
                            metric: "cost",
                            direction: "",
                            unit: "CNY",
                            kind: .amount,
                            step: step,
                            absent: .unknown
                        ),
                        meta: meta,
                        location: SourceLocation(path: "$.Stats")
                    )
                }
                cost?.append(time: row.start, value: money, labels: labels)
            }
        }
        if let totalOut {
            let sum = rows.reduce(Number.zero) { $0 + ($1.quantity ?? .zero) }
            if sum != totalOut {
                var at = totalLocation
                at.path = "$.TotalOut"
                warnings.append(.warning(.inconsistentTotals, "TotalOut is \(totalOut) GB but the Stats rows sum to \(sum) GB", at: at))
            }
        }
        // A null money figure is a missing cost point when the dump has a cost series at all.
        if var builder = cost {
            for time in nullMoney { builder.appendNull(time: time) }
            cost = builder
        }
        if !rows.isEmpty, rows.allSatisfy({ $0.quantity == .zero }) {
            warnings.append(
                .warning(
                    .invalidValue,
                    "every day is 0 GB: an EIP billed by bandwidth records its traffic as 0 (see GetEIPPayMode); the zeros were kept",
                    at: SourceLocation(path: "$.Stats")
                )
            )
        }
        var series: [Series] = []
        for builder in [traffic] + (cost.map { [$0] } ?? []) {
            let (finished, more) = try builder.finish(duplicates: options.duplicates)
            series.append(finished)
            warnings += more
        }
        return DecodeResult(series: series, warnings: warnings)
    }

    /// Reads one `Stats` row after its `{`; a row whose end is not after its start fails unless `--lenient`.
    private func readRow(_ reader: JSONReader, index: Int, options: DecodeOptions, warnings: inout [Diagnostic]) throws -> Row {
        var location = reader.location
        location.path = "$.Stats[\(index)]"
        var start: Int64? = nil
        var end: Int64? = nil
        var quantity: Number? = nil
        var money: Number? = nil
        var moneyIsNull = false
        var quantityIsNull = false
        var billed: String? = nil
        try reader.forEachMember {
            if reader.isKey("StartTime") {
                start = try unixTime(reader, "StartTime")
            } else if reader.isKey("EndTime") {
                end = try unixTime(reader, "EndTime")
            } else if reader.isKey("QuantityOut") || reader.isKey("QuantityOutSize") {
                let token = try reader.next()
                if token == .null {
                    quantityIsNull = true
                    return
                }
                let value = try reader.numberOrNumericString(token, "the billed traffic in GB")
                if value.isNegative { throw reader.error(.invalidNumber, "expected a non-negative number of GB, found \(value)") }
                quantity = value
            } else if reader.isKey("QuantityOutMoney") {
                let token = try reader.next()
                if token == .null { moneyIsNull = true } else { money = try reader.numberOrNumericString(token, "the billed amount") }
            } else if reader.isKey("BillingState") {
                let token = try reader.next()
                guard token == .string else { throw reader.mismatch(expected: "BillingState \"Yes\" or \"No\"", found: token) }
                let state = reader.stringValue()
                if state != "Yes" && state != "No" {
                    let found = InputQuote.quote(Array(state.utf8), limit: 40)
                    guard options.lenient else {
                        throw reader.error(
                            .invalidValue,
                            "expected BillingState \"Yes\" or \"No\", found \(found) (--lenient keeps it with a warning)"
                        )
                    }
                    warnings.append(reader.warning(.lenientRecovery, "BillingState is \(found), not \"Yes\" or \"No\"; kept as given"))
                }
                billed = state
            } else {
                try reader.skipNextValue()
            }
        }
        guard let start else {
            throw Diagnostic.error(.missingField, "expected a \"StartTime\" member in this row, found none", at: location)
        }
        if quantity == nil && !quantityIsNull {
            throw Diagnostic.error(.missingField, "expected a \"QuantityOut\" member in this row, found none", at: location)
        }
        if let end, end <= start {
            let message =
                "row \(index) ends at \(end) (\(UnixTime.iso8601(end))), not after its start \(start) (\(UnixTime.iso8601(start)))"
            guard options.lenient else { throw Diagnostic.error(.invalidTimestamp, message + "; --lenient keeps it", at: location) }
            warnings.append(.warning(.lenientRecovery, message + "; kept at its start", at: location))
        }
        return Row(
            start: start,
            end: end ?? start,
            quantity: quantity,
            money: money,
            moneyIsNull: moneyIsNull,
            billed: billed,
            location: location
        )
    }

    private func unixTime(_ reader: JSONReader, _ name: String) throws -> Int64 {
        let token = try reader.next()
        let value = try reader.integerOrNumericString(token, "\(name) in Unix seconds")
        guard value >= 0 && value < 253_402_300_800 else {
            throw reader.error(.invalidTimestamp, "expected \(name) in Unix seconds, found \(value)")
        }
        return value
    }

    /// The rows' common `EndTime - StartTime` (an inclusive 86,399 counts as 86,400); 86,400 when none is usable.
    private func commonStep(_ rows: [Row], warnings: inout [Diagnostic]) -> Int64 {
        var counts: [Int64: Int] = [:]
        for row in rows where row.end > row.start {
            var span = row.end - row.start
            if span % 3600 == 3599 { span += 1 }
            counts[span, default: 0] += 1
        }
        guard let (step, _) = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return 86_400 }
        if counts.count > 1 {
            let others = counts.keys.filter { $0 != step }.sorted().map(String.init).joined(separator: ", ")
            warnings.append(
                .warning(
                    .invalidValue,
                    "rows span \(step) s mostly, some \(others) s; the series step is \(step)",
                    at: SourceLocation(path: "$.Stats")
                )
            )
        }
        return step
    }
}
