import Foundation
import Testing
import UsageConvTestSupport

/// What only the executable does for `encode`: stdin, -o files, note lines and exit codes.
struct EncodeCommandTests {
    @Test func csvFromConvertEncodesBackToTheSameCSV() throws {
        let csv = try CLIRunner.run(["Fixtures/baishan/traffic-daily.json", "--metric", "traffic", "--to", "csv"])
        #expect(csv.status == 0)
        let folder = try TemporaryFolder()
        let dump = folder.file("dump.json").path
        let encoded = try CLIRunner.run(["encode", "--to", "baishan", "-o", dump], stdin: Array(csv.stdout.utf8))
        #expect(encoded.status == 0, "\(encoded.stderr)")
        #expect(encoded.stdout.isEmpty)
        #expect(encoded.stderr == "usageconv: note: the baishan payload does not say it all: decode it with --metric traffic\n")
        let back = try CLIRunner.run([dump, "--metric", "traffic", "--to", "csv"])
        #expect(back.status == 0)
        #expect(back.stdout == csv.stdout)
    }

    @Test func whatTheFormatCannotHoldExits65WithOneLocatedLine() throws {
        let csv =
            "time,source,resource,metric,direction,unit,step,value,quality\n2013-05-01T00:00:00Z,onapp,vm:1,cost,,USD,900,1,measured\n"
        let folder = try TemporaryFolder()
        let input = folder.file("cost.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: input))
        let result = try CLIRunner.run(["encode", input, "--to", "onapp", "-o", folder.file("out.xml").path])
        #expect(result.status == 65)
        #expect(
            result.stderr
                == "usageconv: \(input): 2:1: series onapp vm:1 cost (USD, 900 s): onapp dumps have hourly records at steps of 3600 s only, not 900 s\n"
        )
        #expect(try folder.listing() == ["cost.csv"])
    }

    @Test func usageErrorsExit64() throws {
        let zeros = try CLIRunner.run(["encode", "x.csv", "--to", "surfercloud", "--omit-zeros"])
        #expect(zeros.status == 64)
        #expect(zeros.stderr.contains("--omit-zeros: surfercloud dumps list zero points"), "\(zeros.stderr)")
        let form = try CLIRunner.run(["encode", "--to", "baishan", "--form", "json", "--error-body"])
        #expect(form.status == 64)
        let body = try CLIRunner.run(["encode", "--to", "onapp", "--form", "json", "--error-body"])
        #expect(body.status == 0)
        #expect(body.stdout == "{\"errors\":[\"Resource not found\"]}\n")
    }
}

extension EncodeCommandTests {
    @Test func helpListsEncodeAndItsChoices() throws {
        let root = try CLIRunner.run(["--help"])
        #expect(root.stdout.contains("encode"), "\(root.stdout)")
        let help = try CLIRunner.run(["encode", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--to <baishan|swiftfederation|interserver|surfercloud|onapp>"), "\(help)")
        #expect(help.contains("each-domain|customer|xml|json"), "\(help)")
        #expect(help.contains("--omit-zeros") && help.contains("--error-body"), "\(help)")
    }
}
