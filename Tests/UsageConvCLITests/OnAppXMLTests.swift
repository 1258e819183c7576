import Foundation
import Testing
import UsageConvTestSupport

/// OnApp XML through the executable's standard input (what XML decoding does is tested in-process
/// in UsageConvCoreTests' `OnAppXMLTests`): a pipe, whose size is not known, reads what the file
/// does, and an error names `<stdin>`.
struct OnAppXMLCLITests {
    @Test func standardInputGivesWhatTheFileGives() throws {
        let path = "Fixtures/onapp/vs-quoted-offsets.xml"
        let bytes = try TestPaths.fixture("onapp/vs-quoted-offsets.xml")
        let piped = try CLIRunner.run(["-"], stdin: bytes)
        let file = try CLIRunner.run([path])
        #expect(piped.status == 0)
        #expect(!piped.stdout.isEmpty)
        #expect(piped.stdout == file.stdout)
    }

    @Test func anErrorOnStandardInputNamesIt() throws {
        let path = "Fixtures/onapp/hostile/tag-mismatch.xml"
        let piped = try CLIRunner.run(["-", "--format", "onapp"], stdin: try TestPaths.fixture("onapp/hostile/tag-mismatch.xml"))
        let file = try CLIRunner.run([path, "--format", "onapp"])
        #expect(piped.status == 65 && file.status == 65)
        #expect(piped.stderr.hasPrefix("usageconv: <stdin>: "), "\(piped.stderr)")
        #expect(piped.stderr.replacingOccurrences(of: "<stdin>", with: path) == file.stderr)
    }
}
