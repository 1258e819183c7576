import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// `--to focus` end to end: goldens, the official FOCUS validator (focus-validator 1.0.0, which
/// `make test` installs into .venv-focus/), the README's hand-checked bill, and the refusals.
struct FocusOutputTests {
    static let validator = TestTools.shouldRun(TestTools.focusPython != nil)
    static let script = TestPaths.root.appendingPathComponent("Scripts/test-readers/focus-validate.py").path
    static let rates = "Fixtures/finops/rates.json"

    /// The fixtures FOCUS rows are checked on: OnApp money as dumped, SurferCloud billed and
    /// unbilled days, a Baishan month billed at p95 and a SwiftFederation month crossing a tier.
    static let cases: [(name: String, arguments: [String])] = [
        ("onapp-user-3days", ["Fixtures/onapp/user-3days.json"]),
        ("onapp-exact-money", ["Fixtures/onapp/exact-money.xml"]),
        ("surfercloud-eip-november", ["Fixtures/surfercloud/eip-november.json", "--rates", rates, "--tz", "Asia/Shanghai"]),
        ("baishan-2025-04", ["Fixtures/finops/baishan-2025-04/", "--rates", rates]),
        ("swiftfederation-2025-04", ["Fixtures/finops/swiftfederation-2025-04.json", "--rates", rates]),
    ]

    /// The rules of focus-validator 1.0.0's "1.0" set that name pre-1.0 columns (Provider, ...;
    /// ChargeType): on a file with FOCUS 1.0's column IDs they fail whatever the rows hold.
    static let staleRules: Set<String> = [
        "InvoiceIssuer_Required", "Provider_Required", "Publisher_Required", "ResourceID_Required", "SkuPriceId_Nullable",
    ]

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("usageconv-focus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: cases.map(\.name))
    func rowsMatchTheGolden(_ name: String) throws {
        let arguments = try #require(Self.cases.first { $0.name == name }).arguments
        let run = try CLIRunner.run(arguments + ["--to", "focus"])
        #expect(run.status == 0, "\(run.stderr)")
        // Nothing but a folder's batch summary ("converted 3, ...") on standard error.
        let messages = run.stderr.split(separator: "\n").filter { !$0.hasPrefix("usageconv: converted 3, failed 0, warnings 0, skipped 0") }
        #expect(messages.isEmpty, "\(run.stderr)")
        expectSnapshot(run.stdout, at: "Fixtures/expected/focus/\(name).focus.csv")
    }

    /// The validator's verdict per file: `official` with its rule set as shipped, `spec` with the
    /// same rules naming FOCUS 1.0's column IDs (Scripts/test-readers/focus-validate.py says why).
    static func validate(_ files: [String]) throws -> [String: [String: [String: Any]]] {
        let python = try #require(TestTools.focusPython, "make test installs focus-validator into .venv-focus")
        let run = try TestTools.run(python, [script] + files)
        try #require(run.status == 0, "focus-validate.py failed: \(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["validator"] as? String == "1.0.0")
        return try #require(report["files"] as? [String: [String: [String: Any]]])
    }

    @Test(.enabled(if: validator))
    func theOfficialValidatorPassesEveryRuleOnEveryCase() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for (name, arguments) in Self.cases {
            let path = folder.appendingPathComponent("\(name).csv").path
            let run = try CLIRunner.run(arguments + ["--to", "focus", "-o", path])
            try #require(run.status == 0, "\(name): \(run.stderr)")
            files.append(path)
        }
        let verdicts = try Self.validate(files)
        for (name, path) in zip(Self.cases.map(\.name), files) {
            let verdict = try #require(verdicts[path], "no verdict for \(name)")
            let spec = try #require(verdict["spec"])
            #expect(spec["rules"] as? Int == 133, "\(name)")
            #expect(spec["passed"] as? Int == 133, "\(name): \(spec["details"] ?? "")")
            #expect((spec["failed"] as? [String])?.isEmpty == true, "\(name): \(spec["details"] ?? "")")
            #expect((spec["errored"] as? [String])?.isEmpty == true, "\(name)")
            // As shipped, only the rules that name pre-1.0 columns fail: nothing about the rows.
            let official = try #require(verdict["official"])
            #expect(Set(official["failed"] as? [String] ?? []) == Self.staleRules, "\(name): \(official["details"] ?? "")")
            #expect(official["passed"] as? Int == 133 - Self.staleRules.count, "\(name)")
            #expect((official["errored"] as? [String])?.isEmpty == true, "\(name)")
        }
    }

    /// The check can fail: without its BilledCost column, the same file is rejected.
    @Test(.enabled(if: validator))
    func theValidatorRejectsAFileWithoutAMandatoryColumn() throws {
        let run = try CLIRunner.run(["Fixtures/finops/baishan-2025-04/", "--rates", Self.rates, "--to", "focus"])
        try #require(run.status == 0, "\(run.stderr)")
        // AvailabilityZone (always null) and BilledCost (a plain number) are the first two fields.
        let lines = run.stdout.split(separator: "\n").map { line -> String in
            let fields = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            return fields[0] + "," + fields[2]
        }
        #expect(lines[0].hasPrefix("AvailabilityZone,BillingAccountId,"))
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("no-billed-cost.csv").path
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let verdict = try #require(try Self.validate([path])[path])
        #expect((verdict["spec"]?["failed"] as? [String]) == ["BilledCost_Required"])
        #expect((verdict["official"]?["failed"] as? [String])?.contains("BilledCost_Required") == true)
    }

