/// The unit of line protocol timestamps: what `POST /write?precision=` must say.
public enum InfluxPrecision: String, Sendable, Hashable, CaseIterable {
    /// Seconds: the default, and the coarsest, which InfluxDB compresses best.
    case s
    /// Milliseconds.
    case ms
    /// Microseconds.
    case us
    /// Nanoseconds: what InfluxDB assumes when `precision` is not given.
    case ns

    /// The `precision` InfluxDB 1.x's `/write` takes for it: 1.x spells microseconds `u` (an
    /// unknown value such as `us` is read as nanoseconds there; 2.x takes `us`).
    public var writeParameter: String { self == .us ? "u" : rawValue }

    /// Units of this precision per second.
    var perSecond: Int64 {
        switch self {
        case .s: 1
        case .ms: 1_000
        case .us: 1_000_000
        case .ns: 1_000_000_000
        }
    }
}

/// InfluxDB 1.x line protocol, one line per point.
///
/// The syntax and escaping follow
/// https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/:
///
/// ```
/// traffic,direction=out,resource=www.example1.com,source=swiftfederation,step=300,unit=B quality="measured",value=12345 1503244800
/// ```
///
/// - Measurement: the metric (`bandwidth`, `traffic`, `cost`, `requests`, ...); OnApp's
///   `cost.<item>` is measurement `cost` with tag `item` (summing over items would count the
///   totals twice, a tag makes that visible).
/// - Tags, sorted by key as InfluxDB's performance tip asks: `direction` (left out when empty:
///   tag values cannot be empty), `item`, `resource`, `source`, `step` (seconds each point covers),
///   `unit` (the base unit of `value`), then per-point labels (SurferCloud `billed`).
/// - Fields: `value`, a float in the base unit (bytes, bytes per second, the currency; see
///   `MetricShape`), and `quality` as a string (a field, not a tag: it does not split series).
/// - Timestamp: the interval's start, in `precision` units.
///
/// Amounts stay per interval (InfluxDB has no counter type; `sum("value") ... GROUP BY time(1d)`
/// totals them), rates are the interval's mean. Escaping per the reference's "Special characters":
/// measurement: comma and space; tag keys and values: comma, equals sign and space; string field
/// values: double quote and backslash. Line protocol cannot carry a line break in a tag, nor a
/// backslash before a comma, equals sign, space or the end of a tag (InfluxDB 1.x would read it
/// as escaping the separator and keep the backslash): those are errors before anything is
/// written, as are non-finite values, which InfluxDB does not store.
public struct InfluxLineEncoder: UsageEncoder {
    /// The timestamp unit.
    public var precision: InfluxPrecision

    /// Creates an encoder.
    public init(precision: InfluxPrecision = .s) {
        self.precision = precision
    }

