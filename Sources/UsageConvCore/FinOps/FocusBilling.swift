/// What `--to focus` is given besides the series: the rate card and the billing months' zone.
public struct FocusOptions: Sendable, Hashable {
    /// Prices for traffic and bandwidth series (`--rates`); nil: only money series can be rows.
    public var rateCard: RateCard?
    /// The zone whose calendar months are the billing periods (`--tz`; default UTC).
    public var zone: ZoneRules = .utc

    /// No rate card, UTC months.
    public init(rateCard: RateCard? = nil, zone: ZoneRules = .utc) {
        self.rateCard = rateCard
        self.zone = zone
    }
}

/// Turns canonical series into FOCUS 1.0 charge rows (README "FinOps: FOCUS rows").
///
/// - Money series (OnApp `cost.*`, unit a currency) become one row per point: the dump's amount is
///   `BilledCost`, and, with no discount or list price in the dump, also `EffectiveCost`,
///   `ListCost` and `ContractedCost`. Per resource the record total is taken (`cost.total`, else
///   `cost`, else `cost.usage`): the per-item `cost.<name>` series break that total down and would
///   count it twice; they become rows only for a resource whose owner has no total.
/// - Traffic series (amounts) are priced per point by the rate card's per-unit tiers over the
///   billing month (the month's volume so far decides the band); a point whose volume crosses
///   a band boundary becomes one row per band, so every row has one unit price.
/// - Bandwidth series (rates) are priced once per billing month per resource, on the 95th
///   percentile of the samples `p95Of` chooses (`stats`' rule: rank ceil(0.95 n), omitted
///   samples of an `absent = zero` series counted as zeros within the covered span).
/// - Other series (OnApp's per-item quantities, request counts) are not billing data and give no row.
///
/// A traffic or bandwidth series no rate prices is an error: FOCUS 1.0 forbids null in the four
/// cost columns and forbids 0 as a placeholder for an unknown value (`null_handling.md`).
public enum FocusBilling {
    /// The rows for `series` (sorted by identity), in series order, then time.
    ///
    /// - Throws: `Diagnostic` `.usage` when a usage series has no rate (naming it),
    ///   `.numberOutOfRange` when a figure needs more than 38 digits, `.invalidValue` for a
    ///   value that is not a finite number.
    public static func rows(for series: [Series], options: FocusOptions) throws -> [FocusRow] {
        var rows: [FocusRow] = []
        var unpriced: [SeriesIdentity] = []
        var trafficGroups: [UsageGroup] = []
        var bandwidthGroups: [UsageGroup] = []
        let money = series.filter { CurrencyCode.isCurrency($0.identity.unit) && $0.identity.metric.hasPrefix("cost") }
        let chosenMoney = Set(chooseMoney(money).map(\.identity))
        for s in series {
            let identity = s.identity
            if chosenMoney.contains(identity) {
                rows += try located(identity, at: s.origin, rate: nil) { try moneyRows(s, options: options) }
                continue
            }
            guard identity.metric == "traffic" || identity.metric == "bandwidth", let unit = DataUnit(identity.unit) else { continue }
            guard unit.isRate == (identity.metric == "bandwidth") else { continue }
            guard let card = options.rateCard, let (index, rate) = card.rate(for: identity) else {
                unpriced.append(identity)
                continue
            }
            let key = UsageGroup.Key(rate: index, source: identity.source, resource: identity.resource, direction: identity.direction)
            if rate.metric == .traffic {
                append(s, key: key, rate: rate, to: &trafficGroups)
            } else {
                // The directions are combined per resource (--p95-of), so they share one group.
                var combined = key
                combined.direction = ""
                append(s, key: combined, rate: rate, to: &bandwidthGroups)
            }
        }
        if let first = unpriced.first {
            let names = unpriced.prefix(3).map { "\($0.source) \($0.resource) \($0.metric) \($0.direction)".trimmingSuffixSpaces }
            let more = unpriced.count > 3 ? " and \(unpriced.count - 3) more" : ""
            let why =
                "FOCUS 1.0 allows no null BilledCost, EffectiveCost, ListCost or ContractedCost, and no 0 standing for an unknown cost"
            let fix =
                options.rateCard == nil
                ? "give --rates FILE with a \(first.metric) rate for it (README: Rate cards)"
                : "add a \(first.metric) rate that matches it to the rate card (the first rate whose provider, resource, direction and metric match prices a series)"
            throw Diagnostic.error(.usage, "no price for \(names.joined(separator: "; "))\(more): \(why); \(fix)")
        }
        guard let card = options.rateCard else { return rows }
        for group in trafficGroups {
            rows += try located(group) { try trafficRows(group, card: card, options: options) }
        }
        for group in bandwidthGroups {
            rows += try located(group) { try bandwidthRows(group, card: card, options: options) }
        }
        return rows
    }

