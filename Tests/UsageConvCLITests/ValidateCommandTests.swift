import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// `usageconv validate`: XSD validity of OnApp XML through libxml2, then the decoders' checks.
struct ValidateCommandTests {
    static let validXML: [String] = TestPaths.fixtureFiles(in: "onapp").filter {
        $0.hasSuffix(".xml") && !$0.contains("/hostile/") && !$0.contains("/invalid/") && !$0.contains("seed-example")
            && !$0.contains("error-")
    }

    @Test func anUnreadableExpectedCSVIsExit66() throws {
        let r = try CLIRunner.run(["validate", "Fixtures/baishan/bandwidth-3days.json", "--expect", "/nonexistent/golden.csv"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("usageconv: /nonexistent/golden.csv: cannot open: no such file or directory"), "\(r.stderr)")
    }

    @Test func theBundledSchemaIsTheFileInSchemas() throws {
        let file = try String(contentsOf: TestPaths.root.appendingPathComponent("Schemas/onapp-vm-stats.xsd"), encoding: .utf8)
        #expect(BundledSchemas.onappVMStatsXSD == file, "paste Schemas/onapp-vm-stats.xsd into BundledSchemas.swift")
    }

    @Test(arguments: validXML)
    func everyOnAppXMLFixtureIsValid(_ path: String) throws {
        let result = try CLIRunner.run(["validate", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("validated 1 file: 1 valid, 0 invalid, 0 errors"), "\(result.stderr)")
        #expect(!result.stderr.contains("xsd:"), "\(result.stderr)")
    }

    @Test func schemaViolationsAreLocatedAndNamed() throws {
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

    @Test func anIntegerThatHoldsAFractionFailsBothChecks() throws {
        let result = try CLIRunner.run(["validate", "--ignore-expectations", "Fixtures/onapp/hostile/integer-holds-fraction.xml"])
        #expect(result.status == 65)
        #expect(result.stderr.contains(":2: xsd: error: Element 'user_id'"), "\(result.stderr)")
        #expect(result.stderr.contains(":2: decode: error: expected <user_id> as a whole number"), "\(result.stderr)")
    }

    @Test(arguments: ["xxe-local-file", "xxe-parameter-entity", "external-dtd", "billion-laughs"])
    func hostileDocumentsAreRefused(_ name: String) throws {
        let result = try CLIRunner.run(["validate", "--ignore-expectations", "Fixtures/onapp/hostile/\(name).xml"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("DOCTYPE"), "\(result.stderr)")
        #expect(!result.stderr.contains("root:"), "a local file leaked: \(result.stderr)")
        #expect(!result.stderr.contains("Unimplemented"), "libxml2 printed: \(result.stderr)")
    }

    @Test func aCustomSchemaReplacesTheBundledOne() throws {
        let folder = try TemporaryFolder()
        let xsd = folder.file("errors-only.xsd")
        try Data(
            #"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="errors" type="xs:anyType"/></xs:schema>"#.utf8
        ).write(to: xsd)
        let invalid = try CLIRunner.run(["validate", "Fixtures/onapp/seed-twin.xml", "--schema", xsd.path])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("xsd: error: Element 'vm_stats': No matching global declaration"), "\(invalid.stderr)")
        let broken = folder.file("broken.xsd")
        try Data("<xs:schema".utf8).write(to: broken)
        let unusable = try CLIRunner.run(["validate", "Fixtures/onapp/seed-twin.xml", "--schema", broken.path])
        #expect(unusable.status == 64)
        #expect(unusable.stderr.contains("is not a usable XSD"), "\(unusable.stderr)")
    }

    @Test func jsonDumpsGetTheirDecodersChecks() throws {
        let defective = try CLIRunner.run(["validate", "--ignore-expectations", "Fixtures/surfercloud/seed-example.json"])
        #expect(defective.status == 65)
        #expect(defective.stderr.contains("decode: error: BillingState is 'syykRjZm'"), "\(defective.stderr)")
        let warned = try CLIRunner.run(["validate", "Fixtures/interserver/seed-example.json"])
        #expect(warned.status == 0)
        #expect(warned.stderr.contains("decode: warning: usage.peak.in is 9176"), "\(warned.stderr)")
        let strict = try CLIRunner.run(["validate", "Fixtures/interserver/seed-example.json", "--strict"])
        #expect(strict.status == 65)
        let clean = try CLIRunner.run(["validate", "Fixtures/surfercloud/eip-november.json", "Fixtures/onapp/user-3days.json"])
        #expect(clean.status == 0)
        #expect(clean.stderr == "usageconv: validated 2 files: 2 valid, 0 invalid, 0 errors, 0 warnings\n")
    }

    @Test func aMissingFileIsExit66() throws {
        let result = try CLIRunner.run(["validate", "Fixtures/no-such-file.xml"])
        #expect(result.status == 66)
    }
}
