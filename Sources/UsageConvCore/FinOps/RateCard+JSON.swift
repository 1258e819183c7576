/// Reading a rate card from JSON (`Schemas/rate-card.schema.json` describes the same rules).
///
/// Strict: an unknown member is an error (a misspelt `"tier"` must not leave usage unpriced), and
/// numbers are plain decimals (`0.02`, not `2e-2`), read exactly. Every error is one located
/// diagnostic: `rates.json: 7:19: ...` with the JSON path, exit 65 (an unreadable file: 66).
extension RateCard {
    /// Reads the rate card at `path`.
    ///
    /// - Throws: `Diagnostic`: `.unreadableInput` when the file cannot be read; `.malformedInput`,
    ///   `.wrongType`, `.missingField` or `.invalidValue`, located, when its content is not a rate card.
    public static func load(path: String) throws -> RateCard {
        do {
            let source = try FileByteSource(path: path)
            return try parse(JSONReader(source: source))
        } catch let diagnostic as Diagnostic {
            throw diagnostic.location?.file == nil ? diagnostic.inFile(path) : diagnostic
        }
    }

    /// Reads a rate card from JSON text.
    ///
    /// - Throws: `Diagnostic`, located by line, column and JSON path, when it is not a rate card.
    public static func parse(bytes: [UInt8]) throws -> RateCard {
        try parse(JSONReader(bytes: bytes))
    }

    private static func parse(_ reader: JSONReader) throws -> RateCard {
        try reader.expect(.beginObject, "a rate card object {\"format\": \"\(formatName)\", \"currency\": ..., \"rates\": [...]}")
        let start = reader.location
        var format: String? = nil
        var currency: String? = nil
        var account: (id: String?, name: String?) = (nil, nil)
        var rates: [Rate]? = nil
        try reader.forEachMember {
            switch reader.key {
            case "format":
                let value = try reader.readString("the string \"\(formatName)\"")
                guard value == formatName else {
                    throw reader.error(
                        .invalidValue,
                        "expected \"format\": \"\(formatName)\", found \(InputQuote.quote(Array(value.utf8), limit: 40))"
                    )
                }
                format = value
            case "currency":
                let value = try reader.readString("an ISO 4217 currency code such as \"USD\"")
                guard CurrencyCode.isCurrency(value) else {
                    throw reader.error(
                        .invalidValue,
                        "expected an ISO 4217 currency code (three capital letters, \"USD\"), found \(InputQuote.quote(Array(value.utf8), limit: 40))"
                    )
                }
                currency = value
            case "billingPeriod":
                let value = try reader.readString("the string \"month\"")
                guard value == "month" else {
                    throw reader.error(
                        .invalidValue,
                        "expected \"billingPeriod\": \"month\" (calendar months are the only billing period), found \(InputQuote.quote(Array(value.utf8), limit: 40))"
                    )
                }
            case "billingAccount":
                try reader.expect(.beginObject, "an object {\"id\": ..., \"name\": ...}")
                try reader.forEachMember {
                    switch reader.key {
                    case "id": account.id = try nonEmptyString(reader, "the billing account's id")
                    case "name": account.name = try nonEmptyString(reader, "the billing account's name")
                    default: throw unknownMember(reader, ["id", "name"])
                    }
                }
            case "rates":
                try reader.expect(.beginArray, "an array of rates")
                var list: [Rate] = []
                try reader.forEachElement { token in
                    guard token == .beginObject else { throw reader.mismatch(expected: "a rate object", found: token) }
                    list.append(try parseRate(reader))
                }
                rates = list
            default:
                throw unknownMember(reader, ["format", "currency", "billingPeriod", "billingAccount", "rates"])
            }
        }
        _ = try reader.next()  // end of input: trailing text is a syntax error the reader reports
        for (name, present) in [("format", format != nil), ("currency", currency != nil), ("rates", rates != nil)] where !present {
            throw Diagnostic.error(.missingField, "the rate card has no \"\(name)\" member", at: start)
        }
        return RateCard(
            currency: currency ?? "",
            billingAccountId: account.id,
            billingAccountName: account.name,
            rates: rates ?? []
        )
    }

