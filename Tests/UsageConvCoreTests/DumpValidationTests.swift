import Foundation
import FoundationXML
import Testing
import UsageConvCore
import UsageConvTestSupport

/// The provider JSON Schemas under `Schemas/` and `usageconv validate`'s checks, in-process through
/// ``FixtureValidation``: bundled as they are, every fixture of a provider is valid against its
/// schema, and each hand-made violation is caught at the right JSON pointer.
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

    @Test func theBundledXSDIsTheFileInSchemas() throws {
        let file = try String(contentsOf: TestPaths.root.appendingPathComponent("Schemas/onapp-vm-stats.xsd"), encoding: .utf8)
        #expect(BundledSchemas.onappVMStatsXSD == file, "paste Schemas/onapp-vm-stats.xsd into BundledSchemas.swift")
    }

    @Test(arguments: validJSON)
    func everyFixtureMatchesItsProvidersSchema(_ path: String) throws {
        let run = try ValidationRun.validate([path])
        // The absence of schema findings only counts when the file was really checked.
        let result = try #require(run.only, "\(run.results.map(\.file))")
        #expect(result.file == path && result.unreadable == nil)
        #expect(!run.lines.contains { $0.contains(": schema:") }, "\(run.lines)")
        #expect(!run.lines.contains { $0.contains(": json:") }, "\(run.lines)")
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
        let run = try ValidationRun.validate([path], ignoresExpectations: true)
        #expect(run.failed)
        #expect(run.lines.contains { $0.hasPrefix("\(path):\(finding)") }, "\(run.lines)")
    }

    @Test func formatsAreAssertionsOnlyWhenAsked() throws {
        // A space between date and time: the decoder reads it (so the schema's pattern allows it),
        // RFC 3339's date-time does not.
        let temporary = try TemporaryFolder()
        let path = temporary.file("space-time.json").path
        try Data(#"{"data": [{"name": "10.0.0.1 In", "data": [["2023-09-17 01:03:30Z", 5]]}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let annotation = try ValidationRun.validate([path], ignoresExpectations: true)
        #expect(!annotation.failed, "\(annotation.lines)")
        #expect(annotation.only?.unreadable == nil)
        #expect(!annotation.lines.contains { $0.contains("#/data/0/data/0/0: schema") }, "\(annotation.lines)")
        let assertion = try ValidationRun.validate([path], formatAssertion: true, ignoresExpectations: true)
        #expect(assertion.lines.contains { $0.hasPrefix("\(path):#/data/0/data/0/0: schema: error: format") }, "\(assertion.lines)")
        // A time the decoder refuses is refused by the schema too, without --format-assertion.
        let bad = try ValidationRun.validate(["Fixtures/interserver/invalid/bad-time.json"], ignoresExpectations: true)
        #expect(bad.lines.contains { $0.contains("bad-time.json:#/data/0/data/3/0: schema: error: pattern") }, "\(bad.lines)")
    }

    @Test func aTrueSchemaChecksWellFormednessOfAnyJSON() throws {
        let temporary = try TemporaryFolder()
        let schema = temporary.url.appendingPathComponent("true.json")
        try Data("true".utf8).write(to: schema)
        let good = temporary.url.appendingPathComponent("any.json")
        try Data(#"{"anything": [1, 2.5, "x", null]}"#.utf8).write(to: good)
        let ok = try ValidationRun.validate([good.path], schema: schema.path)
        #expect(!ok.failed, "\(ok.lines)")
        #expect(ok.only?.unreadable == nil)
        let bad = try ValidationRun.validate(
            ["Fixtures/baishan/invalid/trailing-comma.json"],
            schema: schema.path,
            ignoresExpectations: true
        )
        #expect(bad.failed)
        #expect(bad.lines.contains { $0.hasPrefix("Fixtures/baishan/invalid/trailing-comma.json:1:53: json: error:") }, "\(bad.lines)")
    }

    @Test func aBundledSchemaCanBeNamed() throws {
        // The SurferCloud schema on a Baishan dump: its RetCode is missing at the root.
        let result = try ValidationRun.validate(["Fixtures/baishan/bandwidth-3days.json"], schema: "surfercloud-throughput-daily-billing")
        #expect(result.failed)
        #expect(result.lines.contains { $0.contains("bandwidth-3days.json:#: schema: error: required") }, "\(result.lines)")
        // An unknown name is an unreadable schema file (the command line's exit 66) that lists the names.
        do {
            _ = try ValidationRun.validate(["Fixtures/baishan/bandwidth-3days.json"], schema: "no-such-schema")
            Issue.record("an unknown schema name was accepted")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.code == .unreadableInput)
            #expect(diagnostic.message.contains("surfercloud-throughput-daily-billing"), "\(diagnostic)")
        }
    }
}

