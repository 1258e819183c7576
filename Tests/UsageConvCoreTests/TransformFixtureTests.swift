import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// The transforms and the statistics on the bundled fixtures, in-process through ``Conversion``
/// with a ``TransformPlan``; the expected figures are worked out by hand from the fixtures' own
/// values (in the comments).
struct TransformFixtureTests {
    /// Whether the system tz database is installed (`make test` installs Debian's tzdata).
    static let hasZoneInfo = FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/Asia/Shanghai")

    /// The data rows of a CSV output (header dropped).
    func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A plan resampling to `interval` (`--resample`) in `zone`.
    func resampling(_ interval: String, zone: ZoneRules = .utc) throws -> TransformPlan {
        var plan = TransformPlan()
        plan.zone = zone
        plan.resample = try BucketGrid(interval: try #require(CalendarInterval(parsing: interval)), zone: zone)
        return plan
    }

    /// A plan converting to `unit` (`--unit`).
    func converting(to unit: String) throws -> TransformPlan {
        var plan = TransformPlan()
        plan.unit = try UnitConverter.resolveTarget(unit)
        return plan
    }

    @Test func baishanRatesAverageIntoQuarterHours() throws {
        let r = LibraryRun.convert(["Fixtures/baishan/bandwidth-3days.json"], transforms: try resampling("15m"))
        #expect(r.status == 0, "\(r.stderr)")
        let first = try #require(rows(r.stdout).first)
        // (147592925.42 + 208845845.06 + 173991033.31) / 3 = 176809934.5966…
        #expect(first == ["2017-08-20T16:00:00Z", "baishan", "all", "bandwidth", "out", "bit/s", "900", "176809934.59666666", "measured"])
    }

    @Test func anExplicitAggregationResamplesBeforeConverting() throws {
        // The day's largest rate, 299701789.08 bit/s, sustained for 86,400 s: ÷ 8 ÷ 10^9 = 3236.779322064 GB.
        var plan = try resampling("1d")
        plan.aggregation = .max
        plan.unit = try UnitConverter.resolveTarget("GB")
        let r = LibraryRun.convert(["Fixtures/baishan/bandwidth-3days.json"], transforms: plan)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2017-08-21T00:00:00Z,baishan,all,traffic,out,GB,86400,3236.779322064,measured"), "\(r.stdout)")
    }

    @Test func swiftFederationVolumesSumIntoHoursCountingOmittedZeros() throws {
        let r = LibraryRun.convert(["Fixtures/swiftfederation/volume-day1.json"], transforms: try resampling("1h"))
        #expect(r.status == 0, "\(r.stderr)")
        let first = try #require(rows(r.stdout).first)
        // 00:00–00:55 holds 11 points (00:25 is omitted, i.e. zero): 19034063 + 77397250 + 9470054
        // + 35234785 + 16826780 + 67496171 + 61329669 + 64383683 + 88455328 + 51951092 + 29179657
        // = 520758532 B; the omitted point is a zero by definition, so the hour is complete.
        #expect(first[0] == "2018-03-29T00:00:00Z" && first[6] == "3600" && first[7] == "520758532" && first[8] == "measured")
    }

    @Test(.enabled(if: hasZoneInfo)) func surferCloudDaysSumIntoLocalWeeks() throws {
        let plan = try resampling("1w", zone: try ZoneRules(identifier: "Asia/Shanghai"))
        let r = LibraryRun.convert(["Fixtures/surfercloud/eip-november.json"], transforms: plan)
        #expect(r.status == 0, "\(r.stderr)")
        let out = rows(r.stdout)
        try #require(out.count >= 2)
        // Days start at 16:00Z = 00:00 in Shanghai. The week of Monday 30 October holds
        // 1–5 November only (3 + 5 + 5 + 23 + 10 = 46, partial); 6–12 November:
        // 19 + 16 + 38 + 13 + 38 + 2 + 37 = 163.
        #expect(out[0][0] == "2023-10-29T16:00:00Z" && out[0][7] == "46" && out[0][8] == "partial")
        #expect(out[1][0] == "2023-11-05T16:00:00Z" && out[1][7] == "163" && out[1][8] == "measured")
        #expect(out[0][6] == "604800")
    }

    @Test func interServerHolesInterpolateByTime() throws {
        var plan = TransformPlan()
        plan.fill = .linear
        let r = LibraryRun.convert(["Fixtures/interserver/vps-day.json"], transforms: plan)
        #expect(r.status == 0, "\(r.stderr)")
        let filled = rows(r.stdout).first { $0[8] == "interpolated" && $0[2] == "74.50.91.46" && $0[4] == "in" }
        // The hole runs from 04:59:26 (16168 B/s) to 07:00:33 (105120 B/s), 7267 s; one step in:
        // 16168 + (105120 − 16168) × 60 / 7267 = 16902.432365…
        #expect(filled?[0] == "2023-09-17T05:00:26Z")
        #expect(filled?[7] == "16902.43236548782")
        // The hole misses 7267 − 60 = 7207 s: more than 2 h, so a 2 h limit leaves it, 3 h fills it.
        plan.maxGap = 2 * 3600
        let bounded = LibraryRun.convert(["Fixtures/interserver/vps-day.json"], transforms: plan)
        #expect(bounded.status == 0 && !bounded.output.isEmpty)
        #expect(!bounded.stdout.contains("2023-09-17T05:00:26Z,interserver,74.50.91.46,bandwidth,in"))
        plan.maxGap = 3 * 3600
        let wider = LibraryRun.convert(["Fixtures/interserver/vps-day.json"], transforms: plan)
        #expect(wider.stdout.contains("2023-09-17T05:00:26Z,interserver,74.50.91.46,bandwidth,in,B/s,60,16902.43236548782,interpolated"))
    }

    @Test func onAppKilobytesConvertExactly() throws {
        let r = LibraryRun.convert(["Fixtures/onapp/net-hourly-stats.json"], transforms: try converting(to: "MB"))
        #expect(r.status == 0, "\(r.stderr)")
        // 66928 KB (OnApp's KB: 1000 bytes) = 66.928 MB.
        #expect(
            rows(r.stdout).first == ["2013-05-01T00:00:00Z", "onapp", "vm:9/nic:12", "traffic", "in", "MB", "3600", "66.928", "measured"]
        )
    }

