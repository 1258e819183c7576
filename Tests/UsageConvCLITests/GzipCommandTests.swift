import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// gzip-compressed dumps through the built binary: standard input, the size option's parsing, and
/// a bomb refused within a small peak memory of the process (what decoding gzip does is tested
/// in-process: UsageConvCoreTests' `GzipInputTests`).
@Suite(.enabled(if: TestTools.shouldRun(GzipMaker.available), "needs python3 to make gzip bytes"))
struct GzipCommandTests {
    @Test func standardInputMayBeCompressed() throws {
        let plain = "Fixtures/baishan/bandwidth-3days.json"
        let gz = try TestPaths.fixture("baishan/bandwidth-3days.json.gz")
        let piped = try CLIRunner.run(["-", "--to", "csv"], stdin: gz)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == (try CLIRunner.run([plain, "--to", "csv"])).stdout)
        let validated = try CLIRunner.run(["validate", "-"], stdin: gz)
        #expect(validated.status == 0, "\(validated.stderr)")
    }

    @Test func theExpansionLimitIsParsed() throws {
        let input = "Fixtures/baishan/bandwidth-3days.json.gz"
        let small = try CLIRunner.run([input, "--max-expanded-size", "1K"])
        #expect(small.status == 65)
        #expect(small.stderr.contains("expected at most 1 KiB of data inside the gzip-compressed input"), "\(small.stderr)")
        let validate = try CLIRunner.run(["validate", input, "--max-expanded-size", "1024"])
        #expect(validate.status == 65 && validate.stderr.contains("at most 1 KiB"), "\(validate.stderr)")
        #expect(try CLIRunner.run([input, "--max-expanded-size", "lots"]).status == 64)
    }

    @Test func aBombFailsWithLittleMemory() throws {
        let folder = try TemporaryFolder()
        let bomb = folder.file("bomb.json.gz")
        // 128 members of 16 MiB of spaces: 2 GiB inflated from about 2 MiB.
        try GzipMaker.writeBomb(to: bomb.path, members: 128)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: bomb.path)[.size] as? Int)
        #expect(size < 4 << 20)
        let result = try CLIRunner.run([bomb.path, "--to", "csv"])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("refused as a gzip bomb") && result.stderr.contains("1000:1"), "\(result.stderr)")
        // Raising the size limit does not lift the ratio check.
        let raised = try CLIRunner.run([bomb.path, "--max-expanded-size", "4G"])
        #expect(raised.status == 65 && raised.stderr.contains("1000:1"), "\(raised.stderr)")
        let validate = try CLIRunner.run(["validate", bomb.path])
        #expect(validate.status == 65 && validate.stderr.contains("gzip bomb"), "\(validate.stderr)")
        // The largest child so far (this test's and its neighbours'): nowhere near the 2 GiB inflated.
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        #expect(usage.ru_maxrss < 512 << 10, "max RSS \(usage.ru_maxrss) KiB")
    }
}
