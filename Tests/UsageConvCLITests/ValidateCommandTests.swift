import Foundation
import FoundationXML
import Testing
import UsageConvTestSupport

/// What only the executable does for `usageconv validate`: its printing and its exit statuses.
///
/// Findings, negative fixtures' `expect-invalid: ok` lines and the summary go to standard error,
/// reports to standard output. What the checks find is tested in-process (UsageConvCoreTests'
/// `ProviderSchemaTests`, `ValidateReportTests`, `FixtureValidationTests`, `XMLValidationTests`).
struct ValidateCommandTests {
    @Test func anUnreadableExpectedCSVIsExit66() throws {
        let r = try CLIRunner.run(["validate", "Fixtures/baishan/bandwidth-3days.json", "--expect", "/nonexistent/golden.csv"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("usageconv: /nonexistent/golden.csv: cannot open: no such file or directory"), "\(r.stderr)")
    }

    @Test func aMissingFileIsExit66() throws {
        let result = try CLIRunner.run(["validate", "Fixtures/no-such-file.xml"])
        #expect(result.status == 66)
    }

    @Test func findingsAndTheSummaryArePrintedAndAnInvalidFileIsExit65() throws {
        let path = "Fixtures/surfercloud/invalid/bad-billing-state.json"
        let invalid = try CLIRunner.run(["validate", "--ignore-expectations", path])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("\(path):#/Stats/0/BillingState: schema: error: enum"), "\(invalid.stderr)")
        #expect(invalid.stderr.hasSuffix("usageconv: validated 1 file: 0 valid, 1 invalid, 2 errors, 1 warning\n"), "\(invalid.stderr)")
        let warned = try CLIRunner.run(["validate", "Fixtures/interserver/seed-example.json"])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("decode: warning: usage.peak.in is 9176"), "\(warned.stderr)")
        let strict = try CLIRunner.run(["validate", "Fixtures/interserver/seed-example.json", "--strict"])
        #expect(strict.status == 65)
        let clean = try CLIRunner.run(["validate", "Fixtures/surfercloud/eip-november.json", "Fixtures/onapp/user-3days.json"])
        #expect(clean.status == 0)
        #expect(clean.stderr == "usageconv: validated 2 files: 2 valid, 0 invalid, 0 errors, 0 warnings\n")
    }

    @Test func aNegativeFixtureIsOneLineSayingItFailedAsExpected() throws {
        let result = try CLIRunner.run(["validate", "Fixtures/baishan/seed-example.json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix("Fixtures/baishan/seed-example.json: expect-invalid: ok: 3 errors, as expected\n"),
            "\(result.stderr)"
        )
        #expect(result.stderr.split(separator: "\n").count == 2, "\(result.stderr)")
        #expect(result.stderr.hasSuffix(" 1 invalid as expected, 0 errors, 0 warnings\n"), "\(result.stderr)")
    }

    @Test func standardInputIsNamedStdin() throws {
        let document = """
            <?xml version="1.0"?>
            <vm_stats type="array">
              <vm_hourly_stat>
                <stat_time type="datetime">2013-05-01T00:00:00Z</stat_time>
                <currency_code>usd</currency_code>
                <surprise>1</surprise>
                <total_cost type="decimal">0.1</total_cost>
              </vm_hourly_stat>
            </vm_stats>
            """
        let result = try CLIRunner.run(["validate", "-"], stdin: Array(document.utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("<stdin>:5: xsd: error: Element 'currency_code'"), "\(result.stderr)")
        #expect(result.stderr.contains("<stdin>:6: xsd: error: Element 'surprise': This element is not expected."), "\(result.stderr)")
        #expect(result.stderr.hasSuffix("0 valid, 1 invalid, 2 errors, 0 warnings\n"), "\(result.stderr)")
    }

    @Test func reportsForCIGoToStandardOutput() throws {
        let files = ["Fixtures/surfercloud/eip-november.json", "Fixtures/surfercloud/invalid/bad-billing-state.json"]
        let junit = try CLIRunner.run(["validate", "--ignore-expectations"] + files + ["--to", "junit"])
        #expect(junit.status == 65)
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        #expect(try document.nodes(forXPath: "//testcase").count == 2)
        #expect(junit.stderr.hasSuffix("usageconv: validated 2 files: 1 valid, 1 invalid, 2 errors, 1 warning\n"), "\(junit.stderr)")
        let json = try CLIRunner.run(["validate", "--ignore-expectations", files[1], "--to", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "usageconv-validate/1")
    }

    @Test func anUnknownSchemaNameIsExit66AndABrokenSchemaExit64() throws {
        let unknown = try CLIRunner.run(["validate", "--schema", "no-such-schema", "Fixtures/baishan/bandwidth-3days.json"])
        #expect(unknown.status == 66)
        #expect(unknown.stderr.contains("surfercloud-throughput-daily-billing"), "\(unknown.stderr)")
        let folder = try TemporaryFolder()
        let broken = folder.file("broken.xsd")
        try Data("<xs:schema".utf8).write(to: broken)
        let unusable = try CLIRunner.run(["validate", "Fixtures/onapp/seed-twin.xml", "--schema", broken.path])
        #expect(unusable.status == 64)
        #expect(unusable.stderr.contains("is not a usable XSD"), "\(unusable.stderr)")
    }
}
