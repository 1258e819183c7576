/// Reads usageconv's own outputs back into series: CSV or TSV (`--to csv|tsv`), columnar JSON
/// (`--to json`) and NDJSON (`--to ndjson`), as `usageconv encode` takes them.
///
/// The syntax is told by the first bytes: `{"format":"usageconv/1"` is columnar JSON, another
/// `{` NDJSON, anything else a table whose header starts `time,source,...` (a tab makes it TSV).
/// The table and NDJSON forms do not carry `absent` (and tables not `kind`): `kind` is `rate`
/// for units per second (`bit/s`, `B/s`) and `amount` otherwise, `absent` is `unknown`; extra
/// table columns after `quality`, and extra NDJSON string members, are per-point labels
/// (SurferCloud `billed`). Rows of one series may come in any order; two at one time are an error.
public enum CanonicalSeriesReader {
    /// Reads every series in `bytes`.
    ///
    /// - Throws: `Diagnostic` located at the offending line and column (or JSON path).
    public static func read(_ bytes: [UInt8]) throws -> [Series] {
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else {
            throw Diagnostic.error(.truncatedInput, "expected usageconv CSV, TSV, JSON or NDJSON series, found an empty input")
        }
        if bytes[start] == UInt8(ascii: "{") {
            if DumpValidation.isUsageconvOutput(Array(bytes[start...])) { return try CanonicalJSONReader.readColumnar(bytes) }
            return try CanonicalJSONReader.readLines(bytes)
        }
        return try CanonicalTableReader.read(bytes)
    }

    /// `rate` for units per second, `amount` otherwise (what `--to csv` leaves out).
    static func kind(ofUnit unit: String) -> Kind {
        unit.hasSuffix("/s") || unit.hasSuffix("bps") ? .rate : .amount
    }

    /// The quality named `name` as outputs write it.
    static func quality(named name: String) -> Quality? {
        Quality.allCases.first { $0.name == name }
    }
}

/// Rows of the row-per-point forms (CSV, TSV, NDJSON), grouped into series by identity.
struct CanonicalRowCollector {
    private struct Row {
        var time: Int64
        var value: Number
        var quality: Quality
        var labels: [String: String]
        var location: SourceLocation
    }

    private var order: [SeriesIdentity] = []
    private var rows: [SeriesIdentity: [Row]] = [:]

    /// Adds one point.
    mutating func add(
        _ identity: SeriesIdentity,
        time: Int64,
        value: Number,
        quality: Quality,
        labels: [String: String],
        at location: SourceLocation
    ) {
        if rows[identity] == nil { order.append(identity) }
        rows[identity, default: []].append(Row(time: time, value: value, quality: quality, labels: labels, location: location))
    }

    /// The series in first-seen order, each sorted by time.
    ///
    /// - Throws: `Diagnostic` `.duplicateTimestamp` at the second row with a time already seen.
    func finish() throws -> [Series] {
        try order.map { identity in
            let points = (rows[identity] ?? []).enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
                .map(\.element)
            for (a, b) in zip(points, points.dropFirst()) where a.time == b.time {
                let second = [a, b].max {
                    ($0.location.line ?? 0, $0.location.offset ?? 0) < ($1.location.line ?? 0, $1.location.offset ?? 0)
                }
                throw Diagnostic.error(
                    .duplicateTimestamp,
                    "expected one point per time in series \(identity.source) \(identity.resource) \(identity.metric) "
                        + "\(identity.direction), found two at \(UnixTime.iso8601(a.time))",
                    at: second?.location
                )
            }
            let names = Set(points.flatMap { $0.labels.filter { !$0.value.isEmpty }.keys })
            var labels: [String: [String]] = [:]
            for name in names { labels[name] = points.map { $0.labels[name] ?? "" } }
            var series = Series(
                identity: identity,
                times: points.map(\.time),
                values: points.map(\.value),
                qualities: points.map(\.quality),
                labels: labels
            )
            series.origin = points.min { ($0.location.line ?? 0) < ($1.location.line ?? 0) }?.location
            return series
        }
    }
}