    private static func parseRate(_ reader: JSONReader) throws -> Rate {
        let at = reader.location
        var provider: String? = nil
        var resource: String? = nil
        var direction: String? = nil
        var metric: Metric? = nil
        var unit: (DataUnit, SourceLocation)? = nil
        var p95Of: (BillingBasis, SourceLocation)? = nil
        var tiering = Tiering.graduated
        var tiers: [Tier]? = nil
        var sku: String? = nil
        try reader.forEachMember {
            switch reader.key {
            case "provider": provider = try nonEmptyString(reader, "a provider id such as \"baishan\"")
            case "resource": resource = try nonEmptyString(reader, "a resource pattern such as \"*.example.com\"")
            case "direction": direction = try nonEmptyString(reader, "a direction (\"in\", \"out\", \"total\")")
            case "sku": sku = try nonEmptyString(reader, "a SKU name")
            case "metric": metric = try choice(reader, Metric.self, "the metric")
            case "tiering": tiering = try choice(reader, Tiering.self, "the tiering")
            case "p95Of":
                let basis = try choice(reader, BillingBasis.self, "the samples the 95th percentile is taken of")
                p95Of = (basis, reader.location)
            case "unit":
                let text = try reader.readString("a unit such as \"GB\", \"GiB\" or \"Mbit/s\"")
                guard let parsed = DataUnit(text) else {
                    throw reader.error(
                        .invalidValue,
                        "expected a data unit (\(DataUnit.volumeNames.joined(separator: " ")), or one of them with /s), found \(InputQuote.quote(Array(text.utf8), limit: 40))"
                    )
                }
                unit = (parsed, reader.location)
            case "tiers":
                tiers = try parseTiers(reader)
            default:
                throw unknownMember(reader, ["provider", "resource", "direction", "metric", "unit", "p95Of", "tiering", "tiers", "sku"])
            }
        }
        guard let metric else { throw Diagnostic.error(.missingField, "the rate has no \"metric\" (\"traffic\" or \"bandwidth\")", at: at) }
        guard let (unit, unitAt) = unit else {
            let example = metric == .traffic ? "\"GB\" (10^9 bytes) or \"GiB\" (2^30 bytes)" : "\"Mbit/s\""
            throw Diagnostic.error(.missingField, "the rate has no \"unit\": state the priced unit, e.g. \(example)", at: at)
        }
        if metric == .traffic && unit.isRate {
            throw Diagnostic.error(
                .invalidValue,
                "a traffic rate is priced per unit of volume (\"GB\", \"GiB\"), not per \(unit.name)",
                at: unitAt
            )
        }
        if metric == .bandwidth && !unit.isRate {
            throw Diagnostic.error(
                .invalidValue,
                "a bandwidth rate is priced per unit of rate (\"Mbit/s\"), not per \(unit.name)",
                at: unitAt
            )
        }
        if let (_, basisAt) = p95Of, metric != .bandwidth {
            throw Diagnostic.error(.invalidValue, "\"p95Of\" applies to bandwidth rates only", at: basisAt)
        }
        guard let tiers else { throw Diagnostic.error(.missingField, "the rate has no \"tiers\" (at least [{\"price\": ...}])", at: at) }
        return Rate(
            provider: provider,
            resource: resource,
            direction: direction,
            metric: metric,
            unit: unit,
            p95Of: p95Of?.0 ?? .max,
            tiering: tiering,
            tiers: tiers,
            sku: sku,
            location: at
        )
    }

