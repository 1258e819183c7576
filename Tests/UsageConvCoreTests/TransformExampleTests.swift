import Testing

@testable import UsageConvCore

/// Each transform on small series whose results are worked out by hand in the comments.
struct TransformExampleTests {
    typealias T = TestSeries

    @Test func clipKeepsTheHalfOpenWindow() {
        let s = T.make([(0, Number(Int64(1))), (300, Number(Int64(2))), (600, Number(Int64(3)))], identity: T.identity())
        // [300, 600) keeps only the point at 300: the end is exclusive.
        #expect(Clipper.clip(s, start: 300, end: 600).times == [300])
        #expect(Clipper.clip(s, start: nil, end: 301).times == [0, 300])
        #expect(Clipper.clip(s, start: 601, end: nil).isEmpty)
    }

    @Test func fillMethodsOnOneHole() {
        // 0 → 10, then nothing until 1200 → 40: three points missing (300, 600, 900).
        let s = T.make([(0, Number(Int64(10))), (1200, Number(Int64(40)))], identity: T.identity(kind: .rate, unit: "bit/s"))
        let zero = GapFiller.fill(s, method: .zero).series
        #expect(zero.times == [0, 300, 600, 900, 1200])
        #expect(zero.values.map(\.description) == ["10", "0", "0", "0", "40"])
        #expect(zero.qualities == [.measured, .zeroFilled, .zeroFilled, .zeroFilled, .measured])
        let carried = GapFiller.fill(s, method: .previous).series
        #expect(carried.values.map(\.description) == ["10", "10", "10", "10", "40"])
        #expect(carried.qualities[1] == .carried)
        // Linear by time: 10 + 30 × 300/1200 = 17.5, then 25, 32.5.
        let linear = GapFiller.fill(s, method: .linear).series
        #expect(linear.values.map(\.description) == ["10", "17.5", "25", "32.5", "40"])
        #expect(linear.qualities[2] == .interpolated)
    }

    @Test func linearFillIsByTimeNotByRow() {
        // Points at 0 (0), 300 (missing), 600 (missing), 900 (90), 1200 (missing), 1500 (150):
        // pandas' row-linear would not matter here, but a row-based fill across [0, 900] and
        // [900, 1500] with different spans must still land on the line v = t / 10.
        let s = T.make(
            [(0, .zero), (900, Number(Int64(90))), (1500, Number(Int64(150)))],
            identity: T.identity(kind: .rate, unit: "bit/s")
        )
        let linear = GapFiller.fill(s, method: .linear).series
        #expect(linear.times == [0, 300, 600, 900, 1200, 1500])
        #expect(linear.values.map(\.description) == ["0", "30", "60", "90", "120", "150"])
    }

    @Test func maxGapLeavesLongHolesEmpty() {
        // The first hole misses 300 s (one point), the second 900 s (three points).
        let s = T.make([(0, Number(Int64(1))), (600, Number(Int64(2))), (1800, Number(Int64(3)))], identity: T.identity())
        let filled = GapFiller.fill(s, method: .previous, maxGap: 600).series
        #expect(filled.times == [0, 300, 600, 1800])
        // Zero fill is not bounded by --max-gap.
        #expect(GapFiller.fill(s, method: .zero, maxGap: 600).series.count == 7)
    }

    @Test func fillWithinAWindowFillsItsEnds() {
        // Window [0, 1500): points 300 and 900 → zeros at 0, 600, 1200.
        let s = T.make([(300, Number(Int64(5))), (900, Number(Int64(7)))], identity: T.identity())
        let filled = GapFiller.fill(s, method: .zero, window: (0, 1500)).series
        #expect(filled.times == [0, 300, 600, 900, 1200])
        // previous carries forward to the window's end, never backwards.
        let carried = GapFiller.fill(s, method: .previous, window: (0, 1500)).series
        #expect(carried.times == [300, 600, 900, 1200])
    }

    @Test func jitterIsNotAHole() {
        // InterServer-like spacing 60, 61, 59 at a 60 s step: nothing to fill.
        let s = T.make([(30, .zero), (90, .zero), (151, .zero), (210, .zero)], identity: T.identity(step: 60))
        #expect(GapFiller.fill(s, method: .zero).series.count == 4)
    }

