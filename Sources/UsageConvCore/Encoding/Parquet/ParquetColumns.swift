/// Column buffers for one row group and their page encodings.
///
/// References (apache/parquet-format): `Encodings.md` for PLAIN (little-endian fixed-width values;
/// BYTE_ARRAY as a 4-byte little-endian length and the bytes), RLE_DICTIONARY (a dictionary page of
/// PLAIN values, data pages holding one byte of bit width, then the indices in the RLE/bit-packing
/// hybrid without a length prefix) and the hybrid itself (`varint(count << 1)` then the repeated
/// value in ceil(bitWidth / 8) little-endian bytes for an RLE run); `README.md` "Nulls" and
/// "Data Pages" for data page v1 (repetition levels, definition levels prefixed by their 4-byte
/// length, then values; a required flat column has neither level).

/// A run of equal values: `value` repeated `count` times.
struct ParquetRun<Value: Equatable> {
    var value: Value
    var count: Int
}

/// Appends runs, merging a run equal to the last one.
extension Array {
    mutating func appendRun<Value: Equatable>(_ value: Value, count: Int) where Element == ParquetRun<Value> {
        guard count > 0 else { return }
        if let last = self.last, last.value == value {
            self[self.count - 1].count += count
        } else {
            append(ParquetRun(value: value, count: count))
        }
    }
}

/// Walks runs page by page: each call takes the next `rows` rows.
struct ParquetRunCursor<Value: Equatable> {
    private let runs: [ParquetRun<Value>]
    private var index = 0
    private var usedOfCurrent = 0

    init(_ runs: [ParquetRun<Value>]) { self.runs = runs }

    /// The runs covering the next `rows` rows (the first and last may be partial runs).
    mutating func take(_ rows: Int) -> [ParquetRun<Value>] {
        var result: [ParquetRun<Value>] = []
        var left = rows
        while left > 0 && index < runs.count {
            let available = runs[index].count - usedOfCurrent
            let n = Swift.min(available, left)
            result.append(ParquetRun(value: runs[index].value, count: n))
            left -= n
            usedOfCurrent += n
            if usedOfCurrent == runs[index].count {
                index += 1
                usedOfCurrent = 0
            }
        }
        return result
    }
}

/// Encodes the RLE/bit-packing hybrid with RLE runs only (a valid hybrid stream: the spec lets a
/// writer choose run kinds freely; usageconv's columns are long runs, where RLE is the better one).
enum ParquetHybrid {
    /// The runs of `values` (each below `1 << bitWidth`), without a length prefix.
    static func encode(_ runs: [ParquetRun<UInt32>], bitWidth: Int, to out: inout [UInt8]) {
        let byteWidth = (bitWidth + 7) / 8
        for run in runs {
            var header = UInt64(run.count) << 1
            while header >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: header) | 0x80)
                header >>= 7
            }
            out.append(UInt8(header))
            for b in 0..<byteWidth { out.append(UInt8(truncatingIfNeeded: run.value >> (8 * UInt32(b)))) }
        }
    }

    /// Definition levels for a v1 data page: 4-byte little-endian length, then the hybrid at bit width 1.
    static func definitionLevels(_ runs: [ParquetRun<UInt32>], to out: inout [UInt8]) {
        var body: [UInt8] = []
        encode(runs, bitWidth: 1, to: &body)
        appendLittleEndian(UInt32(body.count), to: &out)
        out.append(contentsOf: body)
    }

    /// The bits needed for indices below `count` (at least 1, which every reader accepts).
    static func bitWidth(forCount count: Int) -> Int {
        var width = 1
        while (1 << width) < count { width += 1 }
        return width
    }
}

/// Appends the little-endian bytes of a fixed-width integer.
func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    for shift in stride(from: 0, to: T.bitWidth, by: 8) {
        out.append(UInt8(truncatingIfNeeded: value >> shift))
    }
}

/// Appends the big-endian bytes of a fixed-width integer (Parquet's FIXED_LEN_BYTE_ARRAY decimals).
func appendBigEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
        out.append(UInt8(truncatingIfNeeded: value >> shift))
    }
}

/// A dictionary-encoded, nullable UTF-8 column for one row group: the distinct values in first-seen
/// order and the rows as runs of dictionary indices (`nullIndex` for null).
struct ParquetDictionaryColumn {
    /// The index runs mark nulls with.
    static let nullIndex = UInt32.max

    private(set) var entries: [[UInt8]] = []
    private var lookup: [[UInt8]: UInt32] = [:]
    private(set) var runs: [ParquetRun<UInt32>] = []
    private(set) var rowCount = 0

    /// The index of `text`, added to the dictionary when new.
    mutating func index(of text: String) -> UInt32 {
        let bytes = Array(text.utf8)
        if let found = lookup[bytes] { return found }
        let index = UInt32(entries.count)
        entries.append(bytes)
        lookup[bytes] = index
        return index
    }

    /// Appends `count` rows holding the value at `index` (or null).
    mutating func append(_ index: UInt32, count: Int) {
        runs.appendRun(index, count: count)
        rowCount += count
    }

    /// The number of null rows.
    var nullCount: Int {
        runs.reduce(0) { $0 + ($1.value == Self.nullIndex ? $1.count : 0) }
    }

    /// The smallest and largest entry by unsigned byte order (Parquet's order for UTF-8 strings).
    var bounds: (min: [UInt8], max: [UInt8])? {
        guard var low = entries.first else { return nil }
        var high = low
        for entry in entries.dropFirst() {
            if entry.lexicographicallyPrecedes(low) { low = entry }
            if high.lexicographicallyPrecedes(entry) { high = entry }
        }
        return (low, high)
    }

    /// The dictionary page body: every entry PLAIN-encoded.
    var dictionaryPage: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + 4 + $1.count })
        for entry in entries {
            appendLittleEndian(UInt32(entry.count), to: &out)
            out.append(contentsOf: entry)
        }
        return out
    }

    /// Empties the column for the next row group (its dictionary too: each column chunk has its own).
    mutating func reset() {
        entries.removeAll(keepingCapacity: true)
        lookup.removeAll(keepingCapacity: true)
        runs.removeAll(keepingCapacity: true)
        rowCount = 0
    }
}
