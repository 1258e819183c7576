/// The output formats, by the name `--to` takes.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180 CSV, one row per point (DESIGN.md section 3).
    case csv
    /// The CSV row model, tab-separated, with `\t`, `\n`, `\r`, `\\` escapes.
    case tsv
    /// Columnar JSON, `"format": "usageconv/1"` (`Schemas/usageconv-series.schema.json`).
    case json
    /// One JSON object per point and line.
    case ndjson
    /// OpenMetrics text for Prometheus backfill (`promtool tsdb create-blocks-from openmetrics`).
    case openmetrics
    /// InfluxDB 1.x line protocol (`POST /write?precision=s`).
    case influx
    /// A SQLite database file, appended to idempotently (`SQLiteLoader`); never a stream.
    case sqlite
    /// Apache Parquet, written by usageconv's own encoder (`Encoding/Parquet/`).
    case parquet
    /// FinOps FOCUS 1.0 cost and usage rows as CSV (`FocusEncoder`): money series as they are,
    /// traffic and bandwidth priced by a rate card (`EncodeOptions.focus`).
    case focus

    /// One line for `usageconv formats`.
    public var summary: String {
        switch self {
        case .csv: "CSV, RFC 4180: time,source,resource,metric,direction,unit,step,value,quality"
        case .tsv: "the CSV columns, tab-separated"
        case .json: "columnar JSON {\"format\":\"usageconv/1\",\"series\":[...],\"warnings\":[...]}"
        case .ndjson: "newline-delimited JSON, one object per point"
        case .openmetrics: "OpenMetrics text for promtool tsdb create-blocks-from openmetrics (base units, amounts as counters)"
        case .influx: "InfluxDB line protocol, one line per point (base units; --influx-precision, default s)"
        case .sqlite: "SQLite database (-o FILE.db): tables series, points, point_labels; view usage reads like the CSV"
        case .parquet: "Apache Parquet: the CSV columns plus kind, absent and an exact value_decimal; zstd pages"
        case .focus: "FinOps FOCUS 1.0 cost and usage rows (CSV): money series as billed, traffic and bandwidth priced by --rates"
        }
    }

    /// Whether the format is a database file loaded by `SQLiteLoader` rather than a byte stream an
    /// encoder writes (it cannot go to standard output).
    public var isDatabase: Bool { self == .sqlite }

    /// Whether the encoder reads each series a page at a time, so a conversion to it keeps its
    /// points in a bounded store (``Conversion/memoryLimit``) instead of in memory: lines of one
    /// point each, or Parquet row groups, in series order (OpenMetrics and line protocol read a
    /// stored series twice: once to check every value before the first line, once to write).
    public var streamsPoints: Bool { [.csv, .tsv, .ndjson, .openmetrics, .influx, .parquet].contains(self) }

    /// Whether rows are charges computed from the series (`focus`) rather than one per point.
    public var isBillingView: Bool { self == .focus }

    /// The encoder for this format (for `sqlite`, one that refuses: load with `SQLiteLoader`).
    public func encoder(options: EncodeOptions) -> any UsageEncoder {
        switch self {
        case .csv: DelimitedEncoder(style: .csv, time: options.time ?? .iso, zone: options.zone)
        case .tsv: DelimitedEncoder(style: .tsv, time: options.time ?? .iso, zone: options.zone)
        case .json: ColumnarJSONEncoder(time: options.time ?? .epoch, zone: options.zone)
        case .ndjson: NDJSONEncoder(time: options.time ?? .iso, zone: options.zone)
        case .openmetrics: OpenMetricsEncoder()
        case .influx: InfluxLineEncoder(precision: options.influxPrecision)
        case .sqlite: DatabaseOnlyEncoder()
        case .parquet: ParquetEncoder(compression: options.parquetCompression, rowGroupRows: options.parquetRowGroupRows)
        case .focus: FocusEncoder(options: options.focus)
        }
    }

    /// The extension of files `-o DIR/` writes (`dump.json` becomes `DIR/dump.om`).
    public var fileExtension: String {
        switch self {
        case .openmetrics: "om"
        case .influx: "lp"
        case .focus: "focus.csv"
        default: rawValue
        }
    }
}

/// What `OutputFormat.sqlite.encoder` gives: a database is not a stream, so it refuses.
struct DatabaseOnlyEncoder: UsageEncoder {
    func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        throw Diagnostic.error(.usage, "--to sqlite writes a database file, not a stream: give -o FILE.db")
    }
}