    /// Runs `body`; an arithmetic refusal (a cost beyond 38 digits) names the series it priced,
    /// the rate that priced it and where the series came from, which the arithmetic cannot know.
    private static func located<T>(
        _ identity: SeriesIdentity,
        at origin: SourceLocation?,
        rate: Int?,
        _ body: () throws -> T
    ) throws -> T {
        do {
            return try body()
        } catch var diagnostic as Diagnostic where diagnostic.location == nil {
            let name = "\(identity.source) \(identity.resource) \(identity.metric) \(identity.direction)".trimmingSuffixSpaces
            let how = rate.map { " with rate \($0 + 1) of the rate card" } ?? ""
            diagnostic.message = "pricing \(name)\(how): " + diagnostic.message
            diagnostic.location = origin
            throw diagnostic
        }
    }

    private static func located<T>(_ group: UsageGroup, _ body: () throws -> T) throws -> T {
        let first = group.series.first
        let identity =
            first?.identity
            ?? SeriesIdentity(
                source: group.key.source,
                resource: group.key.resource,
                metric: group.rate.metric.rawValue,
                direction: group.key.direction,
                unit: "",
                kind: .amount,
                step: 0,
                absent: .unknown
            )
        return try located(identity, at: first?.origin, rate: group.key.rate, body)
    }

    // MARK: - Money series

    /// Per resource, the series that hold its whole bill (see the type's documentation).
    static func chooseMoney(_ money: [Series]) -> [Series] {
        var byResource: [String: [Series]] = [:]
        for s in money { byResource[s.identity.resource, default: []].append(s) }
        var totals: [String: Series] = [:]
        for (resource, list) in byResource {
            for metric in ["cost.total", "cost", "cost.usage"] {
                if let found = list.first(where: { $0.identity.metric == metric }) {
                    totals[resource] = found
                    break
                }
            }
        }
        var chosen: [Series] = []
        for s in money {
            let resource = s.identity.resource
            if let total = totals[resource] {
                if total.identity == s.identity { chosen.append(s) }
                continue
            }
            // An item (`vm:1/disk:7`) whose owner (`vm:1`) has a total is part of that total.
            let owner = String(resource.prefix { $0 != "/" })
            if owner != resource && totals[owner] != nil { continue }
            chosen.append(s)
        }
        return chosen
    }

    private static func moneyRows(_ s: Series, options: FocusOptions) throws -> [FocusRow] {
        let identity = s.identity
        var rows: [FocusRow] = []
        rows.reserveCapacity(s.count)
        let step = Swift.max(identity.step, 1)
        // Whole hours as Hours (OnApp bills hourly), any other span in Seconds: exact either way.
        let quantity = step % 3600 == 0 ? ExactDecimal(step / 3600) : ExactDecimal(step)
        let quantityUnit = step % 3600 == 0 ? "Hours" : "Seconds"
        let field = identity.metric == "cost" ? "cost" : String(identity.metric.dropFirst("cost.".count)) + "_cost"
        // What every row of the series shares, built once rather than per hour.
        let common = commonRow(identity, options: options, billingAccountFallback: identity.source)
        let description = "\(FocusNames.of(identity.source).name) \(field) of \(identity.resource) for \(step) s"
        for i in 0..<s.count {
            guard let amount = ExactDecimal(s.values[i]) else {
                throw Diagnostic.error(
                    .invalidValue,
                    "\(identity.resource) \(identity.metric) at \(UnixTime.iso8601(s.times[i])) is not a number"
                )
            }
            var row = common
            let start = s.times[i]
            setPeriods(&row, start: start, end: start + step, zone: options.zone)
            row[.billingCurrency] = identity.unit
            let text = amount.description
            for column in [FocusColumn.billedCost, .effectiveCost, .listCost, .contractedCost] { row[column] = text }
            // The dump states amounts, not unit prices: the price columns stay null.
            row[.consumedQuantity] = quantity.description
            row[.consumedUnit] = quantityUnit
            row[.pricingQuantity] = quantity.description
            row[.pricingUnit] = quantityUnit
            row[.skuId] = "\(identity.source)/\(identity.metric)"
            row[.skuPriceId] = "\(identity.source)/\(identity.metric)"
            row[.chargeDescription] = description
            rows.append(row)
        }
        return rows
    }