    @Test(.enabled(if: hasZoneInfo)) func clipKeepsTheWindowInLocalTime() throws {
        // 21 August 2017 in Shanghai is 20 August 16:00Z to 21 August 16:00Z: 288 five-minute rows
        // of which the dump has every one but the omitted zeros.
        var plan = TransformPlan()
        plan.zone = try ZoneRules(identifier: "Asia/Shanghai")
        plan.start = try TimeArgument.parse("2017-08-21", in: plan.zone)
        plan.end = try TimeArgument.parse("2017-08-22", in: plan.zone)
        plan.fill = .zero
        let r = LibraryRun.convert(["Fixtures/baishan/bandwidth-3days.json"], transforms: plan)
        #expect(r.status == 0, "\(r.stderr)")
        let out = rows(r.stdout)
        #expect(out.count == 288)
        #expect(out.first?[0] == "2017-08-20T16:00:00Z" && out.last?[0] == "2017-08-21T15:55:00Z")
    }

    @Test func rateToVolumeUsesTheStep() throws {
        let r = LibraryRun.convert(["Fixtures/baishan/bandwidth-3days.json"], transforms: try converting(to: "MB"))
        #expect(r.status == 0, "\(r.stderr)")
        // 147592925.42 bit/s × 300 s ÷ 8 = 5534734703.25 B = 5534.73470325 MB.
        #expect(
            rows(r.stdout).first == ["2017-08-20T16:00:00Z", "baishan", "all", "traffic", "out", "MB", "300", "5534.73470325", "measured"]
        )
    }

    @Test func aFillTooLargeForTheWindowIsRefused() throws {
        var plan = TransformPlan()
        plan.fill = .zero
        plan.start = 0
        plan.end = try TimeArgument.parse("2100-01-01", in: .utc)
        var options = DecodeOptions()
        options.step = 1
        let r = LibraryRun.convert(["Fixtures/baishan/bandwidth-3days.json"], options: options, transforms: plan)
        #expect(r.status == 64)
        #expect(r.stderr.contains("narrow the window"), "\(r.stderr)")
        #expect(r.output.isEmpty)
    }

    @Test func moneyIsLeftAloneWhenDataIsConverted() throws {
        let r = LibraryRun.convert(["Fixtures/onapp/user-3days.json"], transforms: try converting(to: "GB"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("money converts only to itself") || r.stderr.contains("left as they are"), "\(r.stderr)")
        #expect(r.stdout.contains(",USD,") || r.stdout.contains(",EUR,") || r.stdout.contains(",XXX,"))
    }

    @Test func statisticsReportThePercentileAndCoverage() throws {
        let loaded = Conversion(inputs: BatchInput.expand(["Fixtures/baishan/bandwidth-3days.json"])).load()
        try #require(!loaded.nothingToWrite)
        let statistics = StatisticsReport.rows(loaded.series, window: (nil, nil), p95Of: nil)
        let warnings = StatisticsReport.coverageWarnings(statistics)
        let csv = String(decoding: StatisticsReport.render(statistics, warnings: warnings, format: .csv), as: UTF8.self)
        let header = csv.split(separator: "\n").first.map(String.init)
        #expect(
            header == "source,resource,metric,direction,unit,step,points,expected,coverage,first,last,total,total_unit,mean,min,max,p95"
        )
        let row = try #require(rows(csv).first)
        // 3 days at 300 s = 864 samples expected, 741 in the dump; Baishan omits zeros, so the
        // percentile ranks 864 samples: rank ceil(0.95 × 864) = 821.
        #expect(row[6] == "741" && row[7] == "864" && row[8] == "85.76%")
        let text = warnings.map(\.description).joined(separator: "\n")
        #expect(text.contains("coverage 85.76%") && text.contains("missing points count as zeros"), "\(text)")
        let epoch = LibraryRun.convert(["Fixtures/baishan/bandwidth-3days.json"], encoding: LibraryRun.encoding(time: .epoch))
        var samples = rows(epoch.stdout).compactMap { Double($0[7]) }
        samples += [Double](repeating: 0, count: 864 - samples.count)
        samples.sort()
        #expect(Double(row[16]) == samples[821 - 1])
    }

    @Test func statisticsBillTheLargerDirection() throws {
        let loaded = Conversion(inputs: BatchInput.expand(["Fixtures/interserver/vps-two-ips.json"])).load()
        try #require(!loaded.nothingToWrite)
        let statistics = StatisticsReport.rows(loaded.series, window: (nil, nil), p95Of: .max)
        let bytes = StatisticsReport.render(statistics, warnings: loaded.warnings, format: .json)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["format"] as? String == "usageconv-stats/1")
        let series = try #require(json["series"] as? [[String: Any]])
        let billed = series.filter { $0["direction"] as? String == "max-of-in-out" }
        #expect(billed.count == 2)
        // Every in sample of 74.50.91.47 pairs with an out sample a second or so later.
        #expect(billed.allSatisfy { ($0["points"] as? Int) == 119 })
    }
}