    @Test func absentZeroSeriesAreFilledWithZeros() {
        let s = T.make([(0, Number(Int64(8))), (900, Number(Int64(8)))], identity: T.identity(kind: .rate, unit: "bit/s", absent: .zero))
        let (filled, warning) = GapFiller.fill(s, method: .linear)
        #expect(filled.values.map(\.description) == ["8", "0", "0", "8"])
        #expect(warning?.message.contains("filled with zeros") == true)
    }

    @Test func resampleSumsAmountsAndAveragesRatesOverTime() throws {
        let grid = try BucketGrid(interval: CalendarInterval(15, .minutes))
        // Amounts 1, 2, 3 at 0, 300, 600 → one 15-minute bucket holding 6.
        let amounts = T.make([(0, Number(Int64(1))), (300, Number(Int64(2))), (600, Number(Int64(3)))], identity: T.identity())
        let summed = Resampler.resample(amounts, grid: grid)
        #expect(summed.times == [0])
        #expect(summed.values.map(\.description) == ["6"])
        #expect(summed.qualities == [.measured])
        #expect(summed.identity.step == 900)
        // Rates 10 and 40 covering 0–300 and 300–600, nothing for 600–900 (absent unknown):
        // mean over the known 600 s = (10×300 + 40×300) / 600 = 25, quality partial.
        let rates = T.make([(0, Number(Int64(10))), (300, Number(Int64(40)))], identity: T.identity(kind: .rate, unit: "bit/s"))
        let partial = Resampler.resample(rates, grid: grid)
        #expect(partial.values.map(\.description) == ["25"])
        #expect(partial.qualities == [.partial])
        // The same with absent = zero and a later point at 900 (so 600–900 is inside the known
        // span): the missing 300 s count as 0 → (3000 + 12000 + 0) / 900 = 16.666…, measured.
        let zeros = T.make(
            [(0, Number(Int64(10))), (300, Number(Int64(40))), (900, Number(Int64(4)))],
            identity: T.identity(kind: .rate, unit: "bit/s", absent: .zero)
        )
        let counted = Resampler.resample(zeros, grid: grid)
        #expect(counted.values[0] == Number(15_000.0 / 900.0))
        #expect(counted.qualities[0] == .measured)
    }

    @Test func resampleRateMeanIsWeightedByOverlap() throws {
        // InterServer-like: 60 s points at :30 → 1-minute buckets each take half of two points.
        let s = T.make([(30, Number(Int64(10))), (90, Number(Int64(20)))], identity: T.identity(kind: .rate, unit: "B/s", step: 60))
        let r = Resampler.resample(s, grid: try BucketGrid(interval: CalendarInterval(1, .minutes)))
        // [0,60): only 30 s known (10) → 10, partial; [60,120): 30 s of 10 and 30 s of 20 → 15;
        // [120,180): 30 s of 20 → 20, partial.
        #expect(r.times == [0, 60, 120])
        #expect(r.values.map(\.description) == ["10", "15", "20"])
        #expect(r.qualities == [.partial, .measured, .partial])
    }

    @Test func upsamplingDividesAmountsAndRepeatsRates() throws {
        let grid = try BucketGrid(interval: CalendarInterval(15, .minutes))
        // 1 hour of 12 GB → four quarters of 3 GB, interpolated.
        let amount = T.make([(3600, Number(Int64(12)))], identity: T.identity(unit: "GB", step: 3600))
        let split = Resampler.resample(amount, grid: grid)
        #expect(split.times == [3600, 4500, 5400, 6300])
        #expect(split.values.map(\.description) == ["3", "3", "3", "3"])
        #expect(split.qualities.allSatisfy { $0 == .interpolated })
        let rate = T.make([(3600, Number(Int64(7)))], identity: T.identity(kind: .rate, unit: "bit/s", step: 3600))
        #expect(Resampler.resample(rate, grid: grid).values.map(\.description) == ["7", "7", "7", "7"])
    }

