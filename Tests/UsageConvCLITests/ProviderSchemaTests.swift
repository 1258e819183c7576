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
        // The absence of schema findings only counts when validate really ran: its summary adds up.
        try ValidateSummary.expectConsistent(result, path: path)
    }

    @Test(arguments: [
        ("Fixtures/baishan/invalid/negative-value.json", "#/data/1/1: schema: error: minimum"),
        ("Fixtures/baishan/invalid/wrong-pair.json", "#/data/1: schema: error: maxItems"),
        ("Fixtures/baishan/invalid/millisecond-times.json", "#/data/0/0: schema: error: exclusiveMaximum"),
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
        let result = try CLIRunner.run(["validate", "--ignore-expectations", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):\(finding)"), "\(result.stderr)")
    }

    @Test func formatsAreAssertionsOnlyWhenAsked() throws {
        // A space between date and time: the decoder reads it (so the schema's pattern allows it),
        // RFC 3339's date-time does not.
        let temporary = try TemporaryFolder()
        let path = temporary.file("space-time.json").path
        try Data(#"{"data": [{"name": "10.0.0.1 In", "data": [["2023-09-17 01:03:30Z", 5]]}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let annotation = try CLIRunner.run(["validate", "--ignore-expectations", path])
        #expect(annotation.status == 0, "\(annotation.stderr)")
        #expect(!annotation.stderr.contains("#/data/0/data/0/0: schema"), "\(annotation.stderr)")
        let assertion = try CLIRunner.run(["validate", "--ignore-expectations", path, "--format-assertion"])
        #expect(assertion.stderr.contains("\(path):#/data/0/data/0/0: schema: error: format"), "\(assertion.stderr)")
        // A time the decoder refuses is refused by the schema too, without --format-assertion.
        let bad = try CLIRunner.run(["validate", "--ignore-expectations", "Fixtures/interserver/invalid/bad-time.json"])
        #expect(bad.stderr.contains("bad-time.json:#/data/0/data/3/0: schema: error: pattern"), "\(bad.stderr)")
    }

    @Test func aTrueSchemaChecksWellFormednessOfAnyJSON() throws {
        let temporary = try TemporaryFolder()
        let schema = temporary.url.appendingPathComponent("true.json")
        try Data("true".utf8).write(to: schema)
        let good = temporary.url.appendingPathComponent("any.json")
        try Data(#"{"anything": [1, 2.5, "x", null]}"#.utf8).write(to: good)
        let ok = try CLIRunner.run(["validate", "--schema", schema.path, good.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let bad = try CLIRunner.run([
            "validate", "--ignore-expectations", "--schema", schema.path, "Fixtures/baishan/invalid/trailing-comma.json",
        ])
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
        #expect(result.stderr.contains("validated 15 files"), "\(result.stderr)")
        #expect(result.stderr.contains("error-signature.json:1:12: decode: warning: surfercloud API error"), "\(result.stderr)")
        // The negative fixtures (invalid/, the seed) are invalid as their .expect-invalid files say.
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("6 invalid as expected"), "\(result.stderr)")
    }

    @Test func junitHasOneTestCasePerFile() throws {
        let result = try CLIRunner.run([
            "validate", "--ignore-expectations", "Fixtures/surfercloud/eip-november.json",
            "Fixtures/surfercloud/invalid/bad-billing-state.json",
            "--to", "junit",
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
        let result = try CLIRunner.run([
            "validate", "--ignore-expectations", "Fixtures/surfercloud/invalid/bad-billing-state.json", "--to", "json",
        ])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "usageconv-validate/1")
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["valid"] as? Bool == false)
        let findings = try #require(file["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "schema" && $0["path"] as? String == "#/Stats/0/BillingState" })
    }
}

/// `usageconv validate Fixtures/` and `--expect`: the project's own fixtures checked the way users check theirs.
struct FixtureValidationTests {
    @Test func theWholeFixturesFolderValidates() throws {
        let result = try CLIRunner.run(["validate", "Fixtures/"])
        #expect(result.status == 0, "\(result.stderr.split(separator: "\n").filter { $0.contains("error") }.prefix(10))")
        #expect(result.stderr.contains(" 0 invalid, "), "\(result.stderr.suffix(300))")
        // The vendors' examples are negative fixtures: each documented defect is reported where it is.
        #expect(result.stderr.contains("Fixtures/baishan/seed-example.json: expect-invalid: ok: 3 errors, as expected"))
        #expect(result.stderr.contains("Fixtures/surfercloud/seed-example.json: expect-invalid: ok"))
        #expect(result.stderr.contains("Fixtures/onapp/seed-example.xml: expect-invalid: ok"))
    }

    /// Inputs with a CSV golden that convert with no extra flags.
    static let pinned: [String] = ["baishan", "swiftfederation", "surfercloud", "interserver", "onapp"]
        .flatMap { TestPaths.fixtureFiles(in: $0) }
        .filter { path in
            guard path.hasSuffix(".json") || path.hasSuffix(".xml"), !path.contains("/invalid/"), !path.contains("/hostile/") else {
                return false
            }
            let fm = FileManager.default
            let golden = TestPaths.root.appendingPathComponent(FixtureGoldenTests.golden(for: path, "csv")).path
            let size = (try? fm.attributesOfItem(atPath: golden)[.size] as? Int) ?? 0
            return size > 0 && !fm.fileExists(atPath: TestPaths.root.appendingPathComponent(path + ".args").path)
        }

    @Test(arguments: pinned)
    func everyFixtureConvertsToItsGolden(_ path: String) throws {
        let result = try CLIRunner.run(["validate", path, "--expect", FixtureGoldenTests.golden(for: path, "csv")])
        #expect(!result.stderr.contains(": expect: error"), "\(result.stderr)")
        try ValidateSummary.expectConsistent(result, path: path)
    }

    @Test func theSummaryCheckRejectsWhatValidateNeverPrints() {
        // ValidateSummary must fail on an exit status its summary does not explain, and on no summary.
        let good = CLIResult(status: 0, stdout: "", stderr: "usageconv: validated 1 file: 1 valid, 0 invalid, 0 errors, 0 warnings\n")
        #expect(ValidateSummary.problems(good).isEmpty)
        #expect(!ValidateSummary.problems(CLIResult(status: 70, stdout: "", stderr: good.stderr)).isEmpty)
        #expect(!ValidateSummary.problems(CLIResult(status: 0, stdout: "", stderr: "")).isEmpty)
        let miscounted = "x.json:1:1: decode: error: boom\nusageconv: validated 1 file: 1 valid, 0 invalid, 0 errors, 0 warnings\n"
        #expect(!ValidateSummary.problems(CLIResult(status: 0, stdout: "", stderr: miscounted)).isEmpty)
    }

    @Test func aDifferentGoldenNamesTheFirstDifferingLine() throws {
        let result = try CLIRunner.run([
            "validate", "Fixtures/baishan/bandwidth-3days.json", "--expect", "Fixtures/expected/baishan/bandwidth-hourly.json.csv",
        ])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains(
                "expect: error: converting it differs from Fixtures/expected/baishan/bandwidth-hourly.json.csv at line 2"
            )
        )
    }

    @Test func aNegativeFixtureMustShowItsExpectedFindings() throws {
        let temporary = try TemporaryFolder()
        let dump = temporary.url.appendingPathComponent("dump.json")
        try Data(#"{"code":0,"data":[[1503244800,-1]]}"#.utf8).write(to: dump)
        try Data("# the negative value\n#/data/0/1 schema: minimum\n".utf8).write(to: URL(fileURLWithPath: dump.path + ".expect-invalid"))
        let pass = try CLIRunner.run(["validate", dump.path])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stderr.contains("expect-invalid: ok"))
        try Data("this text is in no finding\n".utf8).write(to: URL(fileURLWithPath: dump.path + ".expect-invalid"))
        let fail = try CLIRunner.run(["validate", dump.path])
        #expect(fail.status == 65)
        #expect(fail.stderr.contains("expect-invalid: error: expected a finding containing 'this text is in no finding', found none"))
    }
}

/// `usageconv validate`'s closing summary for one file, checked against its exit status and the
/// findings printed above it, so a test of validate fails when validate did not run.
enum ValidateSummary {
    /// What is wrong with one file's validate result (empty when status, summary and findings agree).
    static func problems(_ result: CLIResult) -> [String] {
        let lines = result.stderr.split(separator: "\n").map(String.init)
        guard let summary = lines.last(where: { $0.hasPrefix("usageconv: validated 1 file: ") }) else {
            return ["no 'usageconv: validated 1 file:' summary (exit \(result.status))"]
        }
        func count(_ label: String) -> Int? {
            let words = summary.split(separator: " ")
            guard let index = words.firstIndex(where: { $0.hasPrefix(label) }), index > 0 else { return nil }
            return Int(words[index - 1])
        }
        let valid = count("valid,") ?? -1
        let invalid = count("invalid,") ?? -1
        let expectedInvalid = summary.contains(" invalid as expected,") ? 1 : 0
        let errors = count("error") ?? -1
        let warnings = count("warning") ?? -1
        var found: [String] = []
        if valid + invalid + expectedInvalid != 1 { found.append("the summary does not account for one file: \(summary)") }
        if result.status != (invalid > 0 ? 65 : 0) { found.append("exit \(result.status) but \(summary)") }
        let errorLines = lines.filter { $0.contains(": error: ") }.count
        let warningLines = lines.filter { $0.contains(": warning: ") && !$0.hasPrefix("usageconv: ") }.count
        if expectedInvalid == 0, errors != errorLines || warnings != warningLines {
            found.append("\(errorLines) error and \(warningLines) warning lines but \(summary)")
        }
        return found
    }

    /// Records each problem as an issue naming the fixture.
    static func expectConsistent(_ result: CLIResult, path: String) throws {
        for problem in problems(result) { Issue.record("\(path): \(problem)\n\(result.stderr)") }
    }
}
