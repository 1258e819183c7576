/// OpenMetrics 1.0 text (https://prometheus.io/docs/specs/om/open_metrics_spec/), the format
/// `promtool tsdb create-blocks-from openmetrics` backfills Prometheus from.
///
/// Naming follows Prometheus' conventions (https://prometheus.io/docs/practices/naming/): one
/// `usageconv_` prefix, the metric, then the base unit (see `MetricShape`):
///
/// | series | family | type | sample |
/// |---|---|---|---|
/// | a data rate (`bandwidth` in bit/s, B/s, ...) | `usageconv_bandwidth_bytes_per_second` | gauge | the interval's mean rate at its start |
/// | a data amount (`traffic` in B, KB, GB, ...) | `usageconv_traffic_bytes` | counter | `usageconv_traffic_bytes_total`, cumulative |
/// | money (`cost`, OnApp `cost.total`, ...) | `usageconv_cost` | counter | `usageconv_cost_total{currency="USD"}` |
/// | another amount (`requests` in count) | `usageconv_requests` | counter | `usageconv_requests_total` |
///
/// Amounts are counters, not gauges of each interval's amount: an interval's amount depends on
/// the step (a 5-minute and an hourly dump of one CDN differ 12-fold), and Prometheus can neither
/// sum gauge samples by time range correctly (`sum_over_time` counts samples, not intervals) nor
/// tell the step from the data. A counter answers `increase(x[1d])` in bytes whatever the step.
/// The counter starts at 0 at the start of the series' first interval and gains each interval's
/// amount at the interval's end (`time + step`, or the next point's start when that is earlier,
/// as after calendar resampling); after a gap it is repeated at the next interval's start, so it
/// is flat over the hole instead of rising across it. So a series of n contiguous points has n + 1
/// samples, and the difference of two consecutive samples is the CSV's value in the base unit.
/// A counter may not decrease: a negative amount is an error before anything is written.
///
/// Labels: `source`, `resource`, `direction` (left out when empty, as Prometheus treats empty
/// labels), `item` (OnApp's cost component), `currency` for money, `unit` for units that are
/// neither data nor money (other than `count`), `step` (seconds each point covers: an hourly and a
/// daily series of one resource stay two series), then per-point labels (SurferCloud `billed`).
/// `quality` is left out: as a label it would split a series in two wherever it changes, which
/// breaks counters; use the CSV or JSON output to see it. Timestamps are Unix seconds, as the format
/// requires. Families are sorted by name and never interleaved; each series' samples are contiguous
/// and in time order.
public struct OpenMetricsEncoder: UsageEncoder {
    /// Creates an encoder.
    public init() {}

