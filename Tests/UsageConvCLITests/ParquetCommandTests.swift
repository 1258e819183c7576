import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// `--to parquet` from the command line: its options, and the file `-o` writes is the library's
/// encoding byte for byte (what pyarrow reads of every fixture is UsageConvCoreTests' `ParquetReaderTests`).
struct ParquetCommandTests {
    @Test func theFileWrittenIsTheLibrarysEncoding() throws {
        let folder = try TemporaryFolder()
        let input = "Fixtures/onapp/exact-money.xml"
        for compression in ParquetCompression.allCases {
            let parquet = folder.file("\(compression.rawValue).parquet")
            let run = try CLIRunner.run([input, "--to", "parquet", "--parquet-compression", compression.rawValue, "-o", parquet.path])
            #expect(run.status == 0, "\(run.stderr)")
            var options = EncodeOptions()
            options.parquetCompression = compression
            let library = LibraryRun.run(try FixtureGoldens.conversion(of: input), to: .parquet, encoding: options)
            #expect(library.status == 0 && !library.output.isEmpty)
            #expect([UInt8](try Data(contentsOf: parquet)) == library.output, "\(compression)")
        }
    }

    @Test func parquetCompressionIsInTheHelpAndRejectsUnknownValues() throws {
        let help = try CLIRunner.run(["convert", "--help"])
        #expect(help.stdout.contains("--parquet-compression"))
        #expect(help.stdout.contains(", parquet"), "--to lists parquet among its values")
        let bad = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--to", "parquet", "--parquet-compression", "lz4"])
        #expect(bad.status == 64)
        #expect(bad.stdout.isEmpty)
    }
}
