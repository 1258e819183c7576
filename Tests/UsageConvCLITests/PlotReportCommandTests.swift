import Foundation
import Testing
import UsageConvTestSupport

/// What only the executable does for `plot` and `report`: flags reach the chart, files are written
/// whole or not at all, exit codes.
struct PlotReportCommandTests {
    @Test func helpListsBothSubcommands() throws {
        let help = try CLIRunner.run(["--help"])
        #expect(help.stdout.contains("plot") && help.stdout.contains("Draw the series as an SVG chart"))
        #expect(help.stdout.contains("report") && help.stdout.contains("self-contained HTML usage report"))
        let plot = try CLIRunner.run(["plot", "--help"])
        for flag in ["--p95", "--p95-of", "--tz", "--start", "--resample", "--unit", "-o, --output"] {
            #expect(plot.stdout.contains(flag), "plot --help lacks \(flag)")
        }
    }

    @Test func transformFlagsReachTheChart() throws {
        let input = "Fixtures/baishan/bandwidth-3days.json"
        let utc = try CLIRunner.run(["plot", input])
        #expect(utc.status == 0 && utc.stdout.contains(">bandwidth (Mbit/s)<") && utc.stdout.contains("Time: UTC."))
        let local = try CLIRunner.run([
            "plot", input, "--tz", "Asia/Kolkata", "--unit", "kbit/s", "--start", "2017-08-21", "--end", "2017-08-22",
        ])
        #expect(local.status == 0, "\(local.stderr)")
        #expect(local.stdout.contains(">bandwidth (kbit/s)<") && local.stdout.contains("Time: Asia/Kolkata."))
        // One local day from midnight to midnight: the first and last ticks are dates.
        #expect(local.stdout.contains(">21 Aug<") && local.stdout.contains(">22 Aug<") && !local.stdout.contains(">20 Aug<"))
    }

    @Test func failuresWriteNothing() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("chart.svg")
        let bad = try CLIRunner.run(["plot", "Fixtures/baishan/error-400.json", "-o", target.path])
        #expect(bad.status == 65)
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let left = try folder.listing()
        #expect(left.isEmpty, "temp files left: \(left)")
        let missingFolder = try CLIRunner.run([
            "report", "Fixtures/baishan/bandwidth-3days.json", "-o", folder.file("no/such/report.html").path,
        ])
        #expect(missingFolder.status == 73, "\(missingFolder.stderr)")
        let overwrite = try CLIRunner.run(["plot", "Fixtures/baishan/bandwidth-3days.json", "-o", "Fixtures/baishan/bandwidth-3days.json"])
        #expect(overwrite.status == 64)
        let width = try CLIRunner.run(["plot", "Fixtures/baishan/bandwidth-3days.json", "--width", "10"])
        #expect(width.status == 64 && width.stdout.isEmpty)
    }

    @Test func reportOfAFolderHasEveryResource() throws {
        let report = try CLIRunner.run(["report", "Fixtures/swiftfederation/bandwidth.json", "Fixtures/swiftfederation/volume-day1.json"])
        #expect(report.status == 0, "\(report.stderr)")
        for name in ["www.example1.com", "www.example2.com"] { #expect(report.stdout.contains("<h2>\(name) ")) }
        #expect(
            report.stdout.components(separatedBy: "<svg ").count - 1 == report.stdout.components(separatedBy: "<section class=\"resource\"")
                .count - 1
        )
        #expect(report.stdout.hasSuffix("</html>\n"))
    }
}