/// `validate` over folders, and its reports for CI systems.
struct ValidateReportTests {
    @Test func foldersAreWalkedAndErrorBodiesAreWarnings() throws {
        let run = try ValidationRun.validate(["Fixtures/surfercloud"])
        // Every .json below the folder, invalid/ included; error bodies are faithful dumps (warnings).
        #expect(run.report.summary.hasPrefix("validated 15 files"), "\(run.report.summary)")
        #expect(run.lines.contains { $0.contains("error-signature.json:1:12: decode: warning: surfercloud API error") }, "\(run.lines)")
        // The negative fixtures (invalid/, the seed) are invalid as their .expect-invalid files say.
        #expect(!run.failed, "\(run.lines)")
        #expect(run.report.summary.contains("6 invalid as expected"), "\(run.report.summary)")
    }

    @Test func junitHasOneTestCasePerFile() throws {
        let run = try ValidationRun.validate(
            ["Fixtures/surfercloud/eip-november.json", "Fixtures/surfercloud/invalid/bad-billing-state.json"],
            ignoresExpectations: true
        )
        #expect(run.failed)
        let document = try XMLDocument(data: Data(run.report.junit))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 2)
        let failures = try document.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 1)
        #expect(try document.nodes(forXPath: "/testsuites/@failures").first?.stringValue == "1")
        #expect(failures.first?.stringValue?.contains("#/Stats/0/BillingState: schema: error: enum") == true)
    }

    @Test func jsonReportListsFindingsWithPointers() throws {
        let run = try ValidationRun.validate(["Fixtures/surfercloud/invalid/bad-billing-state.json"], ignoresExpectations: true)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.report.json)) as? [String: Any])
        #expect(json["format"] as? String == "usageconv-validate/1")
        let file = try #require((json["files"] as? [[String: Any]])?.first)
        #expect(file["valid"] as? Bool == false)
        let findings = try #require(file["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["rule"] as? String == "schema" && $0["path"] as? String == "#/Stats/0/BillingState" })
    }
}

/// `validate Fixtures/` and `--expect`: the project's own fixtures checked the way users check theirs.
struct FixtureValidationTests {
    @Test func theWholeFixturesFolderValidates() throws {
        let run = try ValidationRun.validate(["Fixtures/"])
        #expect(!run.failed, "\(run.lines.filter { $0.contains("error") }.prefix(10))")
        #expect(run.report.summary.contains(" 0 invalid, "), "\(run.report.summary)")
        // The vendors' examples are negative fixtures: each documented defect is reported where it is.
        func negative(_ path: String) throws -> ValidationReport.FileResult {
            let result = try #require(run.results.first { $0.file == path }, "\(path) not validated")
            #expect(result.expectedInvalid != nil && !result.failed(strict: false), "\(path)")
            return result
        }
        let baishan = try negative("Fixtures/baishan/seed-example.json")
        #expect(baishan.findings.filter { run.report.severity($0) == "error" }.count == 3)
        _ = try negative("Fixtures/surfercloud/seed-example.json")
        _ = try negative("Fixtures/onapp/seed-example.xml")
    }

