/// The parts of Parquet's footer and page headers that usageconv writes, serialised with the
/// Thrift compact protocol.
///
/// Reference: apache/parquet-format, `src/main/thrift/parquet.thrift` (field ids and enum values
/// below are that file's) and `README.md` (file layout: `PAR1`, column chunks, the footer's
/// `FileMetaData`, its 4-byte little-endian length, `PAR1`).
enum ParquetFormat {
    /// The 4-byte magic at both ends of every file.
    static let magic: [UInt8] = Array("PAR1".utf8)

    /// `Type`: physical types.
    enum PhysicalType: Int32 {
        case int64 = 2
        case double = 5
        case byteArray = 6
        case fixedLenByteArray = 7
    }

    /// `ConvertedType` (deprecated, still written beside the logical type for older readers,
    /// as parquet.thrift's `LogicalType` comments ask).
    enum ConvertedType: Int32 {
        case utf8 = 0
        case decimal = 5
        case timestampMillis = 9
        case timestampMicros = 10
    }

    /// `FieldRepetitionType`.
    enum Repetition: Int32 {
        case required = 0
        case optional = 1
    }

    /// `Encoding`.
    enum Encoding: Int32 {
        case plain = 0
        case rle = 3
        case rleDictionary = 8
    }

    /// `CompressionCodec`.
    enum Codec: Int32 {
        case uncompressed = 0
        case zstd = 6
    }

    /// `PageType`.
    enum PageType: Int32 {
        case dataPage = 0
        case dictionaryPage = 2
    }

    /// The logical type annotation of a leaf (`LogicalType` union members usageconv uses).
    enum LogicalType: Sendable, Hashable {
        /// `STRING` (`StringType`, field 1).
        case string
        /// `DECIMAL(scale, precision)` (`DecimalType`, field 5).
        case decimal(scale: Int32, precision: Int32)
        /// `TIMESTAMP(isAdjustedToUTC = true, MICROS)` (`TimestampType`, field 8; `TimeUnit` field 2).
        case timestampMicrosUTC
    }

    /// One leaf column of the flat schema.
    struct Column: Sendable, Hashable {
        /// The column name.
        var name: String
        /// The physical type.
        var type: PhysicalType
        /// `FIXED_LEN_BYTE_ARRAY` length.
        var typeLength: Int32? = nil
        /// Required or optional (nullable).
        var repetition: Repetition
        /// The logical type, if any.
        var logical: LogicalType? = nil
    }

    /// `Statistics` (fields 3, 5, 6, 7, 8): min/max as PLAIN bytes without a length prefix.
    struct Statistics {
        var nullCount: Int64
        var min: [UInt8]?
        var max: [UInt8]?

        func write(to w: inout ThriftCompactWriter) {
            w.field(3, i64: nullCount)
            if let max, let min {
                w.field(5, binary: max)
                w.field(6, binary: min)
                w.field(7, bool: true)
                w.field(8, bool: true)
            }
        }
    }

