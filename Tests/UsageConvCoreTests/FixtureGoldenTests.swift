import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// Every input under `Fixtures/<provider>/` converted in-process by the library's pipeline
/// (``Conversion``, then the CSV and JSON encoders), compared with
/// `Fixtures/expected/<provider>/<name>.csv`, `.json` and `.stderr` (exit status included), byte for byte.
///
/// The `.stderr` goldens are what the executable prints; the diagnostics are rendered as it prints
/// them (`LibraryRunResult.stderr`, with decoders registered by tests left out of name lists:
/// `FixtureGoldens.asShipped`), and `FixtureGoldenCLITests` checks a few fixtures through the
/// built binary against the same goldens. Extra flags for a fixture live beside it in `<name>.args`
/// (for example `--lenient`). `RECORD_SNAPSHOTS=1 swift test --filter FixtureGoldenTests` re-records; review the diff.
struct FixtureGoldenTests {
    @Test(arguments: FixtureGoldens.inputs)
    func convertsAsTheGoldensSay(_ input: String) throws {
        let conversion = try FixtureGoldens.conversion(of: input)
        let csv = LibraryRun.run(conversion, to: .csv)
        // Messages listing the decoders list the built-in ones, as the executable's do.
        let stderr = FixtureGoldens.asShipped(csv.stderr)
        expectSnapshot(stderr + "exit status: \(csv.status)\n", at: FixtureGoldens.golden(for: input, "stderr"))
        if csv.status == 0 {
            expectSnapshot(csv.stdout, at: FixtureGoldens.golden(for: input, "csv"))
            let json = LibraryRun.run(conversion, to: .json)
            #expect(json.status == 0)
            expectSnapshot(json.stdout, at: FixtureGoldens.golden(for: input, "json"))
        } else {
            #expect(csv.output.isEmpty, "a failed conversion gave output")
            #expect([64, 65, 66].contains(csv.status))
            // Every failure names the file and a location.
            #expect(stderr.hasPrefix("usageconv: \(input): "), "\(stderr)")
        }
    }

    @Test func everyProviderHasFixtures() {
        for provider in FixtureGoldens.providers {
            #expect(FixtureGoldens.inputs.contains { $0.hasPrefix("Fixtures/\(provider)/") }, "no fixtures for \(provider)")
        }
    }

    @Test func conversionIsDeterministic() throws {
        for input in FixtureGoldens.inputs.prefix(6) {
            let conversion = try FixtureGoldens.conversion(of: input)
            let first = LibraryRun.run(conversion, to: .json)
            let second = LibraryRun.run(conversion, to: .json)
            #expect(first.output == second.output && FixtureGoldens.asShipped(first.stderr) == FixtureGoldens.asShipped(second.stderr))
        }
    }

    /// Every flag the fixtures' `.args` files use is one the in-process runs apply (an unknown one
    /// would otherwise be dropped and the golden compared with a different conversion).
    @Test func everyArgsFileIsUnderstood() throws {
        let withArgs = FixtureGoldens.inputs.filter { !FixtureGoldens.arguments(for: $0).isEmpty }
        #expect(withArgs.count >= 5, "\(withArgs)")
        for input in withArgs { _ = try FixtureGoldens.decoding(for: input) }
        let folder = try TemporaryFolder()
        let input = folder.file("dump.json").path
        try Data("--jobs 2\n".utf8).write(to: URL(fileURLWithPath: input + ".args"))
        #expect(throws: UnknownFixtureArgument.self) { try FixtureGoldens.decoding(for: input) }
    }
}
