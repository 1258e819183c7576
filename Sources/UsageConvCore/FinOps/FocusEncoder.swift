/// `--to focus`: FOCUS 1.0 cost and usage rows as RFC 4180 CSV.
///
/// The header is `FocusColumn.allCases`; a null is an empty field (what CSV readers, pandas and the
/// official `focus-validator` read as null); text with `,`, `"`, CR or LF is quoted. Decimals
/// always carry a fraction digit (`5.0`), times are `YYYY-MM-DDTHH:MM:SSZ` (FOCUS Date/Time Format).
/// The rows are computed before the first byte is written, so a refusal (an unpriced series)
/// leaves no partial output.
public struct FocusEncoder: UsageEncoder {
    /// The rate card and billing zone.
    public var options: FocusOptions

    /// Creates an encoder.
    public init(options: FocusOptions) {
        self.options = options
    }

    /// Writes the header and one line per charge row.
    ///
    /// - Throws: `Diagnostic` from `FocusBilling.rows(for:options:)` (before writing) or the sink.
    public func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        let rows = try FocusBilling.rows(for: series, options: options)
        var out: [UInt8] = []
        out.reserveCapacity(encoderChunk + 4096)
        let columns = FocusColumn.allCases
        out.append(contentsOf: Array(columns.map(\.rawValue).joined(separator: ",").utf8))
        out.append(0x0A)
        for row in rows {
            for (index, column) in columns.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if let value = row[column] { DelimitedEncoder.appendCSVField(value, to: &out) }
            }
            out.append(0x0A)
            if out.count >= encoderChunk {
                try sink.write(emptying: &out)
            }
        }
        try sink.write(out[...])
    }
}