    /// A `PageHeader` with a v1 `DataPageHeader` (field 5) or a `DictionaryPageHeader` (field 7).
    static func pageHeader(
        type: PageType,
        uncompressedSize: Int,
        compressedSize: Int,
        valueCount: Int,
        encoding: Encoding
    ) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i32: type.rawValue)
            w.field(2, i32: Int32(clamping: uncompressedSize))
            w.field(3, i32: Int32(clamping: compressedSize))
            switch type {
            case .dataPage:
                w.field(5) { h in
                    h.field(1, i32: Int32(clamping: valueCount))
                    h.field(2, i32: encoding.rawValue)
                    // Levels are RLE/bit-packed hybrid (Encodings.md); BIT_PACKED is deprecated.
                    h.field(3, i32: Encoding.rle.rawValue)
                    h.field(4, i32: Encoding.rle.rawValue)
                }
            case .dictionaryPage:
                w.field(7) { h in
                    h.field(1, i32: Int32(clamping: valueCount))
                    h.field(2, i32: Encoding.plain.rawValue)
                    h.field(3, bool: false)
                }
            }
        }
        return w.bytes
    }

    /// Where one column chunk is and what it holds (`ColumnChunk` with its `ColumnMetaData`).
    struct ColumnChunk {
        var column: Column
        var encodings: [Encoding]
        var codec: Codec
        var valueCount: Int64
        var uncompressedSize: Int64
        var compressedSize: Int64
        var dataPageOffset: Int64
        var dictionaryPageOffset: Int64?
        var statistics: Statistics

        /// The chunk's first byte: the dictionary page when there is one.
        var fileOffset: Int64 { dictionaryPageOffset ?? dataPageOffset }

        func write(to w: inout ThriftCompactWriter) {
            w.field(2, i64: fileOffset)
            w.field(3) { m in
                m.field(1, i32: column.type.rawValue)
                m.field(2, i32s: encodings.map(\.rawValue))
                m.field(3, strings: [column.name])
                m.field(4, i32: codec.rawValue)
                m.field(5, i64: valueCount)
                m.field(6, i64: uncompressedSize)
                m.field(7, i64: compressedSize)
                m.field(9, i64: dataPageOffset)
                if let dictionaryPageOffset { m.field(11, i64: dictionaryPageOffset) }
                m.field(12) { statistics.write(to: &$0) }
            }
        }
    }

    /// A `RowGroup`.
    struct RowGroup {
        var columns: [ColumnChunk]
        var rowCount: Int64
        var ordinal: Int16

        func write(to w: inout ThriftCompactWriter) {
            w.field(1, structs: columns) { c, chunk in chunk.write(to: &c) }
            w.field(2, i64: columns.reduce(0) { $0 + $1.uncompressedSize })
            w.field(3, i64: rowCount)
            if let first = columns.first { w.field(5, i64: first.fileOffset) }
            w.field(6, i64: columns.reduce(0) { $0 + $1.compressedSize })
            w.field(7, i32: Int32(ordinal))
        }
    }

    /// The footer's `FileMetaData`: format version 2 (logical types), the flat schema under a root
    /// group, the row groups, key-value metadata, `created_by` and a `TYPE_ORDER` column order
    /// per leaf (so readers trust `min_value`/`max_value`).
    static func fileMetaData(
        columns: [Column],
        rowGroups: [RowGroup],
        keyValues: [(String, String)],
        createdBy: String
    ) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.writeStruct { w in
            w.field(1, i32: 2)
            // The schema is flattened depth first: the root group (nil here), then its leaves.
            w.field(2, structs: [nil] + columns.map { Optional($0) }) { e, leaf in
                guard let column = leaf else {
                    e.field(4, string: "schema")
                    e.field(5, i32: Int32(columns.count))
                    return
                }
                e.field(1, i32: column.type.rawValue)
                if let length = column.typeLength { e.field(2, i32: length) }
                e.field(3, i32: column.repetition.rawValue)
                e.field(4, string: column.name)
                switch column.logical {
                case .string?:
                    e.field(6, i32: ConvertedType.utf8.rawValue)
                    e.field(10) { $0.field(1) { _ in } }
                case .decimal(let scale, let precision)?:
                    e.field(6, i32: ConvertedType.decimal.rawValue)
                    e.field(7, i32: scale)
                    e.field(8, i32: precision)
                    e.field(10) { l in
                        l.field(5) { d in
                            d.field(1, i32: scale)
                            d.field(2, i32: precision)
                        }
                    }
                case .timestampMicrosUTC?:
                    e.field(6, i32: ConvertedType.timestampMicros.rawValue)
                    e.field(10) { l in
                        l.field(8) { t in
                            t.field(1, bool: true)
                            t.field(2) { $0.field(2) { _ in } }
                        }
                    }
                case nil:
                    break
                }
            }
            w.field(3, i64: rowGroups.reduce(0) { $0 + $1.rowCount })
            w.field(4, structs: rowGroups) { r, group in group.write(to: &r) }
            w.field(5, structs: keyValues) { kv, pair in
                kv.field(1, string: pair.0)
                kv.field(2, string: pair.1)
            }
            w.field(6, string: createdBy)
            // ColumnOrder is a union whose field 1 is TypeDefinedOrder (an empty struct).
            w.field(7, structs: columns) { o, _ in o.field(1) { _ in } }
        }
        return w.bytes
    }
}