    /// README's worked example: April 2025's 95th percentile is 150 Mbit/s; 100 × 2.00 + 50 × 1.50 = 275.00.
    @Test func theWorkedExampleBillsTheHandCheckedTotal() throws {
        let run = try CLIRunner.run(["Fixtures/finops/baishan-2025-04/", "--rates", Self.rates, "--to", "focus"])
        try #require(run.status == 0, "\(run.stderr)")
        let rows = CSVTable.rows(run.stdout)
        try #require(rows.count == 3)
        func column(_ name: String) throws -> [String] {
            let index = try #require(rows[0].firstIndex(of: name))
            return rows.dropFirst().map { $0[index] }
        }
        #expect(try column("BilledCost") == ["200.0", "75.0"])
        #expect(try column("PricingQuantity") == ["100.0", "50.0"])
        #expect(try column("ListUnitPrice") == ["2.0", "1.5"])
        #expect(try column("SkuPriceId") == ["baishan-cdn-p95/tier-1", "baishan-cdn-p95/tier-2"])
        #expect(try column("ChargePeriodStart") == ["2025-04-01T00:00:00Z", "2025-04-01T00:00:00Z"])
        #expect(try column("ChargePeriodEnd") == ["2025-05-01T00:00:00Z", "2025-05-01T00:00:00Z"])
        let stats = try CLIRunner.run(["stats", "Fixtures/finops/baishan-2025-04/", "--to", "csv"])
        #expect(stats.stdout.hasSuffix(",150000000\n"), "\(stats.stdout)")
    }

    @Test func aMalformedRateCardIsOneLocatedErrorAndExit65() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let card = folder.appendingPathComponent("rates.json").path
        try Data(
            #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "GB", "tiers": [{"price": -1}]}]}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: card))
        let output = folder.appendingPathComponent("out.csv").path
        let run = try CLIRunner.run(["Fixtures/surfercloud/eip-november.json", "--to", "focus", "--rates", card, "-o", output])
        #expect(run.status == 65)
        #expect(run.stderr == "usageconv: \(card): 1:118: expected a price of 0 or more, found -1\n")
        #expect(!FileManager.default.fileExists(atPath: output))
        let missing = try CLIRunner.run([
            "Fixtures/surfercloud/eip-november.json", "--to", "focus", "--rates", folder.appendingPathComponent("none.json").path,
        ])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("none.json: cannot open: no such file or directory"), "\(missing.stderr)")
    }

    @Test func usageWithoutAPriceIsRefusedWithNoOutput() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out.csv").path
        let run = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--to", "focus", "-o", output])
        #expect(run.status == 64)
        #expect(
            run.stderr.hasPrefix("usageconv: no price for baishan all bandwidth out: FOCUS 1.0 allows no null BilledCost"),
            "\(run.stderr)"
        )
        #expect(!FileManager.default.fileExists(atPath: output))
        let misplaced = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--rates", Self.rates])
        #expect(misplaced.status == 64)
        #expect(misplaced.stderr.contains("--rates prices usage for --to focus only"), "\(misplaced.stderr)")
        // FOCUS is CSV: a .parquet name would hold CSV text that every Parquet reader refuses.
        let parquet = folder.appendingPathComponent("out.parquet").path
        let misnamed = try CLIRunner.run(["Fixtures/onapp/exact-money.xml", "--to", "focus", "-o", parquet])
        #expect(misnamed.status == 64)
        #expect(misnamed.stderr.contains("--to focus writes CSV rows"), "\(misnamed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: parquet))
    }

    @Test func helpListsFocusAndRates() throws {
        let help = try CLIRunner.run(["convert", "--help"])
        #expect(help.stdout.contains("--rates <file>"))
        #expect(help.stdout.contains("focus"))
        let formats = try CLIRunner.run(["formats"])
        #expect(formats.stdout.contains("  focus            FinOps FOCUS 1.0 cost and usage rows"))
    }

    @Test func validateChecksRateCardsByTheirSchema() throws {
        let good = try CLIRunner.run(["validate", Self.rates])
        #expect(good.status == 0, "\(good.stderr)")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let card = folder.appendingPathComponent("rates.json").path
        try Data(
            #"{"format": "usageconv-rates/1", "currency": "USD", "rates": [{"metric": "traffic", "unit": "Mbit/s", "tiers": [{"price": 1}]}]}"#
                .utf8
        )
        .write(to: URL(fileURLWithPath: card))
        let bad = try CLIRunner.run(["validate", card])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("\(card):#/rates/0/unit: schema: error:"), "\(bad.stderr)")
    }
}
