import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// The executable's side of the fixture goldens: a few fixtures converted by the built binary give
/// the same `.csv`, `.json` and `.stderr` goldens (exit status included) that the library's
/// in-process run is checked against for every fixture (UsageConvCoreTests' `FixtureGoldenTests`):
/// the printing of diagnostics, the exit status and standard output are the binary's own.
struct FixtureGoldenCLITests {
    /// One fixture that converts with warnings, one with an `.args` file, one whose conversion
    /// fails, and one whose message lists the decoders (the binary's registry is only the built-in ones).
    static let samples = [
        "Fixtures/baishan/unsorted-duplicates.json",
        "Fixtures/baishan/label-end.json",
        "Fixtures/baishan/invalid/comments-without-lenient.json",
        "Fixtures/swiftfederation/invalid/no-domains.json",
    ]

    @Test(arguments: samples)
    func theBinaryPrintsWhatTheGoldensSay(_ input: String) throws {
        let extra = FixtureGoldens.arguments(for: input)
        let csv = try CLIRunner.run([input, "--to", "csv"] + extra)
        expectSnapshot(csv.stderr + "exit status: \(csv.status)\n", at: FixtureGoldens.golden(for: input, "stderr"))
        if csv.status == 0 {
            expectSnapshot(csv.stdout, at: FixtureGoldens.golden(for: input, "csv"))
            let json = try CLIRunner.run([input, "--to", "json"] + extra)
            #expect(json.status == 0)
            expectSnapshot(json.stdout, at: FixtureGoldens.golden(for: input, "json"))
        } else {
            #expect(csv.stdout.isEmpty, "a failed conversion printed output")
            #expect(csv.stderr.hasPrefix("usageconv: \(input): "), "\(csv.stderr)")
        }
    }

    /// The samples cover what the binary adds: warnings printed beside output, a failure's exit
    /// status, and flags from an `.args` file.
    @Test func theSamplesCoverWarningsFailuresAndArgs() throws {
        let stderr = try Self.samples.map {
            try String(contentsOf: TestPaths.root.appendingPathComponent(FixtureGoldens.golden(for: $0, "stderr")), encoding: .utf8)
        }
        #expect(stderr.contains { $0.contains(": warning: ") && $0.hasSuffix("exit status: 0\n") })
        #expect(stderr.contains { $0.hasSuffix("exit status: 65\n") })
        #expect(Self.samples.contains { !FixtureGoldens.arguments(for: $0).isEmpty })
    }
}