    @Test(arguments: [
        (Aggregation.min, "1"), (.max, "9"), (.first, "4"), (.last, "2"), (.count, "5"), (.mean, "4"), (.sum, "20"), (.p95, "9"),
    ])
    func aggregationOverrides(aggregation: Aggregation, expected: String) throws {
        // Values 4, 1, 9, 4, 2 in one hour: mean 20 / 5 = 4, p95 rank ceil(4.75) = 5 → 9.
        let values: [Int64] = [4, 1, 9, 4, 2]
        let s = T.make(values.enumerated().map { (Int64($0.offset) * 300, Number($0.element)) }, identity: T.identity())
        let r = Resampler.resample(s, grid: try BucketGrid(interval: CalendarInterval(1, .hours)), aggregation: aggregation)
        #expect(r.values.map(\.description) == [expected])
        #expect(r.identity.unit == (aggregation == .count ? "count" : "B"))
    }

    @Test func emptyBucketsEmitNothing() throws {
        let s = T.make([(0, Number(Int64(1))), (7200, Number(Int64(1)))], identity: T.identity())
        let r = Resampler.resample(s, grid: try BucketGrid(interval: CalendarInterval(1, .hours)))
        #expect(r.times == [0, 7200])
    }

    @Test func weeksStartOnMondayAndMonthsOnTheFirst() throws {
        let week = try BucketGrid(interval: CalendarInterval(1, .weeks))
        // 2025-03-30 was a Sunday: its week began Monday 2025-03-24.
        #expect(week.bucket(containing: T.utc("2025-03-30T12:00:00Z")) == T.utc("2025-03-24T00:00:00Z")..<T.utc("2025-03-31T00:00:00Z"))
        let month = try BucketGrid(interval: CalendarInterval(1, .months))
        #expect(month.bucket(containing: T.utc("2024-02-29T23:59:59Z")) == T.utc("2024-02-01T00:00:00Z")..<T.utc("2024-03-01T00:00:00Z"))
        let quarter = try BucketGrid(interval: CalendarInterval(3, .months))
        #expect(quarter.bucket(containing: T.utc("2025-05-15T00:00:00Z")) == T.utc("2025-04-01T00:00:00Z")..<T.utc("2025-07-01T00:00:00Z"))
    }

    @Test func unitConversions() throws {
        let volume = T.make([(0, T.decimal("1.5"))], identity: T.identity(unit: "GB"))
        func convert(_ s: Series, _ unit: String, seconds: Int64 = 300) throws -> Series? {
            if case .converted(let result) = try UnitConverter.convert(s, to: unit, duration: { _ in seconds }) { return result }
            return nil
        }
        // 1.5 GB = 1,500,000,000 B = 1,500,000 kB; in GiB 1.5e9 / 2^30 = 1.3969838619232177734375,
        // 22 digits: more than an Int64 decimal holds, so the shortest round-trip Double is written.
        #expect(try convert(volume, "B")?.values.map(\.description) == ["1500000000"])
        #expect(try convert(volume, "kB")?.values.map(\.description) == ["1500000"])
        #expect(try convert(volume, "GiB")?.values.map(\.description) == ["1.3969838619232178"])
        // 8,000,000 bit/s over 300 s = 2.4e9 bit = 300,000,000 B = 0.3 GB; metric becomes traffic.
        let rate = T.make([(0, Number(Int64(8_000_000)))], identity: T.identity(kind: .rate, unit: "bit/s"))
        let amount = try #require(try convert(rate, "GB"))
        #expect(amount.values.map(\.description) == ["0.3"])
        #expect(amount.identity.kind == .amount)
        #expect(amount.identity.metric == "traffic")
        // Aliases: Mbps is Mbit/s.
        #expect(try convert(rate, "Mbps")?.values.map(\.description) == ["8"])
        #expect(try convert(rate, "Mbps")?.identity.unit == "Mbit/s")
        // And back: 0.3 GB over 300 s = 1,000,000 B/s.
        #expect(try convert(amount, "B/s")?.values.map(\.description) == ["1000000"])
    }

