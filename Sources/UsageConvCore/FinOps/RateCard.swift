/// A contract's prices for usage the dumps measure but do not price (`--rates rates.json`).
///
/// CDN and transit dumps (Baishan, SwiftFederation, SurferCloud, InterServer) carry traffic and
/// bandwidth but no money: the price lives in the contract. A rate card states it, in JSON
/// (`Schemas/rate-card.schema.json`), read with the project's own JSON reader:
///
///     {"format": "usageconv-rates/1", "currency": "USD", "billingPeriod": "month",
///      "billingAccount": {"id": "acme-cdn", "name": "ACME CDN contract"},
///      "rates": [
///        {"provider": "baishan", "resource": "*", "metric": "bandwidth", "unit": "Mbit/s",
///         "p95Of": "max", "tiering": "graduated",
///         "tiers": [{"upTo": 100, "price": 2.00}, {"price": 1.50}]},
///        {"metric": "traffic", "unit": "GB", "tiers": [{"price": 0.02}]}]}
///
/// A series takes the first rate (in file order) whose `provider`, `resource` pattern (`*`, `?`
/// and `[...]` as in file names), `direction` and `metric` match it. Prices and tier bounds are
/// JSON numbers read exactly as written (no binary floating point).
public struct RateCard: Sendable, Hashable {
    /// The ISO 4217 currency every price is in (`BillingCurrency`).
    public var currency: String
    /// The billing account the rows belong to (`BillingAccountId`); nil: the provider's id.
    public var billingAccountId: String?
    /// The account's display name (`BillingAccountName`).
    public var billingAccountName: String?
    /// The rates, in file order (the first match wins).
    public var rates: [Rate]

    /// The `format` value this version reads.
    public static let formatName = "usageconv-rates/1"

    /// Creates a rate card.
    public init(currency: String, billingAccountId: String? = nil, billingAccountName: String? = nil, rates: [Rate]) {
        self.currency = currency
        self.billingAccountId = billingAccountId
        self.billingAccountName = billingAccountName
        self.rates = rates
    }

    /// What a rate prices.
    public enum Metric: String, Sendable, Hashable, CaseIterable {
        /// Data volume (an `amount` series: `B`, `GB`, ...), priced per `unit` of volume.
        case traffic
        /// Data rate (a `rate` series: `bit/s`, ...), priced per `unit` of the billing period's
        /// 95th percentile (`stats`' rule: rank ceil(0.95 n)).
        case bandwidth
    }

    /// How tiers apply to a billing period's volume.
    public enum Tiering: String, Sendable, Hashable, CaseIterable {
        /// Each tier's price applies to the part of the volume inside the tier (the first 100 at
        /// the first price, the rest at the next): the total is continuous in the volume.
        case graduated
        /// The tier the whole volume falls in prices all of it.
        case volume
    }

    /// One price band: quantities up to `upTo` (exclusive of the previous band's bound), at `price`.
    public struct Tier: Sendable, Hashable {
        /// The band's upper bound in the rate's unit; nil for the last band (no bound).
        public var upTo: ExactDecimal?
        /// The price of one unit in this band.
        public var price: ExactDecimal

        /// Creates a band.
        public init(upTo: ExactDecimal?, price: ExactDecimal) {
            self.upTo = upTo
            self.price = price
        }
    }

    /// The price of usage that matches a pattern.
    public struct Rate: Sendable, Hashable {
        /// The decoder id it applies to (`baishan`); nil: any.
        public var provider: String?
        /// A pattern on the series' resource (`*.example.com`); nil: any.
        public var resource: String?
        /// The direction it applies to (`out`); nil: any.
        public var direction: String?
        /// Traffic or bandwidth.
        public var metric: Metric
        /// The priced unit: a volume (`GB` = 10^9 bytes, `GiB` = 2^30) for traffic, a rate
        /// (`Mbit/s`) for bandwidth.
        public var unit: DataUnit
        /// For bandwidth: which samples the 95th percentile is taken of (`stats --p95-of`).
        public var p95Of: BillingBasis
        /// How the tiers apply.
        public var tiering: Tiering
        /// The bands, in increasing order of `upTo`; the last has none.
        public var tiers: [Tier]
        /// The SKU the rows name (`SkuId`, `SkuPriceId`); nil: one made from the rate's position.
        public var sku: String?
        /// Where the rate is in the file (its `$.rates[i]`).
        public var location: SourceLocation?

