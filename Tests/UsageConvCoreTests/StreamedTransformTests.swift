import Foundation
import PropertyBased
import Synchronization
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// A series whose points are stored (read back a page at a time, as a streamed conversion reads
/// its spill file) is transformed and encoded exactly as the same series in columns: same
/// points, same identity and meta, same warnings and errors, same bytes in every streamed format.
struct StreamedTransformTests {
    typealias T = TestSeries

    /// `series` with its points moved to ``Series/stored``, handed over `pageSize` at a time.
    static func stored(_ series: Series, pageSize: Int) -> Series {
        var out = series
        out.stored = ColumnPoints(PointPage(times: series.times, values: series.values, qualities: series.qualities), pageSize: pageSize)
        out.times = []
        out.values = []
        out.qualities = []
        return out
    }

    /// What a plan made of some series, comparable whichever form the points were in.
    struct Outcome: Equatable {
        var series: [Series] = []
        var origins: [String?] = []
        var nullTimes: [[Int64]] = []
        var warnings: [Diagnostic] = []
        var error: Diagnostic? = nil
        var bytes: [OutputFormat: [UInt8]] = [:]
    }

    static let formats: [OutputFormat] = OutputFormat.allCases.filter(\.streamsPoints)

    static func outcome(_ plan: TransformPlan, _ series: [Series]) throws -> Outcome {
        var outcome = Outcome()
        do {
            let (result, warnings) = try plan.apply(to: series)
            outcome.series = try result.map { try $0.materialized() }
            outcome.origins = result.map { $0.origin?.description }
            outcome.nullTimes = result.map(\.nullTimes)
            outcome.warnings = warnings
            for format in formats {
                let sink = MemorySink()
                try format.encoder(options: EncodeOptions()).encode(result, warnings: warnings, to: sink)
                outcome.bytes[format] = sink.bytes
            }
        } catch let error as Diagnostic {
            outcome.error = error
        }
        return outcome
    }

    static let base: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z

    /// A series at `step` on `slots` (multiples of the step, some shifted by `jitter` seconds).
    static func series(slots: [Int64], cents: [Int64], jitter: Int64, kind: Kind, step: Int64, absent: Absent) -> Series {
        var builder = SeriesBuilder(identity: T.identity(kind: kind, unit: kind == .rate ? "bit/s" : "B", step: step, absent: absent))
        for (i, slot) in slots.enumerated() {
            let t = base + slot * step + (i % 3 == 1 ? jitter : 0)
            builder.append(time: t, value: Number(significand: cents[i % max(cents.count, 1)], exponent: -2))
        }
        var series = (try? builder.finish(duplicates: .last).series) ?? Series(identity: builder.identity)
        series.origin = SourceLocation(file: "dump.json", line: 3, column: 9)
        series.nullTimes = slots.isEmpty ? [] : [base - step]
        return series
    }

    static let plans: [TransformPlan] = {
        var plans: [TransformPlan] = [TransformPlan()]
        let hour = try? BucketGrid(interval: CalendarInterval(1, .hours))
        let day = try? BucketGrid(interval: CalendarInterval(1, .days))
        let fiveMinutes = try? BucketGrid(interval: CalendarInterval(5, .minutes))
        for fill in FillMethod.allCases {
            for resample in [nil, hour, day, fiveMinutes] {
                for unit in [nil, "GB", "Mbit/s"] {
                    let windows: [(Int64?, Int64?)] = [(nil, nil), (base + 3600, nil), (base - 7200, base + 86_400 * 2)]
                    for window in windows {
                        var plan = TransformPlan()
                        plan.fill = fill
                        plan.resample = resample
                        plan.unit = unit
                        (plan.start, plan.end) = window
                        if fill == .previous { plan.maxGap = 1800 }
                        plans.append(plan)
                    }
                }
            }
        }
        var counted = TransformPlan()
        counted.resample = hour
        counted.aggregation = .p95
        counted.unit = "MB"
        plans.append(counted)
        return plans
    }()

    @Test func storedSeriesTransformAndEncodeAsColumnsDo() async {
        await propertyCheck(
            input: Gen.int64(in: 0...400).array(of: 0...60),
            Gen.int64(in: 0...99_999).array(of: 1...4),
            Gen.int64(in: 0...40),
            Gen.element(of: [Int64(60), 300, 3600]),
            Gen.element(of: Self.plans),
            Gen.int(in: 1...7)
        ) { slots, cents, jitter, step, chosen, pageSize in
            let plan = chosen ?? TransformPlan()
            for (kind, absent) in [(Kind.rate, Absent.zero), (.amount, .unknown)] {
                let columns = [Self.series(slots: slots, cents: cents, jitter: jitter, kind: kind, step: step ?? 300, absent: absent)]
                let stored = columns.map { Self.stored($0, pageSize: pageSize) }
                let expected = try Self.outcome(plan, columns)
                let found = try Self.outcome(plan, stored)
                #expect(found == expected, "\(kind) \(absent) step \(step) page \(pageSize)")
            }
        }
    }

