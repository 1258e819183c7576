import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// What users type, end to end: durations for --step, unit names in lower case, a window that
/// keeps nothing, local time labels, and a gzip bomb of spaces.
struct UserInputCommandTests {
    static let baishan = "Fixtures/baishan/bandwidth-3days.json"

    @Test func stepTakesDurationsAsResampleDoes() throws {
        let seconds = try CLIRunner.run([Self.baishan, "--step", "300"])
        #expect(seconds.status == 0, "\(seconds.stderr)")
        for duration in ["5m", "300s"] {
            let r = try CLIRunner.run([Self.baishan, "--step", duration])
            #expect(r.status == 0, "\(duration): \(r.stderr)")
            #expect(r.stdout == seconds.stdout, "\(duration)")
        }
        let hour = try CLIRunner.run([Self.baishan, "--step", "1h"])
        #expect(hour.stdout.contains(",bit/s,3600,"), "\(hour.stdout.prefix(300))")
        for bad in ["1mo", "0", "5x"] {
            let r = try CLIRunner.run([Self.baishan, "--step", bad])
            #expect(r.status == 64, "\(bad)")
            #expect(r.stderr == "usageconv: --step expects seconds or a duration like 300, 90s, 5m, 1h or 1d, found '\(bad)'\n")
        }
    }

    @Test func unitNamesAreReadIgnoringCase() throws {
        let r = try CLIRunner.run([Self.baishan, "--unit", "mbps"])
        #expect(r.status == 0, "\(r.stderr)")
        let row = "2017-08-20T16:00:00Z,baishan,all,bandwidth,out,Mbit/s,300,147.59292542,measured"
        #expect(r.stdout.contains(row), "\(r.stdout.prefix(300))")
        let ambiguous = try CLIRunner.run([Self.baishan, "--unit", "gb"])
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.hasPrefix("usageconv: unknown unit 'gb'; did you mean GB?"), "\(ambiguous.stderr)")
    }

    @Test func aWindowThatKeepsNothingWarns() throws {
        let r = try CLIRunner.run([Self.baishan, "--start", "2030-01-01"])
        #expect(r.status == 0)
        #expect(r.stdout == "time,source,resource,metric,direction,unit,step,value,quality\n")
        #expect(
            r.stderr == "usageconv: warning: --start 2030-01-01T00:00:00Z keeps no point: "
                + "the points start from 2017-08-20T16:00:00Z to 2017-08-23T15:55:00Z\n"
        )
        let strict = try CLIRunner.run([Self.baishan, "--start", "2030-01-01", "--strict"])
        #expect(strict.status == 65 && strict.stdout.isEmpty, "\(strict.stderr)")
    }

    @Test func anEmptyFileSaysWhatToCheck() throws {
        let folder = try TemporaryFolder()
        try Data().write(to: folder.file("empty.json"))
        let r = try CLIRunner.run([folder.file("empty.json").path])
        #expect(r.status == 65)
        #expect(r.stderr.contains("empty.json: expected a provider dump, found an empty input (0 bytes): check the command that saved it"))
    }

    @Test(.enabled(if: TransformCommandTests.hasZoneInfo)) func localTimesLabelLocalDays() throws {
        let arguments = [Self.baishan, "--tz", "Asia/Kolkata", "--resample", "1d", "--time", "local"]
        for (format, first) in [
            ("csv", "2017-08-20T00:00:00+05:30,baishan,all,bandwidth,out,bit/s,86400,"),
            ("tsv", "2017-08-20T00:00:00+05:30\tbaishan\tall\tbandwidth"),
            ("ndjson", #"{"time":"2017-08-20T00:00:00+05:30","source":"baishan""#),
        ] {
            let r = try CLIRunner.run(arguments + ["--to", format])
            #expect(r.status == 0, "\(format): \(r.stderr)")
            let lines = r.stdout.split(separator: "\n")
            let row = try #require(lines.first { !$0.hasPrefix("time") })
            #expect(row.hasPrefix(first), "\(format): \(row)")
            #expect(lines.contains { $0.hasPrefix(first.replacing("08-20", with: "08-23")) })
        }
        // JSON gets the same strings, and usageconv's own schema accepts them.
        let folder = try TemporaryFolder()
        let json = folder.file("local.json")
        let r = try CLIRunner.run(arguments + ["--to", "json", "-o", json.path])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOf: json, encoding: .utf8)
        #expect(text.contains(#""time":["2017-08-20T00:00:00+05:30","2017-08-21T00:00:00+05:30""#), "\(text.prefix(600))")
        let validated = try CLIRunner.run(["validate", json.path])
        #expect(validated.status == 0, "\(validated.stderr)")
    }

    @Test func localTimesNeedAZone() throws {
        let r = try CLIRunner.run([Self.baishan, "--time", "local"])
        #expect(r.status == 64 && r.stdout.isEmpty)
        #expect(
            r.stderr
                == "usageconv: --time local writes times in the --tz zone: add --tz (e.g. --tz Asia/Kolkata), or use --time iso for UTC\n"
        )
        let offset = try CLIRunner.run([Self.baishan, "--time", "local", "--tz=-03:00"])
        #expect(offset.stdout.contains("\n2017-08-20T13:00:00-03:00,baishan,"), "\(offset.stderr)")
    }

    @Test(.enabled(if: TestTools.shouldRun(GzipMaker.available), "needs python3 to make gzip bytes"))
    func aGzipBombOfSpacesIsOneMessageEverywhere() throws {
        let folder = try TemporaryFolder()
        let bomb = folder.file("spaces.json.gz")
        // 128 members of 16 MiB of spaces: 2 GiB inflated, nothing but whitespace.
        let member = try GzipMaker.gzip([UInt8](repeating: 0x20, count: 16 << 20))
        try Data(Array([[UInt8]](repeating: member, count: 128).joined())).write(to: bomb)
        let message = "refused as a gzip bomb"
        var lines: [String] = []
        for arguments in [[bomb.path], ["stats", bomb.path], ["validate", bomb.path]] {
            let r = try CLIRunner.run(arguments)
            #expect(r.status == 65, "\(arguments): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains(message) && !r.stderr.contains("empty"), "\(arguments): \(r.stderr)")
            lines += r.stderr.split(separator: "\n").filter { $0.contains(message) }.map(String.init)
        }
        // The same words after the file's name, "expected gzip-compressed data to expand at most
        // 1000:1, found N KiB from N compressed bytes" (the figures depend on how much is read at once).
        let texts = Set(
            lines.compactMap { line in
                line.range(of: "expected gzip-compressed data").map {
                    String(line[$0.lowerBound...]).replacing(/[0-9]+ (KiB|MiB|GiB)/, with: "N").replacing(/[0-9]+/, with: "N")
                }
            }
        )
        #expect(lines.count == 3, "\(lines)")
        #expect(texts.count == 1, "\(lines)")
    }
}
