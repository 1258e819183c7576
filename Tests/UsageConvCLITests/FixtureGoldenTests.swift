import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// Every input under `Fixtures/<provider>/` converted by the built binary, compared with
/// `Fixtures/expected/<provider>/<name>.csv`, `.json` and `.stderr` (exit status included).
///
/// Extra flags for a fixture live beside it in `<name>.args` (for example `--lenient`).
/// `RECORD_SNAPSHOTS=1 swift test --filter FixtureGoldenTests` re-records; review the diff.
struct FixtureGoldenTests {
    /// One fixture folder per registered decoder.
    static let providers = DecoderRegistry.builtIn.map(\.id)

    static let inputs: [String] = providers.flatMap { provider in
        TestPaths.fixtureFiles(in: provider).filter { path in
            !path.hasSuffix(".args") && !path.hasSuffix(".md") && !path.hasSuffix(".expect-invalid")
        }
    }

    /// The golden path for an input and an extension: `Fixtures/x/invalid/a.json` → `Fixtures/expected/x/invalid/a.json.csv`.
    static func golden(for input: String, _ ext: String) -> String {
        "Fixtures/expected/" + input.dropFirst("Fixtures/".count) + "." + ext
    }

    static func arguments(for input: String) -> [String] {
        let url = TestPaths.root.appendingPathComponent(input + ".args")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    @Test(arguments: inputs)
    func convertsAsTheGoldensSay(_ input: String) throws {
        let extra = Self.arguments(for: input)
        let csv = try CLIRunner.run([input, "--to", "csv"] + extra)
        expectSnapshot(csv.stderr + "exit status: \(csv.status)\n", at: Self.golden(for: input, "stderr"))
        if csv.status == 0 {
            expectSnapshot(csv.stdout, at: Self.golden(for: input, "csv"))
            let json = try CLIRunner.run([input, "--to", "json"] + extra)
            #expect(json.status == 0)
            expectSnapshot(json.stdout, at: Self.golden(for: input, "json"))
        } else {
            #expect(csv.stdout.isEmpty, "a failed conversion printed output")
            #expect([64, 65, 66].contains(csv.status))
            // Every failure names the file and a location.
            #expect(csv.stderr.hasPrefix("usageconv: \(input): "), "\(csv.stderr)")
        }
    }

    @Test func everyProviderHasFixtures() {
        for provider in Self.providers {
            #expect(Self.inputs.contains { $0.hasPrefix("Fixtures/\(provider)/") }, "no fixtures for \(provider)")
        }
    }

    @Test func conversionIsDeterministic() throws {
        for input in Self.inputs.prefix(6) {
            let extra = Self.arguments(for: input)
            let first = try CLIRunner.run([input, "--to", "json"] + extra)
            let second = try CLIRunner.run([input, "--to", "json"] + extra)
            #expect(first.stdout == second.stdout && first.stderr == second.stderr)
        }
    }
}
