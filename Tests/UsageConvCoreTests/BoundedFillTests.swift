import Testing

@testable import UsageConvCore

/// A fill is counted before it is made: a point far from the rest (a mistyped year) is named in
/// an error instead of costing gigabytes, and the count never undercounts what `fill` makes.
struct BoundedFillTests {
    /// Three days of 5-minute points, and one in the year 7437.
    static func withFarPoint(far: Int64) -> Series {
        let start = TestSeries.utc("2017-08-20T16:00:00Z")
        var points = (0..<864).map { (start + Int64($0) * 300, TestSeries.decimal("7")) }
        points.append((far, TestSeries.decimal("9")))
        var series = TestSeries.make(points.sorted { $0.0 < $1.0 }, identity: TestSeries.identity(kind: .rate, absent: .zero))
        series.origin = SourceLocation(file: "dump.json", line: 1, column: 18)
        return series
    }

    static let year7437 = TestSeries.utc("7437-03-01T00:00:00Z")

    @Test func aFillStretchedByOneFarPointIsRefusedNamingThatPoint() throws {
        var plan = TransformPlan()
        plan.fill = .zero
        plan.resample = try BucketGrid(interval: CalendarInterval(1, .hours))
        let error = #expect(throws: Diagnostic.self) { try plan.apply(to: [Self.withFarPoint(far: Self.year7437)]) }
        #expect(error?.code == .sizeLimit)
        #expect(error?.exitCode == 65)
        #expect(error?.location == SourceLocation(file: "dump.json", line: 1, column: 18))
        #expect(error?.message.contains("the point at 7437-03-01T00:00:00Z is ") == true, "\(String(describing: error))")
        #expect(error?.message.contains("from the one at 2017-08-23T15:55:00Z") == true, "\(String(describing: error))")
        #expect(error?.message.contains("more than \(TransformPlan.maxFilledPoints) points") == true)
    }

    @Test func aFarPointBeforeTheRestIsTheOneNamed() throws {
        var plan = TransformPlan()
        plan.fill = .zero
        let error = #expect(throws: Diagnostic.self) { try plan.apply(to: [Self.withFarPoint(far: 0)]) }
        #expect(error?.message.contains("the point at 1970-01-01T00:00:00Z is ") == true, "\(String(describing: error))")
        #expect(error?.message.contains("from the one at 2017-08-20T16:00:00Z") == true, "\(String(describing: error))")
    }

    @Test func aPlausibleFillIsMadeAndCountedAtLeastAsLargeAsItIs() throws {
        // A year away at 5-minute steps: ~105,000 points, well under the limit.
        let series = Self.withFarPoint(far: TestSeries.utc("2018-08-20T16:00:00Z"))
        for method in [FillMethod.zero, .previous, .linear] {
            for window in [(Int64?.none, Int64?.none), (TestSeries.utc("2017-08-01T00:00:00Z"), TestSeries.utc("2018-09-01T00:00:00Z"))] {
                let planned = GapFiller.plannedCount(series, method: method, window: window).count
                let made = GapFiller.fill(series, method: method, window: window).series.count
                #expect(Int64(made) <= planned, "\(method) \(window)")
                #expect(planned - Int64(made) <= 8, "\(method) \(window): counted \(planned), made \(made)")
            }
        }
    }

    @Test func aFarPointIsAWarningBeyondTheProvidersSpanPerCall() throws {
        var series = Self.withFarPoint(far: Self.year7437)
        series.identity.source = "baishan"
        let warnings = ConsistencyChecks.farPoints([series], source: "baishan")
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.location?.line == 1)
        #expect(warnings.first?.message.contains("the point at 7437-03-01T00:00:00Z is ") == true, "\(warnings)")
        #expect(warnings.first?.message.contains("at most 31 days per call") == true, "\(warnings)")
        // Within one call's span nothing is said.
        #expect(ConsistencyChecks.farPoints([Self.withFarPoint(far: TestSeries.utc("2017-09-01T00:00:00Z"))], source: "baishan").isEmpty)
    }
}
