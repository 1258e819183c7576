import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// A `null` where a sample value belongs is a missing point in every decoder (DESIGN.md section 6):
/// no row, never 0; one located warning per series with the count; `stats` counts it missing;
/// `--fill` fills it like any hole.
struct NullValueTests {
    static func decode(_ json: String, _ format: String) throws -> DecodeResult {
        try InputDecoding.decode(source: MemoryByteSource(Array(json.utf8)), format: format, options: DecodeOptions())
    }

    /// One dump per provider: a series with a null inside and, where the shape allows, one at its start.
    static let cases: [(format: String, json: String, rows: Int, nulls: [Int])] = [
        (
            "interserver",
            #"{"data": [{"name": "10.0.0.5 In", "data": [["2023-09-17T01:00:30Z", null], ["2023-09-17T01:01:30Z", 5], ["2023-09-17T01:02:31Z", null], ["2023-09-17T01:03:31Z", 7]]}], "history": {"hour": {"data": [["2023-09-17T00:00:00Z", 1], ["2023-09-17T01:00:00Z", null], ["2023-09-17T02:00:00Z", 3]]}}}"#,
            4, [2, 1]
        ),
        (
            "swiftfederation",
            #"[{"domain": "a.example", "volumes": [{"timestamp": "2018-03-29T00:00:00Z", "value": null}, {"timestamp": "2018-03-29T00:05:00Z", "value": 9}, {"timestamp": "2018-03-29T00:10:00Z", "value": null}, {"timestamp": "2018-03-29T00:15:00Z", "value": 4}]}]"#,
            2, [2]
        ),
        (
            "swiftfederation",
            #"[{"timestamp": "2018-03-29T00:00:00Z", "value": 1}, {"timestamp": "2018-03-30T00:00:00Z", "value": null}, {"timestamp": "2018-03-31T00:00:00Z", "value": 3}]"#,
            2, [1]
        ),
        (
            "surfercloud",
            #"{"RetCode": 0, "EIPId": "eip-1", "Stats": [{"StartTime": 1698768000, "EndTime": 1698854400, "QuantityOut": null, "QuantityOutMoney": 1.5}, {"StartTime": 1698854400, "EndTime": 1698940800, "QuantityOut": 5, "QuantityOutMoney": null}, {"StartTime": 1698940800, "EndTime": 1699027200, "QuantityOut": 2, "QuantityOutMoney": 0.5}]}"#,
            4, [1, 1]
        ),
        (
            "baishan",
            #"{"code": 0, "data": {"a.example": {"domain": "a.example", "data": [[1503244800, null], [1503245100, 2], [1503245400, null], [1503245700, 4]]}, "b.example": {"domain": "b.example", "data": [[1503244800, 1], [1503245100, null]]}}}"#,
            3, [2, 1]
        ),
        (
            "onapp",
            #"[{"vm_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "currency_code": "USD", "virtual_machine_id": 7, "total_cost": 1}}, {"vm_hourly_stat": {"stat_time": "2013-05-01T01:00:00Z", "currency_code": "USD", "virtual_machine_id": 7, "total_cost": null}}, {"vm_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "currency_code": "USD", "virtual_machine_id": 8, "total_cost": 2}}, {"vm_hourly_stat": {"stat_time": "2013-05-01T01:00:00Z", "currency_code": "USD", "virtual_machine_id": 8, "total_cost": null}}, {"vm_hourly_stat": {"stat_time": "2013-05-01T02:00:00Z", "currency_code": "USD", "virtual_machine_id": 8, "total_cost": null}}]"#,
            2, [1, 2]
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func aNullIsAMissingPointWithOneLocatedWarningPerSeries(_ index: Int) throws {
        let (format, json, rows, nulls) = Self.cases[index]
        let result = try Self.decode(json, format)
        #expect(result.series.reduce(0) { $0 + $1.count } == rows, "\(format): \(result.series)")
        #expect(result.series.allSatisfy { !$0.values.contains(.zero) || format == "surfercloud" }, "a null became 0")
        let warnings = result.warnings.filter { $0.code == .nullValue }
        #expect(warnings.count == nulls.count, "\(format): \(result.warnings)")
        for (warning, count) in zip(warnings, nulls) {
            #expect(warning.message.contains(count == 1 ? "1 null value" : "\(count) null values"), "\(warning.message)")
            #expect(warning.location != nil && warning.location != SourceLocation(), "\(format): unlocated \(warning)")
        }
    }

    @Test func statsCountsNullsAsMissingEvenAtTheEnds() throws {
        let result = try Self.decode(Self.cases[0].json, "interserver")
        let samples = try #require(result.series.first { $0.identity.kind == .rate })
        // Four samples, two null (one the very first): coverage 2 of 4.
        let stats = SeriesStatistics.of(samples)
        #expect(stats.present == 2)
        #expect(stats.expected == 4)
        let hours = try #require(result.series.first { $0.identity.kind == .amount })
        #expect(SeriesStatistics.of(hours).expected == 3)
        // A window that leaves the null out does not count it.
        let windowed = SeriesStatistics.of(samples, window: (TestSeries.utc("2023-09-17T01:01:00Z"), nil))
        #expect(windowed.expected == 3)
    }

    @Test func fillFillsANullLikeAnyHole() throws {
        let result = try Self.decode(Self.cases[0].json, "interserver")
        let hours = try #require(result.series.first { $0.identity.kind == .amount })
        var plan = TransformPlan()
        plan.fill = .linear
        let filled = try #require(try plan.apply(to: [hours]).series.first)
        #expect(filled.times == [0, 3600, 7200].map { TestSeries.utc("2023-09-17T00:00:00Z") + $0 })
        #expect(filled.values[1] == Number(Int64(2)))
        #expect(filled.qualities[1] == .interpolated)
    }

    @Test func aNullWhereAnotherDumpHasTheValueIsNoHole() throws {
        let a = try Self.decode(Self.cases[2].json, "swiftfederation")
        let b = try Self.decode(
            #"[{"timestamp": "2018-03-30T00:00:00Z", "value": 2}, {"timestamp": "2018-04-01T00:00:00Z", "value": null}]"#,
            "swiftfederation"
        )
        let merged = try SeriesMerger.merge(a.series + b.series, duplicates: .last).series
        let series = try #require(merged.first)
        #expect(series.count == 3)
        #expect(series.nullTimes == [TestSeries.utc("2018-04-01T00:00:00Z")])
        #expect(SeriesStatistics.of(series).expected == 4)
    }
}
