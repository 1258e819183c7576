import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// gzip-compressed dumps through the library's pipeline: found by their magic bytes (never by
/// name), every member read, and truncation, corruption, nesting and the expansion limit refused
/// with one located error (exit 65).
@Suite(.enabled(if: TestTools.shouldRun(GzipMaker.available), "needs python3 to make gzip bytes"))
struct GzipInputTests {
    /// The committed `.gz` fixtures (made with `gzip -n -9`) and their plain twins.
    static let twins: [(gz: String, plain: String)] = ["baishan", "onapp"].flatMap { provider in
        TestPaths.fixtureFiles(in: provider).filter { $0.hasSuffix(".gz") }.map { ($0, String($0.dropLast(3))) }
    }

    static func limited(_ bytes: Int64) -> DecodeOptions {
        var options = DecodeOptions()
        options.maxExpandedSize = bytes
        return options
    }

    @Test func thereAreCompressedFixturesForTwoProviders() {
        #expect(Set(Self.twins.map { $0.gz.split(separator: "/")[1] }).count >= 2, "\(Self.twins)")
    }

    @Test(arguments: twins.map(\.gz))
    func aCompressedFixtureConvertsLikeItsPlainTwin(_ gz: String) throws {
        let plain = String(gz.dropLast(3))
        for format in [OutputFormat.csv, .json] {
            let compressed = LibraryRun.convert([gz], to: format)
            let expected = LibraryRun.convert([plain], to: format)
            #expect(compressed.status == 0, "\(compressed.stderr)")
            #expect(compressed.stdout == expected.stdout && !compressed.output.isEmpty)
        }
        // The goldens recorded for the .gz are the twin's, byte for byte.
        for ext in ["csv", "json"] {
            let golden = try TestPaths.fixture(String(FixtureGoldens.golden(for: gz, ext).dropFirst("Fixtures/".count)))
            let twin = try TestPaths.fixture(String(FixtureGoldens.golden(for: plain, ext).dropFirst("Fixtures/".count)))
            #expect(golden == twin, "\(gz).\(ext)")
        }
        let validate = try ValidationRun.validate([gz])
        #expect(!validate.failed && validate.report.summary.contains("1 valid, 0 invalid"), "\(validate.lines)")
    }

    @Test func gzipNamedXMLIsReadByItsContent() throws {
        let result = LibraryRun.convert(["Fixtures/onapp/gzip-named.xml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2013-05-01T00:00:00Z,onapp,user:1,cost.total,,USD,3600,0.1,measured"), "\(result.stdout)")
    }

    @Test func compressedBytesOfUnknownSizeDecodeLikeTheFile() throws {
        let gz = try TestPaths.fixture("baishan/bandwidth-3days.json.gz")
        let piped = LibraryRun.decode(bytes: gz)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.output.isEmpty)
        #expect(piped.stdout == LibraryRun.decode(path: "Fixtures/baishan/bandwidth-3days.json").stdout)
    }

    @Test func concatenatedMembersAreAllRead() throws {
        let plain = try TestPaths.fixture("onapp/net-hourly-stats.xml")
        let cut = plain.count / 2
        let folder = try TemporaryFolder()
        let joined = folder.file("two-members.xml.gz")
        try Data(try GzipMaker.gzip(Array(plain[..<cut])) + GzipMaker.gzip(Array(plain[cut...]))).write(to: joined)
        let result = LibraryRun.convert([joined.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.output.isEmpty)
        #expect(result.stdout == LibraryRun.convert(["Fixtures/onapp/net-hourly-stats.xml"]).stdout)
    }

    @Test func aTruncatedFileFailsWithNothingToWrite() throws {
        let gz = try TestPaths.fixture("baishan/bandwidth-3days.json.gz")
        let folder = try TemporaryFolder()
        let input = folder.file("cut.json.gz")
        try Data(gz.prefix(gz.count * 2 / 3)).write(to: input)
        for lenient in [false, true] {
            var options = DecodeOptions()
            options.lenient = lenient
            let result = LibraryRun.convert([input.path], options: options)
            #expect(result.status == 65, "lenient: \(lenient)")
            #expect(result.stderr.contains("expected more gzip data, found the end of the file"), "\(result.stderr)")
            #expect(result.stderr.contains("the .gz is truncated"))
            #expect(result.output.isEmpty, "a truncated .gz gave output")
        }
        let validate = try ValidationRun.validate([input.path])
        #expect(validate.failed)
        #expect(validate.lines.contains { $0.contains("gzip: error: expected more gzip data") }, "\(validate.lines)")
    }

    @Test func aCorruptByteIsLocatedInTheCompressedFile() throws {
        var gz = try TestPaths.fixture("onapp/net-hourly-stats.xml.gz")
        gz[gz.count - 6] ^= 0x55  // inside the CRC-32 of the trailer
        let folder = try TemporaryFolder()
        let input = folder.file("corrupt.xml.gz")
        try Data(gz).write(to: input)
        let result = LibraryRun.convert([input.path])
        #expect(result.status == 65)
        #expect(result.output.isEmpty)
        #expect(result.stderr.hasPrefix("usageconv: \(input.path): "), "\(result.stderr)")
        #expect(result.stderr.contains("corrupt data at byte") && result.stderr.contains("of the compressed file"), "\(result.stderr)")
    }

    @Test func gzipInsideGzipIsRefused() throws {
        let gz = try TestPaths.fixture("baishan/bandwidth-3days.json.gz")
        let result = LibraryRun.decode(bytes: try GzipMaker.gzip(gz))
        #expect(result.status == 65)
        #expect(result.stderr.contains("nested gzip"), "\(result.stderr)")
    }

    @Test func theExpansionLimitIsSettable() throws {
        let input = "Fixtures/baishan/bandwidth-3days.json.gz"
        let small = LibraryRun.convert([input], options: Self.limited(1 << 10))
        #expect(small.status == 65)
        #expect(small.stderr.contains("expected at most 1 KiB of data inside the gzip-compressed input"), "\(small.stderr)")
        #expect(LibraryRun.convert([input], options: Self.limited(1 << 20)).status == 0)
        let validate = try ValidationRun.validate([input], maxExpandedSize: 1024)
        #expect(validate.failed && validate.lines.contains { $0.contains("at most 1 KiB") }, "\(validate.lines)")
    }
}