    // MARK: - Usage series

    /// The series one rate prices together: one resource (and, for traffic, one direction).
    struct UsageGroup {
        struct Key: Hashable {
            var rate: Int
            var source: String
            var resource: String
            var direction: String
        }
        var key: Key
        var rate: RateCard.Rate
        var series: [Series]
    }

    private static func append(_ s: Series, key: UsageGroup.Key, rate: RateCard.Rate, to groups: inout [UsageGroup]) {
        if let index = groups.firstIndex(where: { $0.key == key }) {
            groups[index].series.append(s)
        } else {
            groups.append(UsageGroup(key: key, rate: rate, series: [s]))
        }
    }

    /// One point of usage, in the rate's unit.
    private struct Usage {
        var start: Int64
        var end: Int64
        var quantity: ExactDecimal
        var billed: Bool
        var identity: SeriesIdentity
    }

    private static func trafficRows(_ group: UsageGroup, card: RateCard, options: FocusOptions) throws -> [FocusRow] {
        let rate = group.rate
        var points: [Usage] = []
        for s in group.series {
            guard let unit = DataUnit(s.identity.unit) else { continue }
            let billedLabels = s.labels["billed"]
            for i in 0..<s.count {
                guard let value = ExactDecimal(s.values[i]) else {
                    throw Diagnostic.error(
                        .invalidValue,
                        "\(s.identity.resource) traffic at \(UnixTime.iso8601(s.times[i])) is not a number"
                    )
                }
                let quantity = try value.scaled(by: unit.bits, over: rate.unit.bits)
                // SurferCloud's BillingState "No": measured, not billed.
                let billed = billedLabels.map { $0[i] != "No" } ?? true
                points.append(
                    Usage(
                        start: s.times[i],
                        end: s.times[i] + Swift.max(s.identity.step, 1),
                        quantity: quantity,
                        billed: billed,
                        identity: s.identity
                    )
                )
            }
        }
        points.sort { $0.start < $1.start }
        var rows: [FocusRow] = []
        var index = 0
        while index < points.count {
            // One billing month: its volume decides volume tiering; graduated bands fill in time order.
            let month = billingMonth(of: points[index].start, zone: options.zone)
            var last = index
            var total = ExactDecimal.zero
            while last < points.count && points[last].start < month.end {
                if points[last].billed { total = try total.adding(points[last].quantity) }
                last += 1
            }
            var before = ExactDecimal.zero
            for point in points[index..<last] {
                let sku = rate.sku ?? "\(point.identity.source)/traffic/rate-\(group.key.rate + 1)"
                guard point.billed else {
                    var row = usageRow(point, card: card, options: options, sku: sku, rate: rate)
                    row[.consumedQuantity] = point.quantity.description
                    row[.pricingQuantity] = ExactDecimal.zero.description
                    let price = rate.band(of: before).price
                    fill(&row, cost: .zero, unitPrice: price, sku: sku, tier: tierNumber(of: rate, price: rate.band(of: before)))
                    row[.chargeDescription] =
                        "\(describe(point.identity)): \(point.quantity) \(rate.unit.name) measured, not billed (BillingState No)"
                    rows.append(row)
                    continue
                }
                for part in try rate.slices(of: point.quantity, after: before, periodTotal: total) {
                    var row = usageRow(point, card: card, options: options, sku: sku, rate: rate)
                    row[.consumedQuantity] = part.quantity.description
                    row[.pricingQuantity] = part.quantity.description
                    fill(&row, cost: part.cost, unitPrice: part.tier.price, sku: sku, tier: tierNumber(of: rate, price: part.tier))
                    row[.chargeDescription] =
                        "\(describe(point.identity)): \(part.quantity) \(rate.unit.name) at \(part.tier.price) \(card.currency) per \(rate.unit.name)"
                        + (rate.tiers.count > 1 ? " (\(rate.tiering.rawValue) tier \(tierNumber(of: rate, price: part.tier)))" : "")
                    rows.append(row)
                }
                before = try before.adding(point.quantity)
            }
            index = last
        }
        return rows
    }

