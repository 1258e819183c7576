import Testing

@testable import UsageConvCore

/// Local-calendar resampling and local times across both 2025 transitions in Europe/Berlin:
/// 30 March 02:00 CET → 03:00 CEST (at 01:00Z), 26 October 03:00 CEST → 02:00 CET (at 01:00Z).
@Suite(.enabled(if: TestSeries.hasZoneInfo, "needs /usr/share/zoneinfo (Debian tzdata)"))
struct LocalCalendarTests {
    typealias T = TestSeries

    /// One point per UTC hour from `from` (inclusive) to `to` (exclusive), each worth 1.
    func hourly(from: String, to: String, kind: Kind = .amount, unit: String = "B") -> Series {
        let points = stride(from: T.utc(from), to: T.utc(to), by: 3600).map { ($0, Number(Int64(1))) }
        return T.make(points, identity: T.identity(kind: kind, unit: unit, step: 3600))
    }

    @Test func localDaysLast23And25Hours() throws {
        let grid = try BucketGrid(interval: CalendarInterval(1, .days), zone: T.berlin)
        // 30 March: from 29 March 23:00Z (00:00 CET) to 30 March 22:00Z (00:00 CEST): 23 hours.
        let spring = grid.bucket(containing: T.utc("2025-03-30T12:00:00Z"))
        #expect(spring == T.utc("2025-03-29T23:00:00Z")..<T.utc("2025-03-30T22:00:00Z"))
        // 26 October: from 25 October 22:00Z (00:00 CEST) to 26 October 23:00Z (00:00 CET): 25 hours.
        let autumn = grid.bucket(containing: T.utc("2025-10-26T12:00:00Z"))
        #expect(autumn == T.utc("2025-10-25T22:00:00Z")..<T.utc("2025-10-26T23:00:00Z"))
    }

    @Test func dailySumsCountTheHoursLocalDaysHave() throws {
        let grid = try BucketGrid(interval: CalendarInterval(1, .days), zone: T.berlin)
        // Hourly amounts of 1 from 28 March 23:00Z (29 March 00:00 CET) to 31 March 22:00Z.
        let spring = Resampler.resample(hourly(from: "2025-03-28T23:00:00Z", to: "2025-03-31T22:00:00Z"), grid: grid)
        #expect(spring.values.map(\.description) == ["24", "23", "24"])
        #expect(spring.times == [T.utc("2025-03-28T23:00:00Z"), T.utc("2025-03-29T23:00:00Z"), T.utc("2025-03-30T22:00:00Z")])
        let autumn = Resampler.resample(hourly(from: "2025-10-24T22:00:00Z", to: "2025-10-27T23:00:00Z"), grid: grid)
        #expect(autumn.values.map(\.description) == ["24", "25", "24"])
        #expect(autumn.qualities.allSatisfy { $0 == .measured })
    }

    @Test func hourlyBucketsOnTheDayClocksGoBack() throws {
        // Elapsed-time buckets restart at local midnight: 25 one-hour buckets on 26 October.
        let grid = try BucketGrid(interval: CalendarInterval(1, .hours), zone: T.berlin)
        let day = Resampler.resample(hourly(from: "2025-10-25T22:00:00Z", to: "2025-10-26T23:00:00Z"), grid: grid)
        #expect(day.count == 25)
        #expect(day.values.allSatisfy { $0 == Number(Int64(1)) })
        // 6-hour buckets on the 23-hour day: 00–06, 06–12, 12–18 (local), and 18–24 which is 6 h.
        let six = try BucketGrid(interval: CalendarInterval(6, .hours), zone: T.berlin)
        let spring = Resampler.resample(hourly(from: "2025-03-29T23:00:00Z", to: "2025-03-30T22:00:00Z"), grid: six)
        #expect(spring.values.map(\.description) == ["6", "6", "6", "5"])
    }

