import Foundation
import FoundationXML
import Testing
import UsageConvCore
import UsageConvTestSupport

/// The provider JSON Schemas under `Schemas/`: bundled as they are, every fixture of a provider is
/// valid against its schema, and each hand-made violation is caught at the right JSON pointer.
struct ProviderSchemaTests {
    /// Fixtures whose schema validity is not expected: not JSON at all, or the vendors' own defective
    /// examples (SurferCloud's seed has a placeholder `BillingState`).
    static func isExpectedValid(_ path: String) -> Bool {
        path.hasSuffix(".json") && !path.contains("/invalid/") && !path.contains("/expected/") && !path.contains("error-html")
            && !path.hasSuffix("error-500.json") && path != "Fixtures/surfercloud/seed-example.json"
            && path != "Fixtures/baishan/seed-example.json"
    }

    static let validJSON: [String] = ["baishan", "swiftfederation", "surfercloud", "interserver", "onapp"]
        .flatMap { TestPaths.fixtureFiles(in: $0) }.filter(isExpectedValid)

    @Test func theBundledSchemasAreTheFilesInSchemas() throws {
        let folder = TestPaths.root.appendingPathComponent("Schemas")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".schema.json") }
        #expect(files.count == BundledJSONSchemas.byName.count)
        for file in files {
            let name = String(file.dropLast(".schema.json".count))
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(BundledJSONSchemas.byName[name] == text, "run Scripts/bundle-schemas after editing Schemas/\(file)")
        }
    }

    @Test(arguments: validJSON)
    func everyFixtureMatchesItsProvidersSchema(_ path: String) throws {
        let result = try CLIRunner.run(["validate", path])
        #expect(!result.stderr.contains(": schema:"), "\(result.stderr)")
        #expect(!result.stderr.contains(": json:"), "\(result.stderr)")
    }

    @Test(arguments: [
        ("Fixtures/baishan/invalid/negative-value.json", "#/data/1/1: schema: error: minimum"),
        ("Fixtures/baishan/invalid/wrong-pair.json", "#/data/1: schema: error: maxItems"),
        ("Fixtures/baishan/invalid/millisecond-times.json", "#/data/0/0: schema: error: maximum"),
        ("Fixtures/swiftfederation/invalid/fractional-volume.json", "#/0/volumes/0/value: schema: error: type"),
        ("Fixtures/swiftfederation/invalid/missing-value.json", "#/0/volumes/0: schema: error: required"),
        ("Fixtures/surfercloud/invalid/bad-billing-state.json", "#/Stats/0/BillingState: schema: error: enum"),
        ("Fixtures/surfercloud/invalid/missing-quantity.json", "#/Stats/0: schema: error: anyOf"),
        ("Fixtures/surfercloud/seed-example.json", "#/Stats/0/BillingState: schema: error: enum"),
        ("Fixtures/interserver/invalid/negative-rate.json", "#/data/1/data/2/1: schema: error: minimum"),
        ("Fixtures/interserver/invalid/series-without-name.json", "#/data/0: schema: error: required"),
        ("Fixtures/onapp/invalid/missing-stat-time.json", "#/0/vm_hourly_stat: schema: error: required"),
        ("Fixtures/onapp/invalid/cost-row-without-name.json", "#/0/vm_hourly_stat/billing_stats/disks/0/costs/0: schema: error: required"),
        ("Fixtures/onapp/invalid/two-wrappers.json", "#/0: schema: error: maxProperties"),
    ])
    func violationsAreCaughtAtTheirPointer(path: String, finding: String) throws {
        let result = try CLIRunner.run(["validate", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):\(finding)"), "\(result.stderr)")
    }

    @Test func formatsAreAssertionsOnlyWhenAsked() throws {
        let path = "Fixtures/interserver/invalid/bad-time.json"
        let annotation = try CLIRunner.run(["validate", path])
        #expect(!annotation.stderr.contains("#/data/0/data/3/0: schema"), "\(annotation.stderr)")
        let assertion = try CLIRunner.run(["validate", path, "--format-assertion"])
        #expect(assertion.stderr.contains("\(path):#/data/0/data/3/0: schema: error: format"), "\(assertion.stderr)")
    }

    @Test func aTrueSchemaChecksWellFormednessOfAnyJSON() throws {
        let temporary = try TemporaryFolder()
        let schema = temporary.url.appendingPathComponent("true.json")
        try Data("true".utf8).write(to: schema)
        let good = temporary.url.appendingPathComponent("any.json")
        try Data(#"{"anything": [1, 2.5, "x", null]}"#.utf8).write(to: good)
        let ok = try CLIRunner.run(["validate", "--schema", schema.path, good.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let bad = try CLIRunner.run(["validate", "--schema", schema.path, "Fixtures/baishan/invalid/trailing-comma.json"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("Fixtures/baishan/invalid/trailing-comma.json:1:53: json: error:"), "\(bad.stderr)")
    }

    @Test func aBundledSchemaCanBeNamed() throws {
        // The SurferCloud schema on a Baishan dump: its RetCode is missing at the root.
        let result = try CLIRunner.run([
            "validate", "--schema", "surfercloud-throughput-daily-billing", "Fixtures/baishan/bandwidth-3days.json",
        ])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bandwidth-3days.json:#: schema: error: required"), "\(result.stderr)")
        let unknown = try CLIRunner.run(["validate", "--schema", "no-such-schema", "Fixtures/baishan/bandwidth-3days.json"])
        #expect(unknown.status == 66)
        #expect(unknown.stderr.contains("surfercloud-throughput-daily-billing"), "\(unknown.stderr)")
    }
}

/// `usageconv validate` over folders, and its reports for CI systems.
struct ValidateReportTests {
    @Test func foldersAreWalkedAndErrorBodiesAreWarnings() throws {
        let result = try CLIRunner.run(["validate", "Fixtures/surfercloud"])
        // Every .json below the folder, invalid/ included; error bodies are faithful dumps (warnings).
        #expect(result.stderr.contains("validated 14 files"), "\(result.stderr)")
        #expect(result.stderr.contains("error-signature.json:1:12: decode: warning: surfercloud API error"), "\(result.stderr)")
        #expect(result.status == 65)
    }

    @Test func junitHasOneTestCasePerFile() throws {
        let result = try CLIRunner.run([
            "validate", "Fixtures/surfercloud/eip-november.json", "Fixtures/surfercloud/invalid/bad-billing-state.json", "--to", "junit",
        ])
        #expect(result.status == 65)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 2)
        let failures = try document.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        #expect(try document.nodes(forXPath: "/testsuites/@failures").first?.stringValue == "1")
        #expect(failures.first?.stringValue?.contains("#/Stats/0/BillingState: schema: error: enum") == true)
    }

    @Test func jsonReportListsFindingsWithPointers() throws {
        let result = try CLIRunner.run(["validate", "Fixtures/surfercloud/invalid/bad-billing-state.json", "--to", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "usageconv-validate/1")
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["valid"] as? Bool == false)
        let findings = try #require(file["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "schema" && $0["path"] as? String == "#/Stats/0/BillingState" })
    }
}