    /// Inputs with a CSV golden that convert with no extra flags.
    static let pinned: [String] = ["baishan", "swiftfederation", "surfercloud", "interserver", "onapp"]
        .flatMap { TestPaths.fixtureFiles(in: $0) }
        .filter { path in
            guard path.hasSuffix(".json") || path.hasSuffix(".xml"), !path.contains("/invalid/"), !path.contains("/hostile/") else {
                return false
            }
            let fm = FileManager.default
            let golden = TestPaths.root.appendingPathComponent(FixtureGoldens.golden(for: path, "csv")).path
            let size = (try? fm.attributesOfItem(atPath: golden)[.size] as? Int) ?? 0
            return size > 0 && !fm.fileExists(atPath: TestPaths.root.appendingPathComponent(path + ".args").path)
        }

    @Test(arguments: pinned)
    func everyFixtureConvertsToItsGolden(_ path: String) throws {
        let run = try ValidationRun.validate([path], expectedCSV: FixtureGoldens.golden(for: path, "csv"))
        let result = try #require(run.only)
        #expect(result.file == path && result.unreadable == nil)
        #expect(!run.lines.contains { $0.contains(": expect: error") }, "\(run.lines)")
    }

    @Test func aDifferentGoldenNamesTheFirstDifferingLine() throws {
        let run = try ValidationRun.validate(
            ["Fixtures/baishan/bandwidth-3days.json"],
            expectedCSV: "Fixtures/expected/baishan/bandwidth-hourly.json.csv"
        )
        #expect(run.failed)
        #expect(
            run.lines.contains {
                $0.contains("expect: error: converting it differs from Fixtures/expected/baishan/bandwidth-hourly.json.csv at line 2")
            },
            "\(run.lines)"
        )
    }

    @Test func aNegativeFixtureMustShowItsExpectedFindings() throws {
        let temporary = try TemporaryFolder()
        let dump = temporary.url.appendingPathComponent("dump.json")
        try Data(#"{"code":0,"data":[[1503244800,-1]]}"#.utf8).write(to: dump)
        try Data("# the negative value\n#/data/0/1 schema: minimum\n".utf8).write(to: URL(fileURLWithPath: dump.path + ".expect-invalid"))
        let pass = try ValidationRun.validate([dump.path])
        #expect(!pass.failed, "\(pass.lines)")
        #expect(pass.only?.expectedInvalid != nil)
        try Data("this text is in no finding\n".utf8).write(to: URL(fileURLWithPath: dump.path + ".expect-invalid"))
        let fail = try ValidationRun.validate([dump.path])
        #expect(fail.failed)
        #expect(
            fail.lines.contains {
                $0.contains("expect-invalid: error: expected a finding containing 'this text is in no finding', found none")
            },
            "\(fail.lines)"
        )
    }
}

/// XSD validity of OnApp XML through libxml2, then the decoders' checks.
struct XMLValidationTests {
    static let validXML: [String] = TestPaths.fixtureFiles(in: "onapp").filter {
        $0.hasSuffix(".xml") && !$0.contains("/hostile/") && !$0.contains("/invalid/") && !$0.contains("seed-example")
            && !$0.contains("error-")
    }

    @Test(arguments: validXML)
    func everyOnAppXMLFixtureIsValid(_ path: String) throws {
        let run = try ValidationRun.validate([path])
        #expect(!run.failed, "\(run.lines)")
        #expect(run.report.summary.hasPrefix("validated 1 file: 1 valid, 0 invalid, 0 errors"), "\(run.report.summary)")
        #expect(!run.lines.contains { $0.contains("xsd:") }, "\(run.lines)")
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
        let folder = try TemporaryFolder()
        let path = folder.file("stats.xml").path
        try Data(document.utf8).write(to: URL(fileURLWithPath: path))
        let run = try ValidationRun.validate([path])
        #expect(run.failed)
        #expect(run.lines.contains { $0.hasPrefix("\(path):5: xsd: error: Element 'currency_code'") }, "\(run.lines)")
        #expect(run.lines.contains { $0 == "\(path):6: xsd: error: Element 'surprise': This element is not expected." }, "\(run.lines)")
        #expect(run.report.summary.hasSuffix("0 valid, 1 invalid, 2 errors, 0 warnings"), "\(run.report.summary)")
    }

