/// How Parquet pages are compressed (`--parquet-compression`).
public enum ParquetCompression: String, Sendable, Hashable, CaseIterable {
    /// zstd level 3, every page (the default: the smallest files every current reader opens).
    case zstd
    /// Uncompressed pages.
    case none
}

/// Writes usageconv rows as one Parquet file, streaming: rows are buffered only until a row group
/// is full, then its column chunks are encoded, compressed and written, so memory is bounded by
/// one row group whatever the number of rows.
///
/// File layout (apache/parquet-format `README.md`): `PAR1`, then per row group one column chunk per
/// column (a dictionary page for string columns, then data pages v1), then the Thrift-compact
/// `FileMetaData`, its 4-byte little-endian length and `PAR1` again.
///
/// The schema (README "Parquet"): `time` INT64 TIMESTAMP(isAdjustedToUTC = true, MICROS); the
/// identity columns and `quality` as required dictionary-encoded UTF-8 strings; `step` INT64;
/// `value` DOUBLE; `value_decimal` DECIMAL(38, 18) holding the exact decimal wherever the value is
/// one (null where the value came from binary arithmetic, or is beyond 20 integer or 18 fraction
/// digits); then one nullable dictionary-encoded string column per extra label (SurferCloud
/// `billed`), null where the CSV cell is empty.
final class ParquetWriter {
    /// A column's role: which part of a row it holds.
    enum Field: Sendable, Hashable {
        case time, source, resource, metric, direction, unit, kind, step, absent, value, valueDecimal, quality
        case label(String)

        /// The column name.
        var name: String {
            switch self {
            case .time: "time"
            case .source: "source"
            case .resource: "resource"
            case .metric: "metric"
            case .direction: "direction"
            case .unit: "unit"
            case .kind: "kind"
            case .step: "step"
            case .absent: "absent"
            case .value: "value"
            case .valueDecimal: "value_decimal"
            case .quality: "quality"
            case .label(let name): name
            }
        }

        /// The Parquet leaf for this field.
        var column: ParquetFormat.Column {
            switch self {
            case .time: .init(name: name, type: .int64, repetition: .required, logical: .timestampMicrosUTC)
            case .step: .init(name: name, type: .int64, repetition: .required)
            case .value: .init(name: name, type: .double, repetition: .required)
            case .valueDecimal:
                .init(
                    name: name,
                    type: .fixedLenByteArray,
                    typeLength: 16,
                    repetition: .optional,
                    logical: .decimal(scale: ParquetWriter.decimalScale, precision: 38)
                )
            case .label: .init(name: name, type: .byteArray, repetition: .optional, logical: .string)
            default: .init(name: name, type: .byteArray, repetition: .required, logical: .string)
            }
        }
    }

    /// The fields of a file: the fixed columns, less `omitting` (Hive partition keys, which the
    /// folder names carry), then the labels in name order.
    static func fields(labels: [String], omitting: Set<String> = []) -> [Field] {
        let fixed: [Field] = [
            .time, .source, .resource, .metric, .direction, .unit, .kind, .step, .absent, .value, .valueDecimal, .quality,
        ]
        return fixed.filter { !omitting.contains($0.name) } + labels.sorted().map { Field.label($0) }
    }

    /// Digits after the point in `value_decimal`: enough for every provider's money (at most 10 seen).
    static let decimalScale: Int32 = 18
    /// 10^38: `value_decimal` values are below it in magnitude (DECIMAL precision 38, 16 bytes).
    private static let decimalLimit: Int128 = {
        var v: Int128 = 1
        for _ in 0..<38 { v *= 10 }
        return v
    }()

    /// Rows per row group unless the caller says otherwise: pyarrow's default, about 40 MiB of
    /// buffers at most, a few MiB once compressed.
    static let defaultRowGroupRows = 1 << 20
    /// Rows per data page unless the caller says otherwise (a page is the unit a reader decompresses).
    static let defaultPageRows = 1 << 16

    let fields: [Field]
    private let columns: [ParquetFormat.Column]
    private let sink: any OutputSink
    private let compression: ParquetCompression
    private let rowGroupRows: Int
    private let pageRows: Int
    private let keyValues: [(String, String)]

    private var offset: Int64 = 0
    private var rowGroups: [ParquetFormat.RowGroup] = []
    private var rows = 0

    // One row group's buffers.
    private var times: [Int64] = []
    private var values: [Double] = []
    private var decimals: [Int128] = []
    private var decimalLevels: [ParquetRun<UInt32>] = []
    private var steps: [ParquetRun<Int64>] = []
    /// A dictionary column per string field, at the field's position (unused slots stay empty).
    private var strings: [ParquetDictionaryColumn]
    private var qualityIndex: [UInt32?] = Array(repeating: nil, count: Quality.allCases.count)

