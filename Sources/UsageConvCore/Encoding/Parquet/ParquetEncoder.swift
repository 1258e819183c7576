/// `--to parquet`: one Parquet file of every row, in the CSV's row order (series identity, then time).
///
/// The schema and the decisions behind it are on `ParquetWriter`; the file's key-value metadata
/// carries `format` = `usageconv/1`, and `created_by` names usageconv and its version.
public struct ParquetEncoder: UsageEncoder {
    /// The page compression.
    public var compression: ParquetCompression
    /// The most rows a row group holds (the writer's memory bound).
    public var rowGroupRows: Int
    /// The most rows a data page holds (tests make it small to cover page boundaries).
    var pageRows = ParquetWriter.defaultPageRows

    /// The key-value metadata every file carries: the canonical format's version.
    static let keyValues = [("format", "usageconv/1")]

    /// Creates an encoder.
    public init(compression: ParquetCompression = .zstd, rowGroupRows: Int = 1 << 20) {
        self.compression = compression
        self.rowGroupRows = rowGroupRows
    }

    /// Writes every point of `series`; warnings are not part of the file (standard error has them).
    public func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        let labels = Set(series.flatMap(\.labels.keys)).sorted()
        let writer = try ParquetWriter(
            sink: sink,
            fields: ParquetWriter.fields(labels: labels),
            compression: compression,
            rowGroupRows: rowGroupRows,
            pageRows: pageRows,
            keyValues: Self.keyValues
        )
        for s in series {
            guard s.stored != nil else {
                try writer.append(s, range: 0..<s.count)
                continue
            }
            // A stored series (no labels: those stay in columns) goes in a page at a time.
            var part = Series(identity: s.identity, meta: s.meta)
            try s.forEachPage { page in
                (part.times, part.values, part.qualities) = (page.times, page.values, page.qualities)
                try writer.append(part, range: 0..<page.count)
            }
        }
        try writer.finish()
    }
}
