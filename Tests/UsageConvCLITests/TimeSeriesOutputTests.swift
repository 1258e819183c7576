import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// `--to openmetrics` and `--to influx` from the command line: one fixture against its goldens
/// (every converting fixture is checked in-process: UsageConvCoreTests' `TimeSeriesGoldenTests`),
/// batch modes (`--merge`, `-o DIR/`) and the options only these formats take.
struct TimeSeriesOutputTests {
    @Test func convertsAsTheGoldensSay() throws {
        let input = "Fixtures/baishan/label-end.json"
        let extra = FixtureGoldens.arguments(for: input)
        let om = try CLIRunner.run([input, "--to", "openmetrics"] + extra)
        #expect(om.status == 0, "\(om.stderr)")
        expectSnapshot(om.stdout, at: FixtureGoldens.golden(for: input, "om"))
        let lp = try CLIRunner.run([input, "--to", "influx"] + extra)
        #expect(lp.status == 0, "\(lp.stderr)")
        expectSnapshot(lp.stdout, at: FixtureGoldens.golden(for: input, "lp"))
    }

    @Test func mergeWritesOneExpositionWithEachFamilyOnce() throws {
        let folder = try TemporaryFolder()
        let target = folder.file("all.om").path
        let result = try CLIRunner.run([
            "Fixtures/swiftfederation/volume-day1.json", "Fixtures/baishan/bandwidth-3days.json", "Fixtures/onapp/exact-money.json",
            "Fixtures/surfercloud/eip-november.json", "--merge", target, "--to", "openmetrics", "--no-progress",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: target, encoding: .utf8)
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }
        #expect(
            types == [
                "# TYPE usageconv_bandwidth_bytes_per_second gauge", "# TYPE usageconv_cost counter",
                "# TYPE usageconv_traffic_bytes counter",
            ]
        )
        #expect(text.hasSuffix("\n# EOF\n"))
    }

    @Test func folderOutputMirrorsInputsWithTheFormatsExtensions() throws {
        let folder = try TemporaryFolder()
        for (format, ext) in [("openmetrics", "om"), ("influx", "lp")] {
            let result = try CLIRunner.run([
                "Fixtures/swiftfederation/volume-day1.json", "Fixtures/baishan/bandwidth-3days.json", "-o", folder.url.path + "/\(format)/",
                "--to", format, "--no-progress",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let written = try FileManager.default.contentsOfDirectory(atPath: folder.url.path + "/\(format)").sorted()
            #expect(written == ["bandwidth-3days.\(ext)", "volume-day1.\(ext)"])
        }
    }

    @Test func influxPrecisionScalesTheTimestamps() throws {
        let result = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--to", "influx", "--influx-precision", "ms"])
        #expect(result.status == 0)
        #expect(
            result.stdout.hasPrefix("bandwidth,direction=out,resource=all,source=baishan,step=300,unit=B/s quality=\"measured\",value=")
        )
        #expect(result.stdout.split(separator: "\n").first?.hasSuffix(" 1503244800000") == true)
    }

    @Test(arguments: [
        (["--to", "csv", "--influx-precision", "ms"], "--influx-precision applies to --to influx only\n"),
        (["--to", "openmetrics", "--time", "iso"], "--time does not apply to --to openmetrics"),
        (["--to", "influx", "--influx-precision", "h"], "--influx-precision"),
    ])
    func optionsOnlyTheseFormatsTakeAreUsageErrors(_ flags: [String], _ message: String) throws {
        let result = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json"] + flags)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