    @Test func ratesConvertThroughTheRealLengthOfTheDay() throws {
        // A constant 8 bit/s = 1 B/s. Per local day that is 82,800 B on 30 March, 86,400 on 31 March.
        var plan = TransformPlan()
        plan.resample = try BucketGrid(interval: CalendarInterval(1, .days), zone: T.berlin)
        plan.unit = "B"
        let rate = T.make(
            stride(from: T.utc("2025-03-29T23:00:00Z"), to: T.utc("2025-03-31T22:00:00Z"), by: 300).map { ($0, Number(Int64(8))) },
            identity: T.identity(kind: .rate, unit: "bit/s")
        )
        let (out, _) = try plan.apply(to: [rate])
        #expect(out[0].values.map(\.description) == ["82800", "86400"])
        #expect(out[0].identity.kind == .amount && out[0].identity.unit == "B")
    }

    @Test func monthsInALocalZone() throws {
        let grid = try BucketGrid(interval: CalendarInterval(1, .months), zone: T.berlin)
        // March 2025 in Berlin: 28 February 23:00Z to 31 March 22:00Z (DST began in between).
        #expect(grid.bucket(containing: T.utc("2025-03-15T00:00:00Z")) == T.utc("2025-02-28T23:00:00Z")..<T.utc("2025-03-31T22:00:00Z"))
    }

    @Test func localTimesThatDoNotExistOrHappenTwiceAreRefused() throws {
        let berlin = try T.berlin
        #expect(try TimeArgument.parse("2025-03-30", in: berlin) == T.utc("2025-03-29T23:00:00Z"))
        #expect(try TimeArgument.parse("2025-03-30 03:00", in: berlin) == T.utc("2025-03-30T01:00:00Z"))
        do {
            _ = try TimeArgument.parse("2025-03-30 02:30", in: berlin)
            Issue.record("a skipped local time was accepted")
        } catch {
            #expect(error.message.contains("does not exist in Europe/Berlin"))
            #expect(error.message.contains("02:00 to 03:00"))
        }
        do {
            _ = try TimeArgument.parse("2025-10-26 02:30", in: berlin)
            Issue.record("a repeated local time was accepted")
        } catch {
            #expect(error.message.contains("happens twice"))
            // Both instants are offered with their offsets.
            #expect(error.message.contains("2025-10-26T02:30:00+02:00") && error.message.contains("2025-10-26T02:30:00+01:00"))
        }
        // With an explicit offset the instant is clear.
        #expect(try TimeArgument.parse("2025-10-26T02:30+01:00", in: berlin) == T.utc("2025-10-26T01:30:00Z"))
        #expect(try TimeArgument.parse("1743296400", in: berlin) == 1_743_296_400)
        #expect(throws: Diagnostic.self) { try TimeArgument.parse("next tuesday", in: berlin) }
    }

    @Test func aDateWhoseMidnightIsSkippedStartsAtTheTransition() throws {
        // Sao Paulo's DST began at 00:00 on 2018-11-04 (clocks to 01:00, 03:00Z): the local day
        // starts at the transition, as a --resample 1d bucket does; a time in the gap is refused.
        let saoPaulo = try ZoneRules(identifier: "America/Sao_Paulo")
        #expect(try TimeArgument.parse("2018-11-04", in: saoPaulo) == T.utc("2018-11-04T03:00:00Z"))
        #expect(throws: Diagnostic.self) { try TimeArgument.parse("2018-11-04 00:30", in: saoPaulo) }
    }

    @Test func utcDaysAreEpochAligned() throws {
        let grid = try BucketGrid(interval: CalendarInterval(1, .days))
        #expect(grid.bucket(containing: T.utc("2025-03-30T12:00:00Z")) == T.utc("2025-03-30T00:00:00Z")..<T.utc("2025-03-31T00:00:00Z"))
        // 48h with a local zone becomes two local days; 7h cannot follow local days.
        #expect(try BucketGrid(interval: CalendarInterval(48, .hours), zone: T.berlin).interval == CalendarInterval(2, .days))
        #expect(throws: Diagnostic.self) { try BucketGrid(interval: CalendarInterval(30, .hours), zone: T.berlin) }
    }
}
