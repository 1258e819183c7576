import Foundation
import Testing
import UsageConvTestSupport

/// The transform flags and `usageconv stats` from the command line, and the flags' usage errors.
///
/// One conversion runs end to end; refused flags exit 64 in the house form. What the transforms
/// compute is tested in-process: UsageConvCoreTests' `TransformFixtureTests`.
struct TransformCommandTests {
    /// Whether the system tz database is installed (`make test` installs Debian's tzdata).
    static let hasZoneInfo = FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/Asia/Shanghai")

    /// The data rows of a CSV output (header dropped).
    func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func baishanRatesAverageIntoQuarterHours() throws {
        let r = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--resample", "15m"])
        #expect(r.status == 0, "\(r.stderr)")
        let first = try #require(rows(r.stdout).first)
        // (147592925.42 + 208845845.06 + 173991033.31) / 3 = 176809934.5966…
        #expect(first == ["2017-08-20T16:00:00Z", "baishan", "all", "bandwidth", "out", "bit/s", "900", "176809934.59666666", "measured"])
    }

    @Test(arguments: [
        (["--unit", "furlongs"], "unknown unit 'furlongs'"),
        (["--unit", "USD"], "cannot convert"),
        (["--tz", "Mars/Olympus_Mons"], "unknown time zone"),
        (["--agg", "max"], "add --resample"),
        (["--resample", "fortnightly"], "--resample expects"),
        (["--start", "2017-08-22", "--end", "2017-08-21"], "must be after --start"),
        (["--fill", "zero", "--start", "1970-01-01", "--end", "2100-01-01", "--step", "1"], "narrow the window"),
    ])
    func refusedRequestsAreUsageErrors(arguments: [String], message: String) throws {
        let r = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json"] + arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test(.enabled(if: hasZoneInfo)) func aSkippedLocalTimeIsAUsageError() throws {
        let r = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--start", "2025-03-30 02:30", "--tz", "Europe/Berlin"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("does not exist in Europe/Berlin"), "\(r.stderr)")
    }

    @Test(.enabled(if: hasZoneInfo)) func argumentErrorsAreInTheHouseFormNotUsageText() throws {
        let r = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--start", "2025-10-26 02:30", "--tz", "Europe/Berlin"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("usageconv: 2025-10-26 02:30 happens twice in Europe/Berlin"), "\(r.stderr)")
        #expect(!r.stderr.contains("Usage:"), "\(r.stderr)")
    }

    @Test func statsPrintsRowsOnStandardOutputAndCoverageOnStandardError() throws {
        let r = try CLIRunner.run(["stats", "Fixtures/baishan/bandwidth-3days.json", "--to", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = try #require(rows(r.stdout).first)
        #expect(row[6] == "741" && row[7] == "864" && row[8] == "85.76%")
        #expect(r.stderr.contains("usageconv: warning: all bandwidth out: coverage 85.76%"), "\(r.stderr)")
        let json = try CLIRunner.run(["stats", "Fixtures/interserver/vps-two-ips.json", "--p95-of", "max", "--to", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.hasPrefix(#"{"format":"usageconv-stats/1""#), "\(json.stdout.prefix(100))")
    }
}
