import PropertyBased
import Testing
import UsageConvCore

/// FOCUS pricing in the library: exact money, graduated and volume tiers, the 95th percentile,
/// billing months, refusals, and rate cards read with located errors.
struct FocusBillingTests {
    static func decimal(_ text: String) throws -> ExactDecimal { try #require(ExactDecimal(text: text)) }

    static func identity(
        _ source: String,
        _ resource: String,
        _ metric: String,
        _ direction: String,
        _ unit: String,
        _ step: Int64
    )
        -> SeriesIdentity
    {
        SeriesIdentity(
            source: source,
            resource: resource,
            metric: metric,
            direction: direction,
            unit: unit,
            kind: metric == "bandwidth" ? .rate : .amount,
            step: step,
            absent: .zero
        )
    }

    static func card(_ rates: String) throws -> RateCard {
        try RateCard.parse(bytes: Array(#"{"format": "usageconv-rates/1", "currency": "USD", "rates": [\#(rates)]}"#.utf8))
    }

    /// The sum of a column over rows, exactly.
    static func sum(_ rows: [FocusRow], _ column: FocusColumn) throws -> ExactDecimal {
        try rows.reduce(ExactDecimal.zero) { try $0.adding(try decimal(try #require($1[column]))) }
    }

    @Test func tenTimesTenCentsIsExactlyOne() throws {
        let cents = try Self.decimal("0.10")
        #expect(try cents.multiplied(by: ExactDecimal(10)).description == "1.0")
        var total = ExactDecimal.zero
        for _ in 0..<10 { total = try total.adding(cents) }
        #expect(total == ExactDecimal(1))
        // Through the rows: ten OnApp hours of 0.10 bill exactly 1.
        let times = (0..<10).map { Int64(1_367_366_400 + 3600 * $0) }
        let series = Series(
            identity: Self.identity("onapp", "vm:2", "cost.total", "", "USD", 3600),
            times: times,
            values: times.map { _ in Number(significand: 10, exponent: -2) }
        )
        let rows = try FocusBilling.rows(for: [series], options: FocusOptions())
        #expect(rows.count == 10)
        #expect(try Self.sum(rows, .billedCost).description == "1.0")
        // And 10 GB at 0.10 per GB.
        let traffic = Series(
            identity: Self.identity("baishan", "a.example.com", "traffic", "out", "GB", 86_400),
            times: [0],
            values: [Number(Int64(10))]
        )
        let priced = try FocusBilling.rows(
            for: [traffic],
            options: FocusOptions(rateCard: try Self.card(#"{"metric": "traffic", "unit": "GB", "tiers": [{"price": 0.10}]}"#))
        )
        #expect(priced.map { $0[.billedCost] } == ["1.0"])
    }

    @Test func iecUnitsRoundHalfToEvenAtEighteenDigits() throws {
        // One byte is 2^-30 GiB = 0.000000000931322574|615478515625: the 19th digit rounds up.
        let gib = try ExactDecimal(1).scaled(by: 8, over: 8 << 30)
        #expect(gib.description == "0.000000000931322575")
        // 1 TB is 931.322574615478515625 GiB exactly; one byte more needs 30 fraction digits.
        #expect(try ExactDecimal(1_000_000_000_000).scaled(by: 8, over: 8 << 30).description == "931.322574615478515625")
        #expect(try ExactDecimal(1_000_000_000_001).scaled(by: 8, over: 8 << 30).description == "931.3225746164098382")
        // Half to even: 0.5e-18 rounds to 0, 1.5e-18 to 2e-18.
        #expect(ExactDecimal(significand: 5, scale: 19) == .zero)
        #expect(ExactDecimal(significand: 15, scale: 19).description == "0.000000000000000002")
    }

    @Test func valuesFarBelowTheEighteenthPlaceRoundToZero() throws {
        // A dump's 1e-60 (Number keeps exponents to -64) and quantities divided by 2^60 and 2^62.
        #expect(try #require(ExactDecimal(Number(significand: 1, exponent: -60))) == .zero)
        #expect(ExactDecimal(significand: Int128(Int64.max), scale: 56) == .zero)
        #expect(try ExactDecimal(1).scaled(by: 1, over: 1 << 62) == .zero)  // 2.2e-19
        #expect(try ExactDecimal(1).scaled(by: 1, over: 1 << 60).description == "0.000000000000000001")  // 8.7e-19
        #expect(try ExactDecimal(1 << 60).scaled(by: 1, over: 1 << 60) == ExactDecimal(1))
    }

    @Test func productsBeyond38DigitsAreRefusedNotRounded() throws {
        let huge = ExactDecimal(significand: Int128(Int64.max) * Int128(Int64.max), scale: 0)
        #expect(throws: Diagnostic.self) { try huge.multiplied(by: huge) }
        // Through the rows, the refusal names the series, the rate and where the series came from.
        var traffic = Series(
            identity: Self.identity("baishan", "a.example.com", "traffic", "out", "GB", 86_400),
            times: [0],
            values: [Number(Int64.max)]
        )
        traffic.origin = SourceLocation(file: "dumps/a.json", line: 1, column: 1)
        let card = try Self.card(#"{"metric": "traffic", "unit": "GB", "tiers": [{"price": 12345678901234567890.123456789012345678}]}"#)
        let error = try #require(throws: Diagnostic.self) {
            try FocusBilling.rows(for: [traffic], options: FocusOptions(rateCard: card))
        }
        let expected = "dumps/a.json: 1:1: pricing baishan a.example.com traffic out with rate 1 of the rate card:"
        #expect(error.description.hasPrefix(expected), "\(error)")
    }

    /// Pricing a month one row at a time, split at band boundaries, adds up to pricing its total.
    @Test func graduatedSlicesAddUpToThePriceOfTheTotal() async {
        await propertyCheck(
            input: Gen.int64(in: 0...5_000).array(of: 1...30),
            Gen.int64(in: 1...300).array(of: 1...4),
            Gen.int64(in: 0...9_999).array(of: 1...5),
            Gen.bool
        ) { quantities, widths, prices, volume in
            var bound: Int64 = 0
            var tiers: [String] = []
            for (index, price) in prices.enumerated() {
                let cents = "\(price / 100)." + (price % 100 < 10 ? "0" : "") + "\(price % 100)"
                if index < prices.count - 1 {
                    bound += widths[index % widths.count] * 10
                    tiers.append(#"{"upTo": \#(bound), "price": \#(cents)}"#)
                } else {
                    tiers.append(#"{"price": \#(cents)}"#)
                }
            }
            let tiering = volume ? "volume" : "graduated"
            let rates = #"{"metric": "traffic", "unit": "GB", "tiering": "\#(tiering)", "tiers": [\#(tiers.joined(separator: ","))]}"#
            let card = try Self.card(rates)
            // Tenths of a GB, one per day of April 2025 (one billing month).
            let times = quantities.indices.map { Int64(1_743_465_600 + 86_400 * $0) }
            let values = quantities.map { Number(significand: $0, exponent: -1) }
            let series = Series(
                identity: Self.identity("swiftfederation", "d", "traffic", "out", "GB", 86_400),
                times: times,
                values: values
            )
            let rows = try FocusBilling.rows(for: [series], options: FocusOptions(rateCard: card))
            let total = quantities.reduce(Int64(0), +)
            let expected = try card.rates[0].price(of: ExactDecimal(significand: Int128(total), scale: 1))
            #expect(try Self.sum(rows, .billedCost) == expected)
            #expect(try Self.sum(rows, .pricingQuantity) == ExactDecimal(significand: Int128(total), scale: 1))
            // Every row has one unit price: price × quantity is its cost (FOCUS ContractedCost rule).
            for row in rows {
                let product = try Self.decimal(try #require(row[.contractedUnitPrice])).multiplied(
                    by: try Self.decimal(try #require(row[.pricingQuantity]))
                )
                #expect(product == (try Self.decimal(try #require(row[.contractedCost]))))
            }
        }
    }

    @Test func bandwidthIsBilledOnTheMonthsNinetyFifthPercentileAcrossTwoTiers() throws {
        // 100 five-minute samples of 1..100 Mbit/s, shuffled: rank ceil(95) is 95 Mbit/s.
        let start: Int64 = 1_743_465_600
        let values = (1...100).map { Int64(($0 * 37) % 100 + 1) * 1_000_000 }
        let series = Series(
            identity: Self.identity("baishan", "cdn.example.com", "bandwidth", "out", "bit/s", 300),
            times: values.indices.map { start + 300 * Int64($0) },
            values: values.map { Number($0) }
        )
        #expect(SeriesStatistics.of(series).p95 == Number(Int64(95_000_000)))
        let card = try Self.card(#"{"metric": "bandwidth", "unit": "Mbit/s", "tiers": [{"upTo": 50, "price": 2.00}, {"price": 1.50}]}"#)
        let rows = try FocusBilling.rows(for: [series], options: FocusOptions(rateCard: card))
        // 50 × 2.00 + 45 × 1.50 = 167.50
        #expect(rows.map { $0[.pricingQuantity] } == ["50.0", "45.0"])
        #expect(rows.map { $0[.billedCost] } == ["100.0", "67.5"])
        #expect(rows.map { $0[.pricingUnit] } == ["Mb/Second", "Mb/Second"])
        #expect(rows.allSatisfy { $0[.chargePeriodStart] == "2025-04-01T00:00:00Z" && $0[.chargePeriodEnd] == "2025-04-01T08:20:00Z" })
        #expect(rows.allSatisfy { $0[.billingPeriodStart] == "2025-04-01T00:00:00Z" && $0[.billingPeriodEnd] == "2025-05-01T00:00:00Z" })
        // Volume tiering: all 95 at the second band's price.
        let volume = try Self.card(
            #"{"metric": "bandwidth", "unit": "Mbit/s", "tiering": "volume", "tiers": [{"upTo": 50, "price": 2.00}, {"price": 1.50}]}"#
        )
        #expect(try FocusBilling.rows(for: [series], options: FocusOptions(rateCard: volume)).map { $0[.billedCost] } == ["142.5"])
    }

    @Test func p95OfInTakesTheInboundSamplesAndMaxTheLargerAtEachTime() throws {
        let start: Int64 = 1_743_465_600
        let times = (0..<20).map { start + 300 * Int64($0) }
        let inbound = Series(
            identity: Self.identity("interserver", "10.0.0.1", "bandwidth", "in", "Mbit/s", 300),
            times: times,
            values: times.indices.map { Number(Int64($0 < 19 ? 10 : 500)) }
        )
        let outbound = Series(
            identity: Self.identity("interserver", "10.0.0.1", "bandwidth", "out", "Mbit/s", 300),
            times: times,
            values: times.indices.map { Number(Int64($0 % 2 == 0 ? 30 : 5)) }
        )
        func bill(_ basis: String) throws -> [String?] {
            let card = try Self.card(#"{"metric": "bandwidth", "unit": "Mbit/s", "p95Of": "\#(basis)", "tiers": [{"price": 1}]}"#)
            return try FocusBilling.rows(for: [inbound, outbound], options: FocusOptions(rateCard: card)).map { $0[.pricingQuantity] }
        }
        // n = 20: rank 19. in: nineteen 10s then 500 → 10. max: ten 30s, nine 10s and 500 → 30. sum: 40.
        #expect(try bill("in") == ["10.0"])
        #expect(try bill("out") == ["30.0"])
        #expect(try bill("max") == ["30.0"])
        #expect(try bill("sum") == ["40.0"])
    }

    @Test func billingMonthsFollowTheZone() throws {
        // 2023-10-31T16:00:00Z is November 1st in Shanghai.
        let shanghai = try ZoneRules(identifier: "Asia/Shanghai")
        let t: Int64 = 1_698_768_000
        let utc = FocusBilling.billingMonth(of: t, zone: .utc)
        #expect(UnixTime.iso8601(utc.start) == "2023-10-01T00:00:00Z")
        #expect(UnixTime.iso8601(utc.end) == "2023-11-01T00:00:00Z")
        let local = FocusBilling.billingMonth(of: t, zone: shanghai)
        #expect(UnixTime.iso8601(local.start) == "2023-10-31T16:00:00Z")
        #expect(UnixTime.iso8601(local.end) == "2023-11-30T16:00:00Z")
    }

    @Test func unbilledDaysCarryTheirQuantityAtNoCost() throws {
        let series = Series(
            identity: Self.identity("surfercloud", "eip-1", "traffic", "out", "GB", 86_400),
            times: [1_698_768_000, 1_698_854_400],
            values: [Number(Int64(3)), Number(Int64(7))],
            labels: ["billed": ["Yes", "No"]]
        )
        let card = try Self.card(#"{"metric": "traffic", "unit": "GB", "tiers": [{"price": 0.08}]}"#)
        let rows = try FocusBilling.rows(for: [series], options: FocusOptions(rateCard: card))
        #expect(rows.map { $0[.billedCost] } == ["0.24", "0.0"])
        #expect(rows.map { $0[.consumedQuantity] } == ["3.0", "7.0"])
        #expect(rows.map { $0[.pricingQuantity] } == ["3.0", "0.0"])
    }

    @Test func onAppRowsAreTheRecordTotalsNotTheirBreakdown() throws {
        let hour: Int64 = 1_367_366_400
        func money(_ resource: String, _ metric: String, _ value: Int64) -> Series {
            Series(
                identity: Self.identity("onapp", resource, metric, "", "USD", 3600),
                times: [hour],
                values: [Number(significand: value, exponent: -2)]
            )
        }
        let series = [
            money("vm:1", "cost.cpus", 3), money("vm:1", "cost.total", 10), money("vm:1", "cost.usage", 4),
            money("vm:1/disk:7", "cost.disk_size", 2), money("vm:2/nic:3", "cost.data_sent", 5),
        ]
        let rows = try FocusBilling.rows(for: series.sorted { $0.identity < $1.identity }, options: FocusOptions())
        // vm:1 bills its total; vm:2 has no total, so its item's cost is all that is known.
        #expect(rows.map { $0[.resourceId] } == ["vm:1", "vm:2/nic:3"])
        #expect(rows.map { $0[.billedCost] } == ["0.1", "0.05"])
        #expect(rows.map { $0[.resourceType] } == ["Virtual Machine", "Network Interface"])
        #expect(rows.allSatisfy { $0[.listUnitPrice] == nil && $0[.pricingUnit] == "Hours" && $0[.pricingQuantity] == "1.0" })
    }

    @Test func usageWithoutARateIsRefusedNamingTheSeries() throws {
        let series = Series(
            identity: Self.identity("baishan", "all", "bandwidth", "out", "bit/s", 300),
            times: [0],
            values: [Number(Int64(1))]
        )
        let error = try #require(throws: Diagnostic.self) { try FocusBilling.rows(for: [series], options: FocusOptions()) }
        #expect(error.code == .usage)
        #expect(error.message.hasPrefix("no price for baishan all bandwidth out: FOCUS 1.0 allows no null BilledCost"))
        let trafficOnly = try Self.card(#"{"metric": "traffic", "unit": "GB", "tiers": [{"price": 1}]}"#)
        #expect(throws: Diagnostic.self) { try FocusBilling.rows(for: [series], options: FocusOptions(rateCard: trafficOnly)) }
    }

    @Test func theFirstMatchingRateWins() throws {
        let card = try Self.card(
            #"{"provider": "swiftfederation", "resource": "*.example1.com", "metric": "traffic", "unit": "GB", "tiers": [{"price": 1}]},"#
                + #"{"direction": "out", "metric": "traffic", "unit": "GB", "tiers": [{"price": 2}]}"#
        )
        func price(_ source: String, _ resource: String) -> Int? {
            card.rate(for: Self.identity(source, resource, "traffic", "out", "B", 300))?.index
        }
        #expect(price("swiftfederation", "www.example1.com") == 0)
        #expect(price("swiftfederation", "www.example2.com") == 1)
        #expect(price("baishan", "www.example1.com") == 1)
        #expect(card.rate(for: Self.identity("baishan", "x", "traffic", "in", "B", 300)) == nil)
    }

    /// A rate card's mistakes, each one located error.
    @Test(
        arguments: [
            (#"{"format": "usageconv-rates/1", "currency": "usd", "rates": []}"#, "1:45: expected an ISO 4217 currency code"),
            (#"{"format": "usageconv-rates/1", "currency": "USD"}"#, "1:1: the rate card has no \"rates\" member"),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "GB", "tier": []}]}"#,
                "1:98: unknown member 'tier' (expected one of: provider, resource"
            ),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "tiers": [{"price": 1}]}]}"#,
                "1:62: the rate has no \"unit\": state the priced unit, e.g. \"GB\" (10^9 bytes) or \"GiB\" (2^30 bytes)"
            ),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "GB", "tiers": [{"price": 2e-2}]}]}"#,
                "1:118: expected the price of one unit as plain decimal digits (0.02, not 2e-2), found 2e-2"
            ),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "GB", "tiers": [{"upTo": 5, "price": 1}]}]}"#,
                "1:107: the last tier has an \"upTo\": usage above it would have no price"
            ),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "bandwidth", "unit": "GB", "tiers": [{"price": 1}]}]}"#,
                "1:94: a bandwidth rate is priced per unit of rate (\"Mbit/s\"), not per GB"
            ),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "GB", "tiers": [{"upTo": 5, "price": 1}, {"upTo": 5, "price": 1}, {"price": 1}]}]}"#,
                "1:142: expected an upper bound above 5.0, found 5 (bounds increase tier by tier)"
            ),
            (#"{"format": "usageconv-rates/1", "currency": "USD", "rates": [}"#, "1:62: expected a JSON value, found '}'"),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "GB", "tiers": [{"price": 0.0000000000000000000001}]}]}"#,
                "1:118: expected the price of one unit with at most 18 decimal places (money is exact to that), found 0.0000000000000000000001"
            ),
            (
                #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "GB", "tiers": [{"price": 123456789012345678901234567890123456789012345}]}]}"#,
                "1:118: expected the price of one unit of at most 38 digits, found 45 characters"
            ),
        ]
    )
    func malformedRateCardsGiveOneLocatedError(_ text: String, _ expected: String) throws {
        let error = try #require(throws: Diagnostic.self) { try RateCard.parse(bytes: Array(text.utf8)) }
        #expect(error.exitCode == 65)
        #expect(error.description.hasPrefix(expected), "\(error.description)")
    }
}
