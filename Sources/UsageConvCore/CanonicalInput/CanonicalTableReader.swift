/// Reads `--to csv` (RFC 4180) and `--to tsv` tables: a header `time,source,resource,metric,direction,unit,step,value,quality`
/// (label columns may follow), then one row per point.
enum CanonicalTableReader {
    /// Reads the table in `bytes`.
    ///
    /// - Throws: `Diagnostic` located at `line:column`.
    static func read(_ bytes: [UInt8]) throws -> [Series] {
        var parser = DelimitedRowParser(bytes: bytes)
        guard let header = try parser.nextRow() else {
            throw Diagnostic.error(.truncatedInput, "expected a header line, found an empty input")
        }
        let names = header.fields.map(\.text)
        let columns = DelimitedEncoder.columns
        guard names.count >= columns.count, Array(names.prefix(columns.count)) == columns else {
            throw Diagnostic.error(
                .malformedInput,
                "expected the header \(columns.joined(separator: ",")) (usageconv's own CSV or TSV), found "
                    + InputQuote.quote(Array(names.joined(separator: parser.separator == 0x09 ? "\t" : ",").utf8), limit: 80),
                at: SourceLocation(line: header.line, column: 1)
            )
        }
        let labelNames = Array(names.dropFirst(columns.count))
        var collector = CanonicalRowCollector()
        while let row = try parser.nextRow() {
            if row.fields.count == 1 && row.fields[0].text.isEmpty { continue }  // a blank line
            guard row.fields.count == names.count else {
                throw Diagnostic.error(
                    .malformedInput,
                    "expected \(names.count) fields as in the header, found \(row.fields.count)",
                    at: SourceLocation(line: row.line, column: 1)
                )
            }
            func at(_ index: Int) -> SourceLocation { SourceLocation(line: row.line, column: row.fields[index].column) }
            let f = row.fields.map(\.text)
            guard let time = parseTime(f[0]) else {
                throw Diagnostic.error(
                    .invalidTimestamp,
                    "expected a time as ISO 8601 with a zone or Unix seconds, found \(InputQuote.quote(Array(f[0].utf8), limit: 40))",
                    at: at(0)
                )
            }
            guard let step = Int64(f[6]), step > 0 else {
                throw Diagnostic.error(
                    .invalidNumber,
                    "expected the step in whole seconds, found \(InputQuote.quote(Array(f[6].utf8), limit: 40))",
                    at: at(6)
                )
            }
            guard let value = Number.parseText(f[7]) else {
                throw Diagnostic.error(
                    .invalidNumber,
                    "expected a number, found \(InputQuote.quote(Array(f[7].utf8), limit: 40))",
                    at: at(7)
                )
            }
            guard let quality = CanonicalSeriesReader.quality(named: f[8]) else {
                let names = Quality.allCases.map(\.name).joined(separator: ", ")
                throw Diagnostic.error(
                    .invalidValue,
                    "expected a quality (\(names)), found \(InputQuote.quote(Array(f[8].utf8), limit: 40))",
                    at: at(8)
                )
            }
            let identity = SeriesIdentity(
                source: f[1],
                resource: f[2],
                metric: f[3],
                direction: f[4],
                unit: f[5],
                kind: CanonicalSeriesReader.kind(ofUnit: f[5]),
                step: step,
                absent: .unknown
            )
            var labels: [String: String] = [:]
            for (k, name) in labelNames.enumerated() { labels[name] = f[columns.count + k] }
            collector.add(identity, time: time, value: value, quality: quality, labels: labels, at: at(0))
        }
        return try collector.finish()
    }

    /// ISO 8601 with a zone (`--time iso|local`) or Unix seconds (`--time epoch`).
    static func parseTime(_ text: String) -> Int64? {
        if let seconds = Int64(text) { return seconds }
        return UnixTime.parseISO8601(text.utf8)
    }
}

/// Splits CSV (quoted fields, doubled quotes, CRLF or LF) or TSV (backslash escapes) into rows,
/// keeping each field's line and column; the separator is the header's (a tab makes it TSV).
struct DelimitedRowParser {
    /// A field's text and its 1-based column.
    struct Field {
        var text: String
        var column: Int
    }

    /// A row and the line it starts on.
    struct Row {
        var fields: [Field]
        var line: Int
    }

    private let bytes: [UInt8]
    private var index: Int
    private var line = 1
    private var lineStart: Int
    /// `,` or tab.
    let separator: UInt8

    init(bytes: [UInt8]) {
        self.bytes = bytes
        index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        lineStart = index
        let firstLine = bytes[index...].prefix { $0 != 0x0A }
        separator = firstLine.contains(0x09) ? 0x09 : UInt8(ascii: ",")
    }

    /// The next row, or nil at the end of the input.
    mutating func nextRow() throws -> Row? {
        guard index < bytes.count else { return nil }
        let rowLine = line
        var fields: [Field] = []
        while true {
            let column = index - lineStart + 1
            var field: [UInt8] = []
            if separator != 0x09 && index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                let openLine = line
                index += 1
                while true {
                    guard index < bytes.count else {
                        throw Diagnostic.error(
                            .truncatedInput,
                            "expected '\"' closing the quoted field, found end of input",
                            at: SourceLocation(line: openLine, column: column)
                        )
                    }
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    if byte == 0x0A {
                        line += 1
                        lineStart = index + 1
                    }
                    field.append(byte)
                    index += 1
                }
            } else {
                while index < bytes.count, bytes[index] != separator, bytes[index] != 0x0A, bytes[index] != 0x0D {
                    if separator == 0x09 && bytes[index] == UInt8(ascii: "\\") && index + 1 < bytes.count {
                        let escaped: UInt8? =
                            switch bytes[index + 1] {
                            case UInt8(ascii: "t"): 0x09
                            case UInt8(ascii: "n"): 0x0A
                            case UInt8(ascii: "r"): 0x0D
                            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
                            default: nil
                            }
                        if let byte = escaped {
                            field.append(byte)
                            index += 2
                            continue
                        }
                    }
                    field.append(bytes[index])
                    index += 1
                }
            }
            fields.append(Field(text: String(decoding: field, as: UTF8.self), column: column))
            if index < bytes.count && bytes[index] == separator {
                index += 1
                continue
            }
            if index < bytes.count && bytes[index] == 0x0D { index += 1 }
            if index < bytes.count {
                guard bytes[index] == 0x0A else {
                    throw Diagnostic.error(
                        .malformedInput,
                        "expected a separator or the end of the line after a quoted field, found \(InputQuote.quote([bytes[index]], limit: 4))",
                        at: SourceLocation(line: line, column: index - lineStart + 1)
                    )
                }
                index += 1
                line += 1
                lineStart = index
            }
            return Row(fields: fields, line: rowLine)
        }
    }
}