        /// Creates a rate.
        public init(
            provider: String? = nil,
            resource: String? = nil,
            direction: String? = nil,
            metric: Metric,
            unit: DataUnit,
            p95Of: BillingBasis = .max,
            tiering: Tiering = .graduated,
            tiers: [Tier],
            sku: String? = nil,
            location: SourceLocation? = nil
        ) {
            self.provider = provider
            self.resource = resource
            self.direction = direction
            self.metric = metric
            self.unit = unit
            self.p95Of = p95Of
            self.tiering = tiering
            self.tiers = tiers
            self.sku = sku
            self.location = location
        }

        /// Whether the rate applies to a series of this identity (its direction as decoded:
        /// a bandwidth rate matches the `in` and `out` series it combines).
        public func matches(_ identity: SeriesIdentity) -> Bool {
            guard identity.metric == metric.rawValue else { return false }
            if let provider, provider != identity.source { return false }
            if let direction, direction != identity.direction { return false }
            if let resource, !GlobPattern.matches(resource, identity.resource) { return false }
            return true
        }

        /// The price of `quantity` units over a whole billing period.
        ///
        /// - Throws: `Diagnostic` `.numberOutOfRange` when a figure needs more than 38 digits.
        public func price(of quantity: ExactDecimal) throws -> ExactDecimal {
            try cost(from: .zero, adding: quantity, periodTotal: quantity)
        }

        /// The price of the slice `[before, before + quantity)` of a billing period whose whole
        /// volume is `periodTotal`: graduated bands price the slice's parts inside each band;
        /// volume tiering prices the slice at the band `periodTotal` falls in.
        ///
        /// Pricing a period's rows one slice at a time (in time order) adds up exactly to
        /// `price(of: periodTotal)`.
        ///
        /// - Throws: `Diagnostic` `.numberOutOfRange` when a figure needs more than 38 digits.
        public func cost(from before: ExactDecimal, adding quantity: ExactDecimal, periodTotal: ExactDecimal) throws -> ExactDecimal {
            var total = ExactDecimal.zero
            for slice in try slices(of: quantity, after: before, periodTotal: periodTotal) { total = try total.adding(slice.cost) }
            return total
        }

        /// One band's part of a priced quantity: a FOCUS row each.
        struct Slice {
            var quantity: ExactDecimal
            var cost: ExactDecimal
            var tier: Tier
        }

        /// The band parts of `quantity` added after `before` units of the period.
        ///
        /// Graduated: split at band boundaries; volume: whole, at the band of `periodTotal`. A zero
        /// quantity is one zero slice.
        func slices(of quantity: ExactDecimal, after before: ExactDecimal, periodTotal: ExactDecimal) throws -> [Slice] {
            if tiering == .volume || quantity == .zero {
                let tier = tiering == .volume ? band(of: periodTotal) : band(of: before)
                return [Slice(quantity: quantity, cost: try quantity.multiplied(by: tier.price), tier: tier)]
            }
            let end = try before.adding(quantity)
            var result: [Slice] = []
            var lower = ExactDecimal.zero
            for tier in tiers {
                // The part of [before, end) inside [lower, upTo).
                let from = Swift.max(before, lower)
                let to = tier.upTo.map { Swift.min(end, $0) } ?? end
                if from < to {
                    let part = try to.subtracting(from)
                    result.append(Slice(quantity: part, cost: try part.multiplied(by: tier.price), tier: tier))
                }
                guard let upper = tier.upTo else { break }
                lower = upper
            }
            return result
        }

        /// The band a quantity falls in (its upper bound is exclusive: 100 with `upTo: 100` is in the next).
        public func band(of quantity: ExactDecimal) -> Tier {
            for tier in tiers {
                guard let upTo = tier.upTo else { return tier }
                if quantity < upTo { return tier }
            }
            return tiers[tiers.count - 1]
        }
    }

    /// The first rate that applies to a series, with its index.
    public func rate(for identity: SeriesIdentity) -> (index: Int, rate: Rate)? {
        for (index, rate) in rates.enumerated() where rate.matches(identity) { return (index, rate) }
        return nil
    }
}