    /// Starts a file on `sink`: writes the leading magic.
    init(
        sink: any OutputSink,
        fields: [Field],
        compression: ParquetCompression,
        rowGroupRows: Int = ParquetWriter.defaultRowGroupRows,
        pageRows: Int = ParquetWriter.defaultPageRows,
        keyValues: [(String, String)]
    ) throws {
        self.sink = sink
        self.fields = fields
        self.columns = fields.map(\.column)
        self.compression = compression
        self.rowGroupRows = max(1, rowGroupRows)
        self.pageRows = max(1, pageRows)
        self.keyValues = keyValues
        strings = Array(repeating: ParquetDictionaryColumn(), count: fields.count)
        try emit(ParquetFormat.magic)
    }

    /// Appends the points `range` of `series` as rows, writing each row group as it fills.
    ///
    /// - Throws: `Diagnostic` `.numberOutOfRange` for a time beyond what microseconds hold
    ///   (±292,000 years), `.ioFailure` from the sink.
    func append(_ series: Series, range: Range<Int>) throws {
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + (rowGroupRows - rows))
            try appendChunk(series, start..<end)
            if rows == rowGroupRows { try flushRowGroup() }
            start = end
        }
    }

    /// Writes the last row group and the footer.
    func finish() throws {
        try flushRowGroup()
        let footer = ParquetFormat.fileMetaData(
            columns: columns,
            rowGroups: rowGroups,
            keyValues: keyValues,
            createdBy: "usageconv version \(UsageConvCore.version)"
        )
        var tail = footer
        appendLittleEndian(UInt32(footer.count), to: &tail)
        tail.append(contentsOf: ParquetFormat.magic)
        try emit(tail)
    }

    // MARK: Rows

    private func appendChunk(_ s: Series, _ range: Range<Int>) throws {
        let n = range.count
        let identity = s.identity
        for (slot, field) in fields.enumerated() {
            let text: String
            switch field {
            case .source: text = identity.source
            case .resource: text = identity.resource
            case .metric: text = identity.metric
            case .direction: text = identity.direction
            case .unit: text = identity.unit
            case .kind: text = identity.kind.rawValue
            case .absent: text = identity.absent.rawValue
            case .step:
                steps.appendRun(identity.step, count: n)
                continue
            case .time:
                times.reserveCapacity(times.count + n)
                for i in range {
                    let (micros, overflow) = s.times[i].multipliedReportingOverflow(by: 1_000_000)
                    if overflow {
                        throw Diagnostic.error(
                            .numberOutOfRange,
                            "time \(s.times[i]) is beyond what a Parquet TIMESTAMP in microseconds holds (about ±292,000 years)"
                        )
                    }
                    times.append(micros)
                }
                continue
            case .value:
                values.reserveCapacity(values.count + n)
                for i in range { values.append(s.values[i].doubleValue) }
                continue
            case .valueDecimal:
                for i in range {
                    if let exact = Self.scaledDecimal(s.values[i]) {
                        decimals.append(exact)
                        decimalLevels.appendRun(1, count: 1)
                    } else {
                        decimalLevels.appendRun(0, count: 1)
                    }
                }
                continue
            case .quality:
                for i in range {
                    let q = Int(s.qualities[i].rawValue)
                    let index = qualityIndex[q] ?? strings[slot].index(of: s.qualities[i].name)
                    qualityIndex[q] = index
                    strings[slot].append(index, count: 1)
                }
                continue
            case .label(let name):
                guard let column = s.labels[name] else {
                    strings[slot].append(ParquetDictionaryColumn.nullIndex, count: n)
                    continue
                }
                for i in range {
                    // An empty label is the CSV's empty cell: null, as readers of the CSV see it.
                    let index = column[i].isEmpty ? ParquetDictionaryColumn.nullIndex : strings[slot].index(of: column[i])
                    strings[slot].append(index, count: 1)
                }
                continue
            }
            strings[slot].append(strings[slot].index(of: text), count: n)
        }
        rows += n
    }

    /// `value` as an unscaled DECIMAL(38, 18) integer when it is an exact decimal that fits.
    static func scaledDecimal(_ value: Number) -> Int128? {
        guard case .decimal(let significand, let exponent) = value.storage else { return nil }
        var unscaled = Int128(significand)
        var shift = Int(exponent) + Int(decimalScale)
        while shift < 0 {
            // More than 18 fraction digits: exact only if the extra ones are zeros.
            guard unscaled % 10 == 0 else { return nil }
            unscaled /= 10
            shift += 1
        }
        while shift > 0 {
            let (m, overflow) = unscaled.multipliedReportingOverflow(by: 10)
            guard !overflow, m.magnitude < decimalLimit.magnitude else { return nil }
            unscaled = m
            shift -= 1
        }
        return unscaled.magnitude < decimalLimit.magnitude ? unscaled : nil
    }

    // MARK: Row groups

    private func flushRowGroup() throws {
        guard rows > 0 else { return }
        var chunks: [ParquetFormat.ColumnChunk] = []
        for (slot, field) in fields.enumerated() {
            switch field {
            case .time:
                let stats = times.min().map { low in
                    ParquetFormat.Statistics(nullCount: 0, min: Self.bytes(low), max: Self.bytes(times.max() ?? low))
                }
                chunks.append(try writeFixedWidth(field.column, values: times, statistics: stats))
            case .value:
                chunks.append(try writeFixedWidth(field.column, values: values, statistics: Self.doubleStatistics(values)))
            case .step:
                var expanded: [Int64] = []
                expanded.reserveCapacity(rows)
                for run in steps { expanded.append(contentsOf: repeatElement(run.value, count: run.count)) }
                let low = steps.map(\.value).min() ?? 0
                let high = steps.map(\.value).max() ?? 0
                let stats = ParquetFormat.Statistics(nullCount: 0, min: Self.bytes(low), max: Self.bytes(high))
                chunks.append(try writeFixedWidth(field.column, values: expanded, statistics: stats))
            case .valueDecimal:
                chunks.append(try writeDecimals(field.column))
            default:
                chunks.append(try writeDictionary(field.column, strings[slot]))
            }
        }
        rowGroups.append(ParquetFormat.RowGroup(columns: chunks, rowCount: Int64(rows), ordinal: Int16(clamping: rowGroups.count)))
        rows = 0
        times.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        decimals.removeAll(keepingCapacity: true)
        decimalLevels.removeAll(keepingCapacity: true)
        steps.removeAll(keepingCapacity: true)
        for slot in strings.indices { strings[slot].reset() }
        qualityIndex = Array(repeating: nil, count: Quality.allCases.count)
    }

    /// A required INT64 or DOUBLE column: PLAIN data pages.
    private func writeFixedWidth<T: BitwiseCopyable>(
        _ column: ParquetFormat.Column,
        values: [T],
        statistics: ParquetFormat.Statistics?
    ) throws -> ParquetFormat.ColumnChunk {
        var chunk = startChunk(column, encodings: [.plain, .rle])
        chunk.statistics = statistics ?? ParquetFormat.Statistics(nullCount: 0, min: nil, max: nil)
        for start in stride(from: 0, to: values.count, by: pageRows) {
            let page = values[start..<min(values.count, start + pageRows)]
            var body: [UInt8] = []
            body.reserveCapacity(page.count * MemoryLayout<T>.size)
            // PLAIN is little-endian; every platform Swift on Linux targets (x86_64, aarch64) is too.
            body.appendMemoryBytes(of: page)
            try writePage(.dataPage, body: body, valueCount: page.count, encoding: .plain, into: &chunk)
        }
        return chunk
    }

    /// `value_decimal`: definition levels, then the present values as 16-byte big-endian two's
    /// complement (FIXED_LEN_BYTE_ARRAY DECIMAL, parquet.thrift `ConvertedType.DECIMAL`).
    private func writeDecimals(_ column: ParquetFormat.Column) throws -> ParquetFormat.ColumnChunk {
        var chunk = startChunk(column, encodings: [.plain, .rle])
        let nulls = decimalLevels.reduce(0) { $0 + ($1.value == 0 ? $1.count : 0) }
        if let low = decimals.min(), let high = decimals.max() {
            chunk.statistics = ParquetFormat.Statistics(nullCount: Int64(nulls), min: Self.bigEndian(low), max: Self.bigEndian(high))
        } else {
            chunk.statistics = ParquetFormat.Statistics(nullCount: Int64(nulls), min: nil, max: nil)
        }
        var cursor = ParquetRunCursor(decimalLevels)
        var next = 0
        for start in stride(from: 0, to: rows, by: pageRows) {
            let count = min(rows, start + pageRows) - start
            let levels = cursor.take(count)
            var body: [UInt8] = []
            ParquetHybrid.definitionLevels(levels, to: &body)
            let present = levels.reduce(0) { $0 + ($1.value == 1 ? $1.count : 0) }
            body.reserveCapacity(body.count + present * 16)
            for value in decimals[next..<next + present] {
                appendBigEndian(value, to: &body)
            }
            next += present
            try writePage(.dataPage, body: body, valueCount: count, encoding: .plain, into: &chunk)
        }
        return chunk
    }

    /// A string column: a dictionary page, then RLE_DICTIONARY data pages (definition levels first
    /// when the column is nullable); a chunk of nulls only has PLAIN pages of levels alone.
    private func writeDictionary(
        _ column: ParquetFormat.Column,
        _ data: ParquetDictionaryColumn
    ) throws -> ParquetFormat.ColumnChunk {
        let optional = column.repetition == .optional
        let hasValues = !data.entries.isEmpty
        var chunk = startChunk(column, encodings: hasValues ? [.plain, .rle, .rleDictionary] : [.plain, .rle])
        let bounds = data.bounds
        chunk.statistics = ParquetFormat.Statistics(nullCount: Int64(data.nullCount), min: bounds?.min, max: bounds?.max)
        if hasValues {
            chunk.dictionaryPageOffset = offset
            try writePage(.dictionaryPage, body: data.dictionaryPage, valueCount: data.entries.count, encoding: .plain, into: &chunk)
        }
        let bitWidth = ParquetHybrid.bitWidth(forCount: data.entries.count)
        var cursor = ParquetRunCursor(data.runs)
        for start in stride(from: 0, to: rows, by: pageRows) {
            let count = min(rows, start + pageRows) - start
            let runs = cursor.take(count)
            var body: [UInt8] = []
            if optional {
                var levels: [ParquetRun<UInt32>] = []
                for run in runs { levels.appendRun(run.value == ParquetDictionaryColumn.nullIndex ? 0 : 1, count: run.count) }
                ParquetHybrid.definitionLevels(levels, to: &body)
            }
            if hasValues {
                body.append(UInt8(bitWidth))
                ParquetHybrid.encode(runs.filter { $0.value != ParquetDictionaryColumn.nullIndex }, bitWidth: bitWidth, to: &body)
            }
            try writePage(.dataPage, body: body, valueCount: count, encoding: hasValues ? .rleDictionary : .plain, into: &chunk)
        }
        return chunk
    }

    private func startChunk(_ column: ParquetFormat.Column, encodings: [ParquetFormat.Encoding]) -> ParquetFormat.ColumnChunk {
        ParquetFormat.ColumnChunk(
            column: column,
            encodings: encodings,
            codec: compression == .zstd ? .zstd : .uncompressed,
            valueCount: Int64(rows),
            uncompressedSize: 0,
            compressedSize: 0,
            dataPageOffset: -1,
            dictionaryPageOffset: nil,
            statistics: ParquetFormat.Statistics(nullCount: 0, min: nil, max: nil)
        )
    }

    /// Compresses and writes one page with its header, accounting sizes and the first data page.
    private func writePage(
        _ type: ParquetFormat.PageType,
        body: [UInt8],
        valueCount: Int,
        encoding: ParquetFormat.Encoding,
        into chunk: inout ParquetFormat.ColumnChunk
    ) throws {
        let payload = compression == .zstd ? try ZstdCompressor.compress(body) : body
        let header = ParquetFormat.pageHeader(
            type: type,
            uncompressedSize: body.count,
            compressedSize: payload.count,
            valueCount: valueCount,
            encoding: encoding
        )
        if type == .dataPage && chunk.dataPageOffset < 0 { chunk.dataPageOffset = offset }
        chunk.uncompressedSize += Int64(header.count + body.count)
        chunk.compressedSize += Int64(header.count + payload.count)
        try emit(header)
        try emit(payload)
    }

    private func emit(_ bytes: [UInt8]) throws {
        try sink.write(bytes[...])
        offset += Int64(bytes.count)
    }

    // MARK: Statistics values (PLAIN bytes, parquet.thrift `Statistics`)

    private static func bytes(_ value: Int64) -> [UInt8] {
        var out: [UInt8] = []
        appendLittleEndian(value, to: &out)
        return out
    }

    private static func bigEndian(_ value: Int128) -> [UInt8] {
        var out: [UInt8] = []
        appendBigEndian(value, to: &out)
        return out
    }

    /// Min and max leaving NaN out; a zero minimum is written -0.0 and a zero maximum +0.0, as
    /// parquet.thrift's `ColumnOrder` notes ask of writers.
    static func doubleStatistics(_ values: [Double]) -> ParquetFormat.Statistics {
        var low = Double.infinity
        var high = -Double.infinity
        var any = false
        for v in values where !v.isNaN {
            any = true
            if v < low { low = v }
            if v > high { high = v }
        }
        guard any else { return ParquetFormat.Statistics(nullCount: 0, min: nil, max: nil) }
        if low == 0 { low = -0.0 }
        if high == 0 { high = 0.0 }
        var minBytes: [UInt8] = []
        var maxBytes: [UInt8] = []
        appendLittleEndian(low.bitPattern, to: &minBytes)
        appendLittleEndian(high.bitPattern, to: &maxBytes)
        return ParquetFormat.Statistics(nullCount: 0, min: minBytes, max: maxBytes)
    }
}