    /// Writes one line per point.
    ///
    /// Warnings are not written (they go to standard error).
    ///
    /// - Throws: `Diagnostic` `.invalidValue` (exit 65) before anything is written when a name,
    ///   a time or a value cannot be written in line protocol; `.ioFailure` from the sink.
    public func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        let multiplier = precision.perSecond
        var plans: [(shape: MetricShape, head: [UInt8], labels: [(key: [UInt8], column: [String])])] = []
        for s in series {
            let identity = s.identity
            let shape = MetricShape(identity)
            var tags: [(String, String)] = []
            if !identity.direction.isEmpty { tags.append(("direction", identity.direction)) }
            if let item = shape.item { tags.append(("item", item)) }
            tags.append(("resource", identity.resource))
            tags.append(("source", identity.source))
            tags.append(("step", String(identity.step)))
            tags.append(("unit", shape.unit.name))
            let reserved = Set(tags.map(\.0) + ["time", "value", "quality", "_field", "_measurement"])
            var labels: [(key: [UInt8], column: [String])] = []
            for key in s.labels.keys.sorted() {
                let name = reserved.contains(key) ? "label_" + key : key
                try Self.check(name, of: identity, what: "label name")
                for value in s.labels[key] ?? [] { try Self.check(value, of: identity, what: "\(key) label") }
                var bytes: [UInt8] = [UInt8(ascii: ",")]
                Self.appendEscaped(name, escaping: Self.tagSpecials, to: &bytes)
                bytes.append(UInt8(ascii: "="))
                labels.append((bytes, s.labels[key] ?? []))
            }
            var head: [UInt8] = []
            try Self.check(shape.measurement, of: identity, what: "metric")
            Self.appendEscaped(shape.measurement, escaping: Self.measurementSpecials, to: &head)
            for (key, value) in tags {
                try Self.check(value, of: identity, what: key)
                head.append(UInt8(ascii: ","))
                head.append(contentsOf: key.utf8)
                head.append(UInt8(ascii: "="))
                Self.appendEscaped(value, escaping: Self.tagSpecials, to: &head)
            }
            // Every point is checked before the first line is written (a stored series is read
            // twice: once here, once to write it).
            do {
                try s.forEachPage { page in
                    for (i, t) in page.times.enumerated() {
                        guard page.values[i].isFinite else {
                            throw Self.error(identity, "at \(UnixTime.iso8601(t)) is \(page.values[i]), which InfluxDB cannot store")
                        }
                        guard !t.multipliedReportingOverflow(by: multiplier).overflow else {
                            throw Self.error(identity, "has a time (\(t) s) beyond what precision \(precision.rawValue) can write")
                        }
                    }
                }
            } catch {
                throw error as? Diagnostic ?? .error(.ioFailure, "\(error)")
            }
            plans.append((shape, head, labels))
        }
        // The four qualities' field text, made once.
        let qualityFields: [[UInt8]] = Quality.allCases.map { Array(" quality=\"\($0.name)\",value=".utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(encoderChunk + 4096)
        for (s, plan) in zip(series, plans) {
            try s.forEachPage { page in
                for i in 0..<page.count {
                    out.append(contentsOf: plan.head)
                    for label in plan.labels where !label.column[i].isEmpty {
                        out.append(contentsOf: label.key)
                        Self.appendEscaped(label.column[i], escaping: Self.tagSpecials, to: &out)
                    }
                    out.append(contentsOf: qualityFields[Int(page.qualities[i].rawValue)])
                    plan.shape.base(page.values[i]).write(to: &out)
                    out.append(UInt8(ascii: " "))
                    NumberText.writeDecimal(significand: page.times[i] &* multiplier, exponent: 0, to: &out)
                    out.append(0x0A)
                    if out.count >= encoderChunk {
                        try sink.write(emptying: &out)
                    }
                }
            }
        }
        try sink.write(out[...])
    }

    /// What must be escaped in a measurement: comma and space.
    static let measurementSpecials: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: " ")]
    /// What must be escaped in tag keys and values: comma, equals sign and space.
    static let tagSpecials: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: " ")]

    /// `text` with a backslash before each byte in `specials`.
    static func appendEscaped(_ text: String, escaping specials: [UInt8], to out: inout [UInt8]) {
        for byte in text.utf8 {
            if specials.contains(byte) { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
    }

    /// Fails for text line protocol cannot carry as a name or tag: empty (metric), a line break,
    /// or a backslash before a comma, equals sign, space or the end.
    private static func check(_ text: String, of identity: SeriesIdentity, what: String) throws(Diagnostic) {
        if text.utf8.contains(0x0A) || text.utf8.contains(0x0D) {
            throw error(identity, "has a line break in its \(what), which InfluxDB line protocol cannot carry")
        }
        // InfluxDB 1.x reads a backslash as escaping whatever follows it while splitting a line, but
        // unescapes only `\,`, `\=` and `\ `: a backslash before those or at the end cannot be written.
        let bytes = Array(text.utf8)
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\\") {
            if i + 1 == bytes.count || tagSpecials.contains(bytes[i + 1]) {
                throw error(
                    identity,
                    "has a backslash before a comma, equals sign, space or the end in its \(what) ('\(text)'), "
                        + "which InfluxDB line protocol cannot carry"
                )
            }
        }
        if what == "metric" && (text.isEmpty || text.hasPrefix("#")) {
            throw error(identity, "has a metric name InfluxDB line protocol cannot carry ('\(text)')")
        }
    }

    private static func error(_ identity: SeriesIdentity, _ message: String) -> Diagnostic {
        let name =
            "\(identity.source) \(identity.resource) \(identity.metric)" + (identity.direction.isEmpty ? "" : " \(identity.direction)")
        return .error(.invalidValue, "\(name) \(message)")
    }
}
