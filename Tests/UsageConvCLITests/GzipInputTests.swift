import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// gzip-compressed dumps through the built binary: found by their magic bytes (never by name),
/// every member read, and truncation, corruption, nesting and bombs refused with exit 65.
@Suite(.enabled(if: TestTools.shouldRun(GzipMaker.available), "needs python3 to make gzip bytes"))
struct GzipInputTests {
    /// The committed `.gz` fixtures (made with `gzip -n -9`) and their plain twins.
    static let twins: [(gz: String, plain: String)] = ["baishan", "onapp"].flatMap { provider in
        TestPaths.fixtureFiles(in: provider).filter { $0.hasSuffix(".gz") }.map { ($0, String($0.dropLast(3))) }
    }

    @Test func thereAreCompressedFixturesForTwoProviders() {
        #expect(Set(Self.twins.map { $0.gz.split(separator: "/")[1] }).count >= 2, "\(Self.twins)")
    }

    @Test(arguments: twins.map(\.gz))
    func aCompressedFixtureConvertsLikeItsPlainTwin(_ gz: String) throws {
        let plain = String(gz.dropLast(3))
        for format in ["csv", "json"] {
            let compressed = try CLIRunner.run([gz, "--to", format])
            let expected = try CLIRunner.run([plain, "--to", format])
            #expect(compressed.status == 0, "\(compressed.stderr)")
            #expect(compressed.stdout == expected.stdout && !compressed.stdout.isEmpty)
        }
        // The goldens recorded for the .gz are the twin's, byte for byte.
        for ext in ["csv", "json"] {
            let golden = try TestPaths.fixture(String(FixtureGoldens.golden(for: gz, ext).dropFirst("Fixtures/".count)))
            let twin = try TestPaths.fixture(String(FixtureGoldens.golden(for: plain, ext).dropFirst("Fixtures/".count)))
            #expect(golden == twin, "\(gz).\(ext)")
        }
        let stats = try CLIRunner.run(["stats", gz])
        let plainStats = try CLIRunner.run(["stats", plain])
        #expect(stats.status == 0 && stats.stdout == plainStats.stdout, "\(stats.stderr)")
        let validate = try CLIRunner.run(["validate", gz])
        #expect(validate.status == 0 && validate.stderr.contains("1 valid, 0 invalid"), "\(validate.stderr)")
    }

    @Test func gzipNamedXMLIsReadByItsContent() throws {
        let result = try CLIRunner.run(["Fixtures/onapp/gzip-named.xml", "--to", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2013-05-01T00:00:00Z,onapp,user:1,cost.total,,USD,3600,0.1,measured"), "\(result.stdout)")
    }

    @Test func standardInputMayBeCompressed() throws {
        let plain = "Fixtures/baishan/bandwidth-3days.json"
        let gz = try TestPaths.fixture("baishan/bandwidth-3days.json.gz")
        let piped = try CLIRunner.run(["-", "--to", "csv"], stdin: gz)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == (try CLIRunner.run([plain, "--to", "csv"])).stdout)
        let validated = try CLIRunner.run(["validate", "-"], stdin: gz)
        #expect(validated.status == 0, "\(validated.stderr)")
    }

    @Test func concatenatedMembersAreAllRead() throws {
        let plain = try TestPaths.fixture("onapp/net-hourly-stats.xml")
        let cut = plain.count / 2
        let folder = try TemporaryFolder()
        let joined = folder.file("two-members.xml.gz")
        try Data(try GzipMaker.gzip(Array(plain[..<cut])) + GzipMaker.gzip(Array(plain[cut...]))).write(to: joined)
        let result = try CLIRunner.run([joined.path, "--to", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try CLIRunner.run(["Fixtures/onapp/net-hourly-stats.xml", "--to", "csv"])).stdout)
    }

    @Test func aTruncatedFileFailsAndWritesNothing() throws {
        let gz = try TestPaths.fixture("baishan/bandwidth-3days.json.gz")
        let folder = try TemporaryFolder()
        let input = folder.file("cut.json.gz")
        try Data(gz.prefix(gz.count * 2 / 3)).write(to: input)
        let output = folder.file("out.csv")
        for extra in [[], ["--lenient"]] {
            let result = try CLIRunner.run([input.path, "--to", "csv", "-o", output.path] + extra)
            #expect(result.status == 65, "\(extra)")
            #expect(result.stderr.contains("expected more gzip data, found the end of the file"), "\(result.stderr)")
            #expect(result.stderr.contains("the .gz is truncated"))
            #expect(!FileManager.default.fileExists(atPath: output.path), "a truncated .gz produced output")
        }
        let validate = try CLIRunner.run(["validate", input.path])
        #expect(validate.status == 65)
        #expect(validate.stderr.contains("gzip: error: expected more gzip data"), "\(validate.stderr)")
    }

    @Test func aCorruptByteIsLocatedInTheCompressedFile() throws {
        var gz = try TestPaths.fixture("onapp/net-hourly-stats.xml.gz")
        gz[gz.count - 6] ^= 0x55  // inside the CRC-32 of the trailer
        let folder = try TemporaryFolder()
        let input = folder.file("corrupt.xml.gz")
        try Data(gz).write(to: input)
        let result = try CLIRunner.run([input.path])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("usageconv: \(input.path): "), "\(result.stderr)")
        #expect(result.stderr.contains("corrupt data at byte") && result.stderr.contains("of the compressed file"), "\(result.stderr)")
    }

    @Test func gzipInsideGzipIsRefused() throws {
        let gz = try TestPaths.fixture("baishan/bandwidth-3days.json.gz")
        let result = try CLIRunner.run(["-"], stdin: try GzipMaker.gzip(gz))
        #expect(result.status == 65)
        #expect(result.stderr.contains("nested gzip"), "\(result.stderr)")
    }

    @Test func theExpansionLimitIsSettable() throws {
        let input = "Fixtures/baishan/bandwidth-3days.json.gz"
        let small = try CLIRunner.run([input, "--max-expanded-size", "1K"])
        #expect(small.status == 65)
        #expect(small.stderr.contains("expected at most 1 KiB of data inside the gzip-compressed input"), "\(small.stderr)")
        #expect(try CLIRunner.run([input, "--max-expanded-size", "1M"]).status == 0)
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