    /// `[{"upTo": 100, "price": 2}, {"price": 1.5}]`: bounds increasing, the last band unbounded.
    private static func parseTiers(_ reader: JSONReader) throws -> [Tier] {
        try reader.expect(.beginArray, "an array of tiers [{\"upTo\": ..., \"price\": ...}, {\"price\": ...}]")
        let arrayAt = reader.location
        var tiers: [Tier] = []
        var previousBound: ExactDecimal? = nil
        try reader.forEachElement { token in
            guard token == .beginObject else {
                throw reader.mismatch(expected: "a tier object {\"upTo\": ..., \"price\": ...}", found: token)
            }
            let tierAt = reader.location
            if let last = tiers.last, last.upTo == nil {
                throw Diagnostic.error(.invalidValue, "a tier follows the unbounded one: only the last tier may omit \"upTo\"", at: tierAt)
            }
            var upTo: ExactDecimal? = nil
            var price: ExactDecimal? = nil
            try reader.forEachMember {
                switch reader.key {
                case "upTo":
                    let value = try plainDecimal(reader, "the tier's upper bound")
                    guard ExactDecimal.zero < value, previousBound.map({ $0 < value }) ?? true else {
                        throw reader.error(
                            .invalidValue,
                            "expected an upper bound above \(previousBound?.description ?? "0"), found \(String(decoding: reader.tokenText(), as: UTF8.self)) (bounds increase tier by tier)"
                        )
                    }
                    upTo = value
                case "price":
                    let value = try plainDecimal(reader, "the price of one unit")
                    if value.isNegative {
                        throw reader.error(
                            .invalidValue,
                            "expected a price of 0 or more, found \(String(decoding: reader.tokenText(), as: UTF8.self))"
                        )
                    }
                    price = value
                default:
                    throw unknownMember(reader, ["upTo", "price"])
                }
            }
            guard let price else { throw Diagnostic.error(.missingField, "the tier has no \"price\"", at: tierAt) }
            previousBound = upTo ?? previousBound
            tiers.append(Tier(upTo: upTo, price: price))
        }
        guard let last = tiers.last else {
            throw Diagnostic.error(.invalidValue, "expected at least one tier, found none", at: arrayAt)
        }
        if last.upTo != nil {
            throw Diagnostic.error(
                .invalidValue,
                "the last tier has an \"upTo\": usage above it would have no price; leave \"upTo\" out of the last tier",
                at: arrayAt
            )
        }
        return tiers
    }

    private static func nonEmptyString(_ reader: JSONReader, _ what: String) throws -> String {
        let value = try reader.readString(what)
        if value.isEmpty { throw reader.error(.invalidValue, "expected \(what), found an empty string") }
        return value
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ reader: JSONReader, _: T.Type, _ what: String) throws -> T
    where T.RawValue == String {
        let names = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let value = try reader.readString("\(what): one of \(names)")
        guard let parsed = T(rawValue: value) else {
            throw reader.error(
                .invalidValue,
                "expected \(what) to be one of \(names), found \(InputQuote.quote(Array(value.utf8), limit: 40))"
            )
        }
        return parsed
    }

    /// A JSON number written as plain decimal digits, read exactly.
    private static func plainDecimal(_ reader: JSONReader, _ what: String) throws -> ExactDecimal {
        let token = try reader.next()
        guard token == .number else { throw reader.mismatch(expected: "\(what) as a number", found: token) }
        let text = String(decoding: reader.tokenText(), as: UTF8.self)
        // More places than money is computed to would be rounded on reading: a price of
        // 0.0000000000000000000001 would silently become 0, which FOCUS forbids for a real cost.
        if let point = text.firstIndex(of: "."), text.distance(from: point, to: text.endIndex) - 1 > ExactDecimal.maxScale {
            throw reader.error(
                .invalidValue,
                "expected \(what) with at most \(ExactDecimal.maxScale) decimal places (money is exact to that), found \(text)"
            )
        }
        guard let value = ExactDecimal(text: text) else {
            if !text.contains(where: { $0 == "e" || $0 == "E" }) {
                throw reader.error(
                    .numberOutOfRange,
                    "expected \(what) of at most 38 digits, found \(text.count) characters: \(text.prefix(48))"
                )
            }
            throw reader.error(.invalidValue, "expected \(what) as plain decimal digits (0.02, not 2e-2), found \(text)")
        }
        return value
    }

    private static func unknownMember(_ reader: JSONReader, _ known: [String]) -> Diagnostic {
        reader.error(
            .invalidValue,
            "unknown member \(InputQuote.quote(Array(reader.key.utf8), limit: 40)) (expected one of: \(known.joined(separator: ", ")))"
        )
    }
}
