import Foundation
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// The Parquet encoder's parts (Thrift compact protocol, RLE hybrid, DECIMAL scaling, row groups)
/// against the specifications' own examples, and its money through pyarrow.
struct ParquetEncoderTests {
    // MARK: Thrift compact protocol (apache/thrift doc/specs/thrift-compact-protocol.md)

    @Test func shortFieldHeadersCarryTheIdDelta() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i32: 2)  // delta 1, type i32 (5); zigzag(2) = 4
            w.field(3, i64: -1)  // delta 2, type i64 (6); zigzag(-1) = 1
            w.field(4, bool: true)  // delta 1, type BOOLEAN_TRUE (1), no body
            w.field(5, bool: false)  // delta 1, type BOOLEAN_FALSE (2)
        }
        #expect(w.bytes == [0x15, 0x04, 0x26, 0x01, 0x11, 0x12, 0x00])
    }

    @Test func aJumpOfMoreThanFifteenUsesTheLongFieldHeader() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i32: 0)
            w.field(20, i32: 0)  // type byte, then the id as a zigzag varint (40)
        }
        #expect(w.bytes == [0x15, 0x00, 0x05, 0x28, 0x00, 0x00])
    }

    @Test func varintsAndBinary() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i64: 150)  // zigzag 300 = 0xAC 0x02
            w.field(2, string: "PAR")
        }
        #expect(w.bytes == [0x16, 0xAC, 0x02, 0x18, 0x03, 0x50, 0x41, 0x52, 0x00])
    }

    @Test func nestedStructsRestartFieldIds() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(5) { inner in inner.field(1, i32: 1) }
            w.field(6, i32: 1)  // delta from 5, not from the inner 1
        }
        #expect(w.bytes == [0x5C, 0x15, 0x02, 0x00, 0x15, 0x02, 0x00])
    }

    @Test func listHeadersShortAndLong() {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i32s: [0, 3])
            w.field(2, i32s: Array(repeating: 1, count: 15))
        }
        #expect(Array(w.bytes.prefix(5)) == [0x19, 0x25, 0x00, 0x06, 0x19])
        #expect(Array(w.bytes[5..<7]) == [0xF5, 0x0F])
        #expect(w.bytes.count == 7 + 15 + 1)
    }

    // MARK: RLE / bit-packing hybrid (parquet-format Encodings.md)

    @Test func rleRunsAreCountShiftedThenTheValueInWholeBytes() {
        var out: [UInt8] = []
        ParquetHybrid.encode([ParquetRun(value: 3, count: 200), ParquetRun(value: 300, count: 1)], bitWidth: 9, to: &out)
        // 200 << 1 = 400 = varint 0x90 0x03; 9 bits take 2 bytes, little-endian.
        #expect(out == [0x90, 0x03, 0x03, 0x00, 0x02, 0x2C, 0x01])
        #expect(ParquetHybrid.bitWidth(forCount: 1) == 1)
        #expect(ParquetHybrid.bitWidth(forCount: 2) == 1)
        #expect(ParquetHybrid.bitWidth(forCount: 3) == 2)
        #expect(ParquetHybrid.bitWidth(forCount: 257) == 9)
    }

    @Test func definitionLevelsArePrefixedByTheirLength() {
        var out: [UInt8] = []
        ParquetHybrid.definitionLevels([ParquetRun(value: 1, count: 2), ParquetRun(value: 0, count: 1)], to: &out)
        #expect(out == [0x04, 0x00, 0x00, 0x00, 0x04, 0x01, 0x02, 0x00])
    }

    /// Decodes an RLE-only hybrid stream (the test's own reader of the encoder's output).
    static func decodeRLE(_ bytes: [UInt8], bitWidth: Int) -> [UInt32] {
        var values: [UInt32] = []
        var i = 0
        let byteWidth = (bitWidth + 7) / 8
        while i < bytes.count {
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = bytes[i]
                i += 1
                header |= UInt64(b & 0x7F) << shift
                shift += 7
                if b < 0x80 { break }
            }
            var value: UInt32 = 0
            for k in 0..<byteWidth { value |= UInt32(bytes[i + k]) << (8 * UInt32(k)) }
            i += byteWidth
            values += Array(repeating: value, count: Int(header >> 1))
        }
        return values
    }

    @Test func hybridRunsAndPageCursorsKeepEveryValue() async {
        await propertyCheck(
            input: Gen.uint32(in: 0...600).array(of: 0...60),
            Gen.int(in: 1...50).array(of: 1...60),
            Gen.int(in: 1...40)
        ) { values, counts, pageRows in
            var runs: [ParquetRun<UInt32>] = []
            var expanded: [UInt32] = []
            for (i, value) in values.enumerated() {
                let count = counts[i % counts.count]
                runs.appendRun(value, count: count)
                expanded += Array(repeating: value, count: count)
            }
            // Merged runs never repeat a value twice in a row.
            #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.value != $1.value })
            var cursor = ParquetRunCursor(runs)
            var decoded: [UInt32] = []
            var taken = 0
            while taken < expanded.count {
                let page = cursor.take(pageRows)
                #expect(page.reduce(0) { $0 + $1.count } == min(pageRows, expanded.count - taken))
                var bytes: [UInt8] = []
                ParquetHybrid.encode(page, bitWidth: 10, to: &bytes)
                decoded += Self.decodeRLE(bytes, bitWidth: 10)
                taken += pageRows
            }
            #expect(decoded == expanded)
        }
    }

    // MARK: value_decimal

    @Test func exactDecimalsScaleToEighteenFractionDigits() {
        let e18: Int128 = 1_000_000_000_000_000_000
        #expect(ParquetWriter.scaledDecimal(Number(significand: 10, exponent: -2)) == e18 / 10)
        #expect(ParquetWriter.scaledDecimal(Number(Int64.max)) == Int128(Int64.max) * e18)
        // 18 significant digits, either side of the point.
        #expect(
            ParquetWriter.scaledDecimal(Number(significand: 123_456_789_012_345_678, exponent: -2)) == Int128(123_456_789_012_345_678)
                * 10_000_000_000_000_000
        )
        #expect(ParquetWriter.scaledDecimal(Number(significand: -123_456_789_012_345_678, exponent: -18)) == -123_456_789_012_345_678)
        // Beyond 18 fraction digits only when the extra digits are zeros.
        #expect(ParquetWriter.scaledDecimal(Number(significand: 1, exponent: -19)) == nil)
        #expect(ParquetWriter.scaledDecimal(Number(significand: 1_000, exponent: -20)) == 10)
        // Beyond 38 digits, and binary values: null (the DOUBLE has them).
        #expect(ParquetWriter.scaledDecimal(Number(significand: 1, exponent: 20)) == nil)
        #expect(
            ParquetWriter.scaledDecimal(Number(significand: 99_999_999_999_999_999, exponent: 2)) == Int128(9_999_999_999_999_999_900) * e18
        )
        #expect(ParquetWriter.scaledDecimal(Number(0.1)) == nil)
    }

    @Test func doubleStatisticsLeaveNaNOutAndSignZeros() {
        let stats = ParquetWriter.doubleStatistics([0, .nan, 5, -0.0])
        #expect(stats.min == Array(withUnsafeBytes(of: (-0.0 as Double).bitPattern.littleEndian) { Array($0) }))
        #expect(stats.max == Array(withUnsafeBytes(of: (5.0 as Double).bitPattern.littleEndian) { Array($0) }))
        #expect(ParquetWriter.doubleStatistics([.nan]).min == nil)
    }

    // MARK: Files

    static func cost(_ values: [Number], resource: String = "vm:1", start: Int64 = 1_740_787_200) -> Series {
        let identity = SeriesIdentity(
            source: "onapp",
            resource: resource,
            metric: "cost",
            direction: "",
            unit: "USD",
            kind: .amount,
            step: 3600,
            absent: .unknown
        )
        return Series(identity: identity, times: values.indices.map { start + Int64($0) * 3600 }, values: values)
    }

    static func encode(_ series: [Series], compression: ParquetCompression = .zstd, rowGroupRows: Int = 1 << 20) throws -> [UInt8] {
        let sink = MemorySink()
        try ParquetEncoder(compression: compression, rowGroupRows: rowGroupRows).encode(series, warnings: [], to: sink)
        return sink.bytes
    }

    @Test func theFileIsFramedByMagicAndTheFooterLength() throws {
        let bytes = try Self.encode([Self.cost([Number(significand: 10, exponent: -2)])], compression: .none)
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
        let length = bytes[bytes.count - 8..<bytes.count - 4].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(length > 0 && length < bytes.count - 12)
        let footer = String(decoding: bytes[(bytes.count - 8 - length)..<(bytes.count - 8)], as: UTF8.self)
        #expect(footer.contains("usageconv version \(UsageConvCore.version)"))
        #expect(footer.contains("usageconv/1"))
    }

    @Test func outputIsDeterministicAndRowGroupsDoNotChangeTheRows() throws {
        let series = [
            Self.cost((0..<50).map { Number(significand: Int64($0), exponent: 0) }),
            Self.cost([Number(significand: 1, exponent: 0)], resource: "vm:2"),
        ]
        #expect(try Self.encode(series) == Self.encode(series))
        // Smaller row groups: a longer file (a footer entry and pages per group), same data.
        #expect(try Self.encode(series, rowGroupRows: 7).count > Self.encode(series).count)
    }

    static let moneyReader = TestTools.shouldRun(TestTools.venvHas("pyarrow"))

    /// Many row groups and pages (7 and 3 rows), labels with nulls, binary and exact values: pyarrow's
    /// rows equal the CSV encoder's, for both compressions, and it counts the row groups written.
    @Test(.enabled(if: moneyReader), arguments: ParquetCompression.allCases)
    func rowGroupsAndPagesReadBackInPyarrow(_ compression: ParquetCompression) throws {
        let python = try #require(TestTools.venvPython, "make test installs pyarrow into .venv-test")
        var first = Self.cost((0..<20).map { Number(significand: Int64($0) * 7, exponent: -3) })
        first.labels["billed"] = (0..<20).map { $0 % 4 == 0 ? "" : ($0 % 3 == 0 ? "No" : "Yes") }
        first.qualities[5] = .interpolated
        let second = Self.cost((0..<9).map { Number(Double($0) / 3) }, resource: "vm:\"2,b\"")
        let third = Self.cost([Number(significand: 1, exponent: 0)], resource: "vm:3")
        let series = [first, second, third]
        var encoder = ParquetEncoder(compression: compression, rowGroupRows: 7)
        encoder.pageRows = 3
        let sink = MemorySink()
        try encoder.encode(series, warnings: [], to: sink)
        let csv = MemorySink()
        try DelimitedEncoder(style: .csv).encode(series, warnings: [], to: csv)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("usageconv-groups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let parquet = folder.appendingPathComponent("x.parquet")
        try Data(sink.bytes).write(to: parquet)
        let script = TestPaths.root.appendingPathComponent("Scripts/test-readers/parquet.py").path
        let read = try TestTools.run(python, [script, "csv", parquet.path, folder.appendingPathComponent("x.csv").path])
        try #require(read.status == 0, "\(read.stderr)")
        #expect(try String(contentsOf: folder.appendingPathComponent("x.csv"), encoding: .utf8) == csv.text)
        let described = try TestTools.run(python, [script, "describe", parquet.path])
        #expect(described.stdout.contains("row_groups: 5\n"), "\(described.stdout)")
        #expect(described.stdout.contains("billed: BYTE_ARRAY"))
        #expect(described.stdout.contains(compression == .zstd ? " ZSTD " : " UNCOMPRESSED "))
    }

    /// Ten 0.10 and 18-significant-digit amounts read back exactly through pyarrow's decimals,
    /// where the DOUBLE beside them could not hold them.
    @Test(.enabled(if: moneyReader)) func moneyReadsBackExactlyInPyarrow() throws {
        let python = try #require(TestTools.venvPython, "make test installs pyarrow into .venv-test")
        let tenths = Array(repeating: Number(significand: 10, exponent: -2), count: 10)
        let sum = tenths.reduce(Number.zero, +)
        #expect(sum.description == "1")
        let large = [
            Number(significand: 123_456_789_012_345_678, exponent: -2),
            Number(significand: -999_999_999_999_999_999, exponent: -1),
            Number(significand: 123_456_789_012_345_678, exponent: -18),
            Number(0.5),  // binary arithmetic: value_decimal is null, value has it
        ]
        // The doubles alone would lose these digits.
        #expect(large[0].doubleValue.description != "1234567890123456.78")
        let bytes = try Self.encode([Self.cost(tenths), Self.cost(large, resource: "vm:2"), Self.cost([sum], resource: "vm:3")])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("usageconv-money-\(UUID().uuidString).parquet")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let script = TestPaths.root.appendingPathComponent("Scripts/test-readers/parquet.py").path
        let result = try TestTools.run(python, [script, "money", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let expected =
            ["sum -98765432109876540.996543210987654322"] + Array(repeating: "exact 0.1", count: 10)
            + ["exact 1234567890123456.78", "exact -99999999999999999.9", "exact 0.123456789012345678", "exact null", "exact 1"]
        #expect(result.stdout.split(separator: "\n").map(String.init) == expected)
    }
}