    /// Every converting fixture, decoded, then transformed by a few plans from columns and from
    /// one-point pages: the same bytes and warnings.
    @Test(arguments: FixtureGoldens.converting)
    func fixturesTransformAndEncodeAsColumnsDo(_ input: String) throws {
        // A fixture that converts only with the flags of its `.args` file (a forced --format,
        // --lenient) is left to the goldens, which pass them.
        guard
            let decoded = try? InputDecoding.decode(
                path: TestPaths.root.appendingPathComponent(input).path,
                format: nil,
                options: DecodeOptions()
            )
        else { return }
        let labelled = decoded.series.contains { !$0.labels.isEmpty }
        var plans: [TransformPlan] = [TransformPlan()]
        for (fill, interval, unit) in [
            (FillMethod.zero, Optional<CalendarInterval>.none, Optional<String>.none), (.none, CalendarInterval(1, .hours), nil),
            (.none, nil, "GB"), (.linear, CalendarInterval(1, .days), "Mbit/s"),
        ] {
            var plan = TransformPlan()
            plan.fill = fill
            plan.resample = try interval.map { try BucketGrid(interval: $0) }
            plan.unit = unit
            plans.append(plan)
        }
        for plan in plans {
            // Series with per-point labels are never stored (they stay in columns).
            let stored = decoded.series.map { $0.labels.isEmpty ? Self.stored($0, pageSize: 1) : $0 }
            #expect(try Self.outcome(plan, stored) == Self.outcome(plan, decoded.series), "\(input) labelled: \(labelled)")
        }
    }

    /// Stored points that count the pages they hand over.
    struct CountedPoints: StoredPoints {
        let points: ColumnPoints
        let pages = Pages()

        final class Pages: Sendable {
            let read = Mutex(0)
        }

        var count: Int { points.count }
        var firstTime: Int64? { points.firstTime }
        var lastTime: Int64? { points.lastTime }

        func forEachPage(_ body: (PointPage) throws -> Void) throws {
            try points.forEachPage { page in
                pages.read.withLock { $0 += 1 }
                try body(page)
            }
        }
    }

    /// A clipped, filled and resampled stored series knows its first point after reading up to
    /// it, and its count and last point after one pass between them, or none once the encoder
    /// (here `materialized`) has read it: the same figures as its columns.
    @Test func transformedFiguresCostOnePassAtMost() throws {
        let count = 2000
        let page = PointPage(
            times: (0..<count).map { Self.base + Int64($0) * 300 + ($0 > 1000 ? 3000 : 0) },
            values: (0..<count).map { Number(Int64($0 % 7)) },
            qualities: [Quality](repeating: .measured, count: count)
        )
        var plan = TransformPlan()
        plan.start = Self.base + 3000
        plan.fill = .zero
        plan.resample = try BucketGrid(interval: CalendarInterval(1, .hours))
        for readFirst in [false, true] {
            let source = CountedPoints(points: ColumnPoints(page, pageSize: 100))
            var series = Series(identity: T.identity(step: 300))
            series.stored = source
            let (result, _) = try plan.apply(to: [series])
            let transformed = try #require(result.first)
            let pass = count / 100
            // The fill's limit counts the clipped points (a pass); whether any is left takes a page.
            let applied = source.pages.read.withLock { $0 }
            #expect(applied <= pass + 1)
            let columns = readFirst ? try transformed.materialized() : nil
            let afterRead = source.pages.read.withLock { $0 }
            #expect(afterRead - applied == (readFirst ? pass : 0))
            #expect(transformed.firstPointTime != nil)
            #expect(source.pages.read.withLock { $0 } - afterRead == (readFirst ? 0 : 1))
            let figures = (transformed.pointCount, transformed.firstPointTime, transformed.lastPointTime)
            #expect(source.pages.read.withLock { $0 } - afterRead == (readFirst ? 0 : 1 + pass))
            let expected = try columns ?? transformed.materialized()
            #expect(figures.0 == expected.count && figures.0 > 0)
            #expect(figures.1 == expected.times.first && figures.2 == expected.times.last)
        }
    }

    @Test func aLongSeriesWithoutHolesFillsPastTheLimitOnInventedPoints() throws {
        // The limit counts invented points: a complete series longer than it is not refused.
        var plan = TransformPlan()
        plan.fill = .zero
        let count = Int(TransformPlan.maxFilledPoints) + 10
        let page = PointPage(
            times: (0..<count).map { Self.base + Int64($0) * 60 },
            values: [Number](repeating: Number(Int64(1)), count: count),
            qualities: [Quality](repeating: .measured, count: count)
        )
        var series = Series(identity: T.identity(step: 60))
        series.stored = ColumnPoints(page, pageSize: 65_536)
        let (result, warnings) = try plan.apply(to: [series])
        #expect(warnings.isEmpty)
        #expect(result.first?.pointCount == count)
    }
}