    @Test func anIntegerThatHoldsAFractionFailsBothChecks() throws {
        let run = try ValidationRun.validate(["Fixtures/onapp/hostile/integer-holds-fraction.xml"], ignoresExpectations: true)
        #expect(run.failed)
        #expect(run.lines.contains { $0.contains(":2: xsd: error: Element 'user_id'") }, "\(run.lines)")
        #expect(run.lines.contains { $0.contains(":2: decode: error: expected <user_id> as a whole number") }, "\(run.lines)")
    }

    @Test(arguments: ["xxe-local-file", "xxe-parameter-entity", "external-dtd", "billion-laughs"])
    func hostileDocumentsAreRefused(_ name: String) throws {
        let run = try ValidationRun.validate(["Fixtures/onapp/hostile/\(name).xml"], ignoresExpectations: true)
        let text = run.lines.joined(separator: "\n")
        #expect(run.failed)
        #expect(text.contains("DOCTYPE"), "\(text)")
        #expect(!text.contains("root:"), "a local file leaked: \(text)")
        #expect(!text.contains("Unimplemented"), "libxml2 printed: \(text)")
    }

    @Test func aCustomSchemaReplacesTheBundledOne() throws {
        let folder = try TemporaryFolder()
        let xsd = folder.file("errors-only.xsd")
        try Data(
            #"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="errors" type="xs:anyType"/></xs:schema>"#.utf8
        ).write(to: xsd)
        let invalid = try ValidationRun.validate(["Fixtures/onapp/seed-twin.xml"], schema: xsd.path)
        #expect(invalid.failed)
        #expect(
            invalid.lines.contains { $0.contains("xsd: error: Element 'vm_stats': No matching global declaration") },
            "\(invalid.lines)"
        )
        let broken = folder.file("broken.xsd")
        try Data("<xs:schema".utf8).write(to: broken)
        // A schema that is no XSD is refused before any dump is checked (the command line's exit 64).
        do {
            _ = try ValidationRun.validate(["Fixtures/onapp/seed-twin.xml"], schema: broken.path)
            Issue.record("a broken XSD was accepted")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.code != .unreadableInput)
            #expect("\(diagnostic)".contains("is not a usable XSD"), "\(diagnostic)")
        }
    }

    @Test func jsonDumpsGetTheirDecodersChecks() throws {
        let defective = try ValidationRun.validate(["Fixtures/surfercloud/seed-example.json"], ignoresExpectations: true)
        #expect(defective.failed)
        #expect(defective.lines.contains { $0.contains("decode: error: BillingState is 'syykRjZm'") }, "\(defective.lines)")
        let warned = try ValidationRun.validate(["Fixtures/interserver/seed-example.json"])
        #expect(!warned.failed)
        #expect(warned.lines.contains { $0.contains("decode: warning: usage.peak.in is 9176") }, "\(warned.lines)")
        let strict = try ValidationRun.validate(["Fixtures/interserver/seed-example.json"], strict: true)
        #expect(strict.failed)
        let clean = try ValidationRun.validate(["Fixtures/surfercloud/eip-november.json", "Fixtures/onapp/user-3days.json"])
        #expect(!clean.failed)
        #expect(clean.lines.isEmpty, "\(clean.lines)")
        #expect(clean.report.summary == "validated 2 files: 2 valid, 0 invalid, 0 errors, 0 warnings")
    }
}