    private static func bandwidthRows(_ group: UsageGroup, card: RateCard, options: FocusOptions) throws -> [FocusRow] {
        let rate = group.rate
        let directional = group.series.filter { $0.identity.direction == "in" || $0.identity.direction == "out" }
        let others = group.series.filter { $0.identity.direction != "in" && $0.identity.direction != "out" }
        let combined: [Series]
        if Set(directional.map(\.identity.direction)).count == 1 && (rate.p95Of == .max || rate.p95Of == .sum) {
            // One direction only (a CDN bills its output): the larger of it and nothing, or it plus
            // nothing, is that direction's own samples.
            combined = directional + others
        } else {
            combined = DirectionCombiner.combine(directional, basis: rate.p95Of) + others
        }
        if combined.isEmpty, let first = group.series.first {
            throw Diagnostic.error(
                .usage,
                "no \(rate.p95Of.rawValue) samples to take the 95th percentile of for \(first.identity.source) \(first.identity.resource) bandwidth (the rate's \"p95Of\" is \"\(rate.p95Of.rawValue)\"; the dump has \(group.series.map(\.identity.direction).joined(separator: ", ")))"
            )
        }
        var rows: [FocusRow] = []
        for s in combined where !s.isEmpty {
            guard let unit = DataUnit(s.identity.unit) else { continue }
            let step = Swift.max(s.identity.step, 1)
            var index = 0
            while index < s.count {
                let month = billingMonth(of: s.times[index], zone: options.zone)
                var last = index
                while last < s.count && s.times[last] < month.end { last += 1 }
                // The span the dumps cover within the month: holes inside it are zeros where the
                // provider omits zeros; the month's uncovered ends are not billed as zeros.
                let window = (start: s.times[index], end: s.times[last - 1] + step)
                var part = Series(identity: s.identity)
                for i in index..<last { part.append(time: s.times[i], value: s.values[i], quality: s.qualities[i]) }
                let stats = SeriesStatistics.of(part, window: window)
                guard let p95Number = stats.p95, let p95 = ExactDecimal(p95Number) else {
                    throw Diagnostic.error(
                        .invalidValue,
                        "\(s.identity.resource) bandwidth has no finite 95th percentile in \(UnixTime.iso8601(month.start))"
                    )
                }
                let quantity = try p95.scaled(by: unit.bits, over: rate.unit.bits)
                let sku = rate.sku ?? "\(s.identity.source)/bandwidth/rate-\(group.key.rate + 1)"
                let point = Usage(start: window.start, end: window.end, quantity: quantity, billed: true, identity: s.identity)
                let samples = "\(stats.expected) samples of \(step) s"
                let basis: String
                switch s.identity.direction {
                case "max-of-in-out": basis = "; the larger of in and out at each time"
                case "in+out": basis = "; in + out at each time"
                default: basis = ""
                }
                for slice in try rate.slices(of: quantity, after: .zero, periodTotal: quantity) {
                    var row = usageRow(point, card: card, options: options, sku: sku, rate: rate)
                    row[.consumedQuantity] = slice.quantity.description
                    row[.pricingQuantity] = slice.quantity.description
                    let tier = tierNumber(of: rate, price: slice.tier)
                    fill(&row, cost: slice.cost, unitPrice: slice.tier.price, sku: sku, tier: tier)
                    let tierText =
                        rate.tiers.count > 1 ? "; \(rate.tiering.rawValue) tier \(tier): \(slice.quantity) \(rate.unit.name)" : ""
                    row[.chargeDescription] =
                        "\(describe(s.identity)): 95th percentile \(quantity) \(rate.unit.name) (rank ceil(0.95 n) of \(samples)\(basis))"
                        + "\(tierText) at \(slice.tier.price) \(card.currency) per \(rate.unit.name)"
                    rows.append(row)
                }
                index = last
            }
        }
        return rows
    }

    private static func tierNumber(of rate: RateCard.Rate, price tier: RateCard.Tier) -> Int {
        (rate.tiers.firstIndex(of: tier) ?? 0) + 1
    }

    private static func usageRow(_ point: Usage, card: RateCard, options: FocusOptions, sku: String, rate: RateCard.Rate) -> FocusRow {
        var row = commonRow(point.identity, options: options, billingAccountFallback: point.identity.source)
        setPeriods(&row, start: point.start, end: point.end, zone: options.zone)
        row[.billingCurrency] = card.currency
        row[.consumedUnit] = focusUnit(rate.unit)
        row[.pricingUnit] = focusUnit(rate.unit)
        return row
    }

    private static func fill(_ row: inout FocusRow, cost: ExactDecimal, unitPrice: ExactDecimal, sku: String, tier: Int) {
        // The rate card is the contract: no separate list price, no discount, nothing amortised.
        for column in [FocusColumn.billedCost, .effectiveCost, .listCost, .contractedCost] { row[column] = cost.description }
        row[.listUnitPrice] = unitPrice.description
        row[.contractedUnitPrice] = unitPrice.description
        row[.skuId] = sku
        row[.skuPriceId] = "\(sku)/tier-\(tier)"
    }