    /// Writes every family, then `# EOF`.
    ///
    /// Warnings are not written: the format has no comments.
    ///
    /// - Throws: `Diagnostic` `.invalidValue` (exit 65) before anything is written when a series
    ///   cannot be a counter (a negative amount) or two series would be one Prometheus series;
    ///   `.ioFailure` from the sink.
    public func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        let families = try Self.families(of: series)
        var out: [UInt8] = []
        out.reserveCapacity(encoderChunk + 4096)
        for family in families {
            family.writeHeader(to: &out)
            for member in family.members {
                let s = series[member.series]
                var prefix = Array(family.sampleName.utf8)
                prefix.append(contentsOf: member.labels)
                prefix.append(UInt8(ascii: " "))
                // One Prometheus series: the points' values (a gauge) or their running sum (a
                // counter). All points, a page at a time, unless per-point labels split the series
                // (only columns carry labels; their index array picks this member's points).
                var samples = Samples(prefix: prefix, counter: family.isCounter, shape: member.shape, step: s.identity.step)
                if let points = member.points {
                    try add(
                        points,
                        of: PointPage(times: s.times, values: s.values, qualities: s.qualities),
                        to: &samples,
                        out: &out,
                        sink: sink
                    )
                } else {
                    try s.forEachPage { page in try add(0..<page.count, of: page, to: &samples, out: &out, sink: sink) }
                }
                samples.finish(to: &out)
            }
        }
        out.append(contentsOf: "# EOF\n".utf8)
        try sink.write(out[...])
    }

    /// Adds the points at `indices` of `page` to `samples`, flushing `out` to `sink` in chunks.
    private func add(
        _ indices: some Sequence<Int>,
        of page: PointPage,
        to samples: inout Samples,
        out: inout [UInt8],
        sink: any OutputSink
    ) throws {
        for i in indices {
            samples.add(start: page.times[i], value: page.values[i], to: &out)
            if out.count >= encoderChunk { try flush(&out, to: sink) }
        }
    }

    /// The samples of one Prometheus series, a point at a time: a gauge's value at each point, or
    /// a counter's level at each interval's start (after a gap) and end, which needs the next
    /// point's start, so one point is held back until it comes.
    private struct Samples {
        let prefix: [UInt8]
        let counter: Bool
        let shape: MetricShape
        let step: Int64
        var total = Number.zero
        var previousEnd: Int64? = nil
        var held: (start: Int64, value: Number)? = nil

        init(prefix: [UInt8], counter: Bool, shape: MetricShape, step: Int64) {
            self.prefix = prefix
            self.counter = counter
            self.shape = shape
            self.step = step
        }

        mutating func add(start: Int64, value: Number, to out: inout [UInt8]) {
            guard counter else {
                OpenMetricsEncoder.writeSample(prefix, shape.base(value), at: start, to: &out)
                return
            }
            if let held { close(held, next: start, to: &out) }
            held = (start, value)
        }

        mutating func finish(to out: inout [UInt8]) {
            if let held { close(held, next: nil, to: &out) }
            held = nil
        }

        private mutating func close(_ point: (start: Int64, value: Number), next: Int64?, to out: inout [UInt8]) {
            // The counter's level at the interval's start: 0 first, and again after a gap.
            if previousEnd != point.start { OpenMetricsEncoder.writeSample(prefix, total, at: point.start, to: &out) }
            total = total + shape.base(point.value)
            let (nominalEnd, overflow) = point.start.addingReportingOverflow(max(step, 1))
            var end = overflow ? Int64.max : nominalEnd
            if let next { end = min(end, next) }
            OpenMetricsEncoder.writeSample(prefix, total, at: end, to: &out)
            previousEnd = end
        }
    }

    static func writeSample(_ prefix: [UInt8], _ value: Number, at time: Int64, to out: inout [UInt8]) {
        out.append(contentsOf: prefix)
        if value.isFinite {
            value.write(to: &out)
        } else {
            // The ABNF's spellings of non-finite numbers.
            let d = value.doubleValue
            out.append(contentsOf: (d.isNaN ? "NaN" : (d < 0 ? "-Inf" : "+Inf")).utf8)
        }
        out.append(UInt8(ascii: " "))
        NumberText.writeDecimal(significand: time, exponent: 0, to: &out)
        out.append(0x0A)
    }

    private func flush(_ out: inout [UInt8], to sink: any OutputSink) throws {
        try sink.write(emptying: &out)
    }

    // MARK: - Families

    /// One metric family: its metadata and its series, in output order.
    struct Family {
        /// The family name (`usageconv_traffic_bytes`).
        var name: String
        /// Counter (amounts) or gauge (rates).
        var isCounter: Bool
        /// The `# UNIT` value, when the base unit is one Prometheus names (`bytes`).
        var unit: String?
        /// The first member's shape, for the help text (every member has the family's base unit).
        var shape: MetricShape
        /// The series, each as labels and the points carrying them.
        var members: [Member] = []

        /// The name samples carry: counters' get `_total`.
        var sampleName: String { isCounter ? name + "_total" : name }

        /// `# TYPE`, `# UNIT`, `# HELP`, in the order the spec recommends.
        func writeHeader(to out: inout [UInt8]) {
            out.append(contentsOf: "# TYPE \(name) \(isCounter ? "counter" : "gauge")\n".utf8)
            if let unit { out.append(contentsOf: "# UNIT \(name) \(unit)\n".utf8) }
            out.append(contentsOf: "# HELP \(name) ".utf8)
            OpenMetricsEncoder.appendEscaped(help, to: &out)
            out.append(0x0A)
        }

        /// What the family holds, in the base unit, and how to query it.
        var help: String {
            let what = shape.measurement + (shape.item == nil ? "" : " (OnApp cost items, label item)")
            let unitText: String
            switch shape.unit {
            case .bytes: unitText = "bytes"
            case .bytesPerSecond: unitText = "bytes per second"
            case .currency: unitText = "the currency in label currency"
            case .other(let other): unitText = other == "count" ? "a count" : "the unit in label unit"
            }
            if isCounter {
                return "usageconv \(what) from provider dumps: \(unitText) accrued since the series' first interval "
                    + "(cumulative, rises at each interval's end; use increase())"
            }
            return "usageconv \(what) from provider dumps: mean over the interval [t, t+step), \(unitText)"
        }
    }

    /// One Prometheus series of a family.
    struct Member {
        /// The index of its `Series`.
        var series: Int
        /// Its unit and factor to the base unit (KB and B series share a bytes family).
        var shape: MetricShape
        /// The points with these labels, when the series has per-point labels; `nil` for all.
        var points: [Int]?
        /// `{source="...",...}`, escaped.
        var labels: [UInt8]
    }

    /// The families `series` make, sorted by name; every check that can fail runs here, before output.
    static func families(of series: [Series]) throws(Diagnostic) -> [Family] {
        var byName: [String: Family] = [:]
        var seen: Set<[UInt8]> = []
        for (index, s) in series.enumerated() {
            let identity = s.identity
            let shape = MetricShape(identity)
            let name = familyName(shape)
            var family = byName[name] ?? Family(name: name, isCounter: !shape.isRate, unit: unitName(shape.unit), shape: shape)
            if family.isCounter != !shape.isRate {
                throw .error(
                    .invalidValue,
                    "\(describe(identity)) would be in family \(name) as a \(shape.isRate ? "gauge" : "counter"), "
                        + "but another series already made it a \(family.isCounter ? "counter" : "gauge"); convert them separately"
                )
            }
            if family.isCounter {
                do {
                    try s.forEachPage { page in
                        for i in 0..<page.count {
                            let value = page.values[i]
                            guard value.isFinite, !value.isNegative else {
                                throw Diagnostic.error(
                                    .invalidValue,
                                    "\(describe(identity)) at \(UnixTime.iso8601(page.times[i])) is \(value): an OpenMetrics counter "
                                        + "(cumulative amount) cannot take a negative or infinite amount; use --to csv or --to influx"
                                )
                            }
                        }
                    }
                } catch {
                    throw error as? Diagnostic ?? .error(.ioFailure, "\(error)")
                }
            }
            var fixed: [(String, String)] = [("source", identity.source), ("resource", identity.resource)]
            if !identity.direction.isEmpty { fixed.append(("direction", identity.direction)) }
            if let item = shape.item { fixed.append(("item", item)) }
            switch shape.unit {
            case .currency(let code): fixed.append(("currency", code))
            case .other(let unit) where unit != "count": fixed.append(("unit", unit))
            default: break
            }
            fixed.append(("step", String(identity.step)))
            let reserved = Set(fixed.map(\.0))
            let extraNames = s.labels.keys.sorted().map { key -> (key: String, name: String) in
                var name = labelName(key)
                if reserved.contains(name) || name.hasPrefix("__") { name = "label_" + name }
                return (key, name)
            }
            for group in pointGroups(s, keys: extraNames.map(\.key)) {
                var pairs = fixed
                for (k, value) in group.values.enumerated() where !value.isEmpty { pairs.append((extraNames[k].name, value)) }
                let labels = labelText(pairs)
                guard seen.insert(Array(name.utf8) + labels).inserted else {
                    throw .error(
                        .invalidValue,
                        "\(describe(identity)) would be the same Prometheus series as another one (\(name)"
                            + "\(String(decoding: labels, as: UTF8.self))): they differ only in unit or in what a missing point "
                            + "means; convert them separately"
                    )
                }
                family.members.append(Member(series: index, shape: shape, points: group.points, labels: labels))
            }
            byName[name] = family
        }
        // Byte order, so the output never depends on Unicode collation.
        return byName.values.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The points of `s` grouped by their per-point label values (first appearance first); one group of all points without labels.
    private static func pointGroups(_ s: Series, keys: [String]) -> [(values: [String], points: [Int]?)] {
        guard !keys.isEmpty else { return [([], nil)] }
        let columns = keys.map { s.labels[$0] ?? [] }
        var index: [[String]: Int] = [:]
        var groups: [(values: [String], points: [Int]?)] = []
        for i in 0..<s.count {
            let values = columns.map { $0[i] }
            if let g = index[values] {
                groups[g].points?.append(i)
            } else {
                index[values] = groups.count
                groups.append((values, [i]))
            }
        }
        return groups
    }

    /// `usageconv_<metric>` plus the base unit's suffix, in the characters metric names allow.
    static func familyName(_ shape: MetricShape) -> String {
        var name = "usageconv_" + sanitized(shape.measurement)
        switch shape.unit {
        case .bytes: name += "_bytes"
        case .bytesPerSecond: name += "_bytes_per_second"
        case .currency, .other: break
        }
        return name
    }

    private static func unitName(_ unit: MetricShape.BaseUnit) -> String? {
        switch unit {
        case .bytes: "bytes"
        case .bytesPerSecond: "bytes_per_second"
        case .currency, .other: nil
        }
    }

    /// `text` with every character outside `[a-zA-Z0-9_]` as `_` (the ABNF's metricname-char,
    /// leaving out `:`, which Prometheus keeps for recording rules).
    static func sanitized(_ text: String) -> String {
        let bytes = text.utf8.map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                byte
            default: UInt8(ascii: "_")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A label name from a per-point label's key (`label-name-initial-char` is not a digit).
    private static func labelName(_ key: String) -> String {
        let name = sanitized(key)
        return name.first?.isNumber == false ? name : "_" + name
    }

    /// `{a="x",b="y"}` with values escaped.
    private static func labelText(_ pairs: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (k, (name, value)) in pairs.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "=\"".utf8)
            appendEscaped(value, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The spec's escaped-string: line feed as `\n`, `"` as `\"`, `\` as `\\`; all else as UTF-8.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            default: out.append(byte)
            }
        }
    }

    private static func describe(_ identity: SeriesIdentity) -> String {
        "\(identity.source) \(identity.resource) \(identity.metric)" + (identity.direction.isEmpty ? "" : " \(identity.direction)")
    }
}