    @Test func aPartialBucketConvertsOnlyTheTimeSeen() throws {
        // One hour of 8 bit/s (1 B/s) in a UTC day: 3600 B, not 86,400 (the mean stretched over
        // the 23 hours the dump does not cover).
        var plan = TransformPlan()
        plan.resample = try BucketGrid(interval: CalendarInterval(1, .days))
        plan.unit = "B"
        let s = T.make(
            stride(from: Int64(0), to: 3600, by: 300).map { ($0, Number(Int64(8))) },
            identity: T.identity(kind: .rate, unit: "bit/s")
        )
        let (out, _) = try plan.apply(to: [s])
        #expect(out[0].values.map(\.description) == ["3600"])
        #expect(out[0].qualities == [.partial])
    }

    @Test func impossibleConversionsNameBothUnits() throws {
        let money = T.make([(0, T.decimal("0.10"))], identity: T.identity(unit: "USD"))
        #expect(throws: Diagnostic.self) { try UnitConverter.convert(money, to: "EUR", duration: { _ in 1 }) }
        do {
            _ = try UnitConverter.convert(T.make([], identity: T.identity(unit: "B")), to: "USD", duration: { _ in 1 })
            Issue.record("B to USD converted")
        } catch {
            #expect(error.message.contains("B") && error.message.contains("USD"))
        }
        if case .leftAlone(_, let reason) = try UnitConverter.convert(money, to: "GB", duration: { _ in 1 }) {
            #expect(reason.message.contains("money converts only to itself"))
        } else {
            Issue.record("money was converted to GB")
        }
        var plan = TransformPlan()
        plan.unit = "GB"
        #expect(throws: Diagnostic.self) { try plan.apply(to: [money]) }
        #expect(throws: Diagnostic.self) { try UnitConverter.validateTarget("furlongs") }
    }

    @Test func percentileIsTheNearestRank() {
        // 8,640 five-minute samples 1…8640: rank ceil(0.95 × 8640) = 8208.
        let samples = (1...8640).map { Number(Int64($0)) }
        #expect(Percentile.nearestRank(samples.shuffled()) == Number(Int64(8208)))
        #expect(Percentile.nearestRank([Number(Int64(5))]) == Number(Int64(5)))
        // 20 samples: rank 19.
        #expect(Percentile.nearestRank((1...20).map { Number(Int64($0)) }) == Number(Int64(19)))
        #expect(Percentile.nearestRank([]) == nil)
    }

    @Test func statisticsOfARateSeries() {
        // 1, 2, 3, 4 bit/s at a 300 s step with one hole (at 600): 4 points of 5 expected.
        let s = T.make(
            [(0, Number(Int64(1))), (300, Number(Int64(2))), (900, Number(Int64(3))), (1200, Number(Int64(4)))],
            identity: T.identity(kind: .rate, unit: "bit/s")
        )
        let stats = SeriesStatistics.of(s)
        #expect(stats.present == 4 && stats.expected == 5)
        // Total: (1+2+3+4) × 300 = 3000 bit; mean 10 / 4 = 2.5; p95 rank ceil(3.8) = 4 → 4.
        #expect(stats.total?.description == "3000" && stats.totalUnit == "bit")
        #expect(stats.mean?.description == "2.5")
        #expect(stats.p95?.description == "4")
        // The provider omitting zeros: the hole is a zero sample → mean 10 / 5 = 2, min 0.
        var zero = s
        zero.identity.absent = .zero
        let z = SeriesStatistics.of(zero)
        #expect(z.mean?.description == "2" && z.min?.description == "0")
    }

    @Test func billingCombinesDirectionsSampledApart() {
        // In at :30, out at :31 (InterServer samples each direction separately).
        let inbound = T.make(
            [(30, Number(Int64(5))), (90, Number(Int64(1)))],
            identity: T.identity(kind: .rate, unit: "B/s", step: 60, direction: "in")
        )
        let outbound = T.make(
            [(31, Number(Int64(2))), (91, Number(Int64(7)))],
            identity: T.identity(kind: .rate, unit: "B/s", step: 60, direction: "out")
        )
        let max = DirectionCombiner.combine([inbound, outbound], basis: .max)
        #expect(max.count == 1 && max[0].identity.direction == "max-of-in-out")
        #expect(max[0].values.map(\.description) == ["5", "7"])
        #expect(DirectionCombiner.combine([inbound, outbound], basis: .sum)[0].values.map(\.description) == ["7", "8"])
    }
}