    /// What a row is, in words without commas (so `cut -d,` splits FOCUS CSV by column).
    private static func describe(_ identity: SeriesIdentity) -> String {
        let direction = identity.direction.isEmpty ? "" : " \(identity.direction)"
        return "\(FocusNames.of(identity.source).name) \(identity.metric)\(direction) of \(identity.resource)"
    }

    // MARK: - Columns every row has

    private static func commonRow(_ identity: SeriesIdentity, options: FocusOptions, billingAccountFallback: String) -> FocusRow {
        let facts = FocusNames.of(identity.source)
        var row = FocusRow()
        row[.billingAccountId] = options.rateCard?.billingAccountId ?? billingAccountFallback
        row[.billingAccountName] = options.rateCard?.billingAccountName
        row[.chargeCategory] = "Usage"
        row[.chargeFrequency] = "Usage-Based"
        row[.pricingCategory] = "Standard"
        row[.providerName] = facts.name
        row[.publisherName] = facts.name
        row[.invoiceIssuerName] = facts.name
        row[.serviceCategory] = facts.category
        row[.serviceName] = facts.service
        // The resource a dump that names none is given (Baishan's `all`, SwiftFederation's
        // `customer`) is an account total: no resource (ResourceType is null with ResourceId).
        if identity.resource != facts.facts.accountTotalResource {
            row[.resourceId] = identity.resource
            row[.resourceName] = identity.resource
            row[.resourceType] = facts.resourceType(identity.resource)
        }
        return row
    }

    private static func setPeriods(_ row: inout FocusRow, start: Int64, end: Int64, zone: ZoneRules) {
        let month = billingMonth(of: start, zone: zone)
        row[.chargePeriodStart] = UnixTime.iso8601(start)
        row[.chargePeriodEnd] = UnixTime.iso8601(end)
        row[.billingPeriodStart] = UnixTime.iso8601(month.start)
        row[.billingPeriodEnd] = UnixTime.iso8601(month.end)
    }

    /// The calendar month in `zone` that the instant `t` falls in, as UTC instants `[start, end)`.
    public static func billingMonth(of t: Int64, zone: ZoneRules) -> (start: Int64, end: Int64) {
        let day = UnixTime.floorDiv(t + zone.offset(atUTC: t), 86_400)
        let (year, month, _) = UnixTime.civil(days: day)
        let first = UnixTime.days(year: year, month: month, day: 1)
        let next = month == 12 ? UnixTime.days(year: year + 1, month: 1, day: 1) : UnixTime.days(year: year, month: month + 1, day: 1)
        return (zone.startOfLocalDay(first), zone.startOfLocalDay(next))
    }

    /// A data unit in FOCUS 1.0 Unit Format (`unit_format.md`).
    ///
    /// Bits are `b`, `Kb`, `Mb`, ...; bytes `B`, `KB`, `MB`, ..., `KiB`, ...; rates `<units>/Second`.
    public static func focusUnit(_ unit: DataUnit) -> String {
        let base = unit.amount.name
        let names = ["bit": "b", "kbit": "Kb", "Mbit": "Mb", "Gbit": "Gb", "Tbit": "Tb", "kB": "KB"]
        let name = names[base] ?? base
        return unit.isRate ? name + "/Second" : name
    }
}

/// The names FOCUS rows give a provider (the dumps name none of them), from its decoder's facts.
struct FocusNames {
    var name: String
    var service: String
    var category: String
    var facts: ProviderFacts

    static func of(_ source: String) -> FocusNames {
        let facts = DecoderRegistry.decoder(named: source)?.facts ?? ProviderFacts()
        return FocusNames(
            name: facts.displayName ?? source,
            service: facts.serviceName ?? source,
            category: facts.serviceCategory ?? "Other",
            facts: facts
        )
    }

    /// The resource's type: by the prefix of its last item where the provider names items so
    /// (`vm:1/disk:7`), else the provider's one kind of resource.
    func resourceType(_ resource: String) -> String {
        if !facts.resourceTypesByPrefix.isEmpty {
            let last = resource.split(separator: "/").last.map { String($0.prefix { $0 != ":" }) } ?? ""
            return facts.resourceTypesByPrefix[last] ?? "Resource"
        }
        return facts.resourceType ?? "Resource"
    }
}

extension String {
    fileprivate var trimmingSuffixSpaces: String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
