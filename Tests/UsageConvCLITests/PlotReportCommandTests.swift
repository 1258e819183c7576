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

    @Test func rateCardCostIsWhatFocusRowsBill() throws {
        let month = "Fixtures/finops/baishan-2025-04"
        let rates = "Fixtures/finops/rates.json"
        let focus = try CLIRunner.run([month, "--to", "focus", "--rates", rates])
        #expect(focus.status == 0, "\(focus.stderr)")
        let table = CSVTable.rows(focus.stdout)
        let billed = try #require(table.first?.firstIndex(of: "BilledCost"))
        // The README's worked example: 100 Mbit/s at 2.00 plus 50 at 1.50 USD.
        #expect(table.dropFirst().map { Double($0[billed]) ?? 0 }.reduce(0, +) == 275)
        let report = try CLIRunner.run(["report", month, "--rates", rates])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("<p class=\"cost\">Cost by the rate card: 275.0 USD</p>"), "\(report.stdout.prefix(3_000))")
        #expect(report.stdout.contains("<h2>Cost by the rate card</h2>"))
        // Usage the card has no rate for is named, not priced at zero.
        let folder = try TemporaryFolder()
        let baishanOnly = folder.file("baishan-only.json")
        let card =
            #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"provider": "baishan", "metric": "bandwidth", "unit": "Mbit/s", "tiers": [{"price": 1}]}]}"#
        try Data(card.utf8).write(to: baishanOnly)
        let unpriced = try CLIRunner.run(["report", "Fixtures/interserver/vps-day.json", "--rates", baishanOnly.path])
        #expect(unpriced.status == 0, "\(unpriced.stderr)")
        #expect(unpriced.stdout.contains("<p class=\"cost none\">Not priced: "), "\(unpriced.stdout.prefix(3_000))")
        // Without --rates there is no cost at all.
        #expect(!(try CLIRunner.run(["report", month]).stdout.contains("rate card")))
        let bad = folder.file("bad.json")
        try Data("{\"format\": \"usageconv-rates/1\"}".utf8).write(to: bad)
        let target = folder.file("report.html")
        let refused = try CLIRunner.run(["report", month, "--rates", bad.path, "-o", target.path])
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }
}
