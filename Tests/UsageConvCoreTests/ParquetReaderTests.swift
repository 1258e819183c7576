import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// The Parquet encoder checked by the real reader: pyarrow (`make test` installs it into .venv-test/)
/// decodes every file the library writes for every fixture (converted in-process), and the rows
/// it gets, printed as usageconv's CSV (`Scripts/test-readers/parquet.py csv`), equal the CSV
/// goldens byte for byte: money, times and empty cells included.
struct ParquetReaderTests {
    static let pyarrow = TestTools.shouldRun(TestTools.venvHas("pyarrow"))
    static let script = TestPaths.root.appendingPathComponent("Scripts/test-readers/parquet.py").path

    /// The fixtures that convert (those with a CSV golden).
    static let convertible: [String] = FixtureGoldens.inputs.filter { FixtureGoldens.hasGolden(for: $0, "csv") }

    /// Converts `input` (with its `.args`) to Parquet at `path`, in-process.
    static func writeParquet(_ input: String, to path: String, compression: ParquetCompression = .zstd) throws -> LibraryRunResult {
        var options = EncodeOptions()
        options.parquetCompression = compression
        let run = LibraryRun.run(try FixtureGoldens.conversion(of: input), to: .parquet, encoding: options)
        if run.status == 0 { try Data(run.output).write(to: URL(fileURLWithPath: path)) }
        return run
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("usageconv-parquet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(.enabled(if: pyarrow), arguments: ParquetCompression.allCases)
    func pyarrowReadsEveryFixtureAsItsCSV(_ compression: ParquetCompression) throws {
        let python = try #require(TestTools.venvPython, "make test installs pyarrow into .venv-test")
        #expect(Self.convertible.count >= 40, "fixtures went missing")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var pairs: [String] = []
        for (n, input) in Self.convertible.enumerated() {
            let parquet = folder.appendingPathComponent("\(n).parquet").path
            let run = try Self.writeParquet(input, to: parquet, compression: compression)
            #expect(run.status == 0, "\(input): \(run.stderr)")
            pairs += [parquet, folder.appendingPathComponent("\(n).csv").path]
        }
        // One interpreter for every file: pyarrow's import is the slow part.
        let read = try TestTools.run(python, [Self.script, "csv"] + pairs)
        try #require(read.status == 0, "pyarrow refused a file: \(read.stderr)")
        for (n, input) in Self.convertible.enumerated() {
            let fromParquet = try String(contentsOf: folder.appendingPathComponent("\(n).csv"), encoding: .utf8)
            let golden = try String(
                contentsOf: TestPaths.root.appendingPathComponent(FixtureGoldens.golden(for: input, "csv")),
                encoding: .utf8
            )
            #expect(fromParquet == golden, "\(input): pyarrow's rows differ from the CSV")
        }
    }

    /// What pyarrow sees of one file per provider (schema, metadata, encodings, statistics): the
    /// encoder's golden, in a reader's words rather than bytes.
    @Test(
        .enabled(if: pyarrow),
        arguments: [
            "Fixtures/baishan/bandwidth-3days.json", "Fixtures/surfercloud/bandwidth-billed.json",
            "Fixtures/onapp/exact-money.xml", "Fixtures/interserver/vps-day.json",
            "Fixtures/swiftfederation/volume-day1.json",
        ]
    )
    func pyarrowDescribesTheFileAsTheGoldenSays(_ input: String) throws {
        let python = try #require(TestTools.venvPython, "make test installs pyarrow into .venv-test")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parquet = folder.appendingPathComponent("x.parquet").path
        let run = try Self.writeParquet(input, to: parquet)
        try #require(run.status == 0, "\(run.stderr)")
        let described = try TestTools.run(python, [Self.script, "describe", parquet])
        try #require(described.status == 0, "\(described.stderr)")
        let name = PathText.lastComponent(input)
        expectSnapshot(described.stdout, at: "Fixtures/expected/parquet/\(name).parquet.txt")
    }

    /// A Parquet file with one byte of its footer changed is refused by pyarrow: the reader check
    /// above can fail.
    @Test(.enabled(if: pyarrow), arguments: ["magic", "length", "metadata"])
    func pyarrowRefusesACorruptedFooter(_ where: String) throws {
        let python = try #require(TestTools.venvPython, "make test installs pyarrow into .venv-test")
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let parquet = folder.appendingPathComponent("x.parquet")
        let run = try Self.writeParquet("Fixtures/baishan/bandwidth-3days.json", to: parquet.path)
        try #require(run.status == 0)
        var bytes = [UInt8](try Data(contentsOf: parquet))
        let length = bytes[bytes.count - 8..<bytes.count - 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        // The same file, intact, reads.
        let intact = try TestTools.run(python, [Self.script, "csv", parquet.path, folder.appendingPathComponent("ok.csv").path])
        #expect(intact.status == 0, "\(intact.stderr)")
        let position =
            switch `where` {
            case "magic": bytes.count - 1
            case "length": bytes.count - 8
            default: bytes.count - 8 - length  // the first field header of FileMetaData
            }
        bytes[position] ^= 0xFF
        try Data(bytes).write(to: parquet)
        let broken = try TestTools.run(python, [Self.script, "csv", parquet.path, folder.appendingPathComponent("x.csv").path])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("Parquet magic bytes") || broken.stderr.contains("deserialize thrift"), "\(broken.stderr)")
    }
}
