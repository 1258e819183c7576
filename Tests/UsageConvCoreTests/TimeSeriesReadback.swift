import Foundation
import Testing
import UsageConvTestSupport

/// What Prometheus and InfluxDB must hold after loading usageconv's output, derived from the CSV
/// output of the same conversion independently of the encoders (their own arithmetic is not
/// trusted): Foundation `Decimal` for unit factors and counter sums, the naming rules restated.
enum TimeSeriesExpectation {
    /// One CSV row (`--to csv --time epoch`).
    struct Row {
        var time: Int64
        var source: String
        var resource: String
        var metric: String
        var direction: String
        var unit: String
        var step: Int64
        var value: Decimal
        var quality: String
        /// Per-point label columns after `quality` (SurferCloud `billed`), by name.
        var labels: [String: String]
    }

    /// Base-unit factors of the data units fixtures use; a unit missing here fails the test.
    static let byteFactors: [String: (factor: Decimal, rate: Bool)] = [
        "bit/s": (Decimal(string: "0.125")!, true), "B/s": (1, true), "kbit/s": (125, true), "Mbit/s": (125_000, true),
        "B": (1, false), "KB": (1000, false), "kB": (1000, false), "MB": (1_000_000, false), "GB": (1_000_000_000, false),
        "KiB": (1024, false), "MiB": (1_048_576, false), "GiB": (1_073_741_824, false), "bit": (Decimal(string: "0.125")!, false),
    ]

    static func isCurrency(_ unit: String) -> Bool {
        unit.count == 3 && unit.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// Rows of RFC 4180 CSV text with a header.
    static func rows(csv: String) throws -> [Row] {
        let table = parseCSV(csv)
        guard let header = table.first else { return [] }
        return try table.dropFirst().map { fields in
            guard fields.count == header.count, let time = Int64(fields[0]), let step = Int64(fields[6]),
                let value = Decimal(string: fields[7], locale: Locale(identifier: "en_US_POSIX"))
            else { throw ReadbackError("unreadable CSV row \(fields)") }
            var labels: [String: String] = [:]
            for (name, text) in zip(header.dropFirst(9), fields.dropFirst(9)) where !text.isEmpty { labels[name] = text }
            return Row(
                time: time,
                source: fields[1],
                resource: fields[2],
                metric: fields[3],
                direction: fields[4],
                unit: fields[5],
                step: step,
                value: value,
                quality: fields[8],
                labels: labels
            )
        }
    }

    /// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
    static func parseCSV(_ text: String) -> [[String]] {
        CSVTable.rows(text)
    }

    /// The row's value in the base unit (bytes, bytes per second; others as they are).
    static func baseValue(_ row: Row) throws -> Decimal {
        if let data = byteFactors[row.unit] { return row.value * data.factor }
        if row.unit.contains("bit") || row.unit.hasSuffix("B") || row.unit.hasSuffix("B/s") {
            throw ReadbackError("data unit \(row.unit) is not in the test's table")
        }
        return row.value
    }

    /// The measurement and cost item: OnApp's `cost.total` is `cost` with item `total`.
    static func measurement(_ metric: String) -> (name: String, item: String?) {
        metric.hasPrefix("cost.") ? ("cost", String(metric.dropFirst(5))) : (metric, nil)
    }

    // MARK: - Prometheus

    /// One Prometheus series: its labels, `__name__` included, in a canonical text.
    static func promKey(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.debugDescription)" }.joined(separator: ",")
    }

    /// The samples Prometheus must hold, by series: times in milliseconds, values as doubles.
    static func promSamples(_ rows: [Row]) throws -> [String: [(ms: Int64, value: Double)]] {
        var bySeries: [String: [Row]] = [:]
        var order: [String] = []
        var isCounter: [String: Bool] = [:]
        for row in rows {
            let (name, item) = measurement(row.metric)
            let data = byteFactors[row.unit]
            let allowed = { (b: UInt8) in (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
            var family = "usageconv_" + String(decoding: name.utf8.map { allowed($0) ? $0 : 0x5F }, as: UTF8.self)
            if let data { family += data.rate ? "_bytes_per_second" : "_bytes" }
            let counter = !(data?.rate ?? false)
            var labels = [
                "__name__": counter ? family + "_total" : family, "source": row.source, "resource": row.resource, "step": String(row.step),
            ]
            if !row.direction.isEmpty { labels["direction"] = row.direction }
            if let item { labels["item"] = item }
            if isCurrency(row.unit) {
                labels["currency"] = row.unit
            } else if data == nil && row.unit != "count" {
                labels["unit"] = row.unit
            }
            for (k, v) in row.labels { labels[k] = v }
            let key = promKey(labels)
            if bySeries[key] == nil { order.append(key) }
            bySeries[key, default: []].append(row)
            isCounter[key] = counter
        }
        var expected: [String: [(ms: Int64, value: Double)]] = [:]
        for key in order {
            let points = (bySeries[key] ?? []).sorted { $0.time < $1.time }
            var samples: [(ms: Int64, value: Double)] = []
            if isCounter[key] == true {
                // A counter from 0 at the first start, rising by each amount at the interval's end
                // (the next start when earlier), repeated at a start that follows a gap.
                var total: Decimal = 0
                var previousEnd: Int64? = nil
                for (k, row) in points.enumerated() {
                    if previousEnd != row.time { samples.append((row.time * 1000, double(total))) }
                    total += try baseValue(row)
                    var end = row.time + row.step
                    if k + 1 < points.count { end = min(end, points[k + 1].time) }
                    samples.append((end * 1000, double(total)))
                    previousEnd = end
                }
            } else {
                samples = try points.map { ($0.time * 1000, double(try baseValue($0))) }
            }
            expected[key] = samples
        }
        return expected
    }

    /// The nearest double to a decimal, through its exact text (correctly rounded).
    static func double(_ d: Decimal) -> Double {
        Double(NSDecimalNumber(decimal: d).stringValue) ?? .nan
    }

    /// `promtool tsdb dump` lines: `{__name__="x", a="b"} 1.5e+07 1503244800000`, grouped by series.
    static func parseDump(_ text: String) throws -> [String: [(ms: Int64, value: Double)]] {
        var result: [String: [(ms: Int64, value: Double)]] = [:]
        for line in text.split(separator: "\n") {
            var scalars = Array(line.unicodeScalars)[...]
            guard scalars.popFirst() == "{" else { throw ReadbackError("unexpected dump line \(line)") }
            var labels: [String: String] = [:]
            while scalars.first != "}" {
                let name = String(String.UnicodeScalarView(scalars.prefix { $0 != "=" }))
                scalars = scalars.dropFirst(name.unicodeScalars.count)
                guard scalars.popFirst() == "=", scalars.popFirst() == "\"" else { throw ReadbackError("bad label in \(line)") }
                labels[name] = try goUnquote(&scalars)
                if scalars.first == "," { scalars = scalars.dropFirst(2) }  // ", "
            }
            let rest = String(String.UnicodeScalarView(scalars.dropFirst())).split(separator: " ")
            guard rest.count == 2, let value = Double(rest[0]), let ms = Int64(rest[1]) else {
                throw ReadbackError("bad sample in \(line)")
            }
            result[promKey(labels), default: []].append((ms, value))
        }
        return result
    }

    /// Reads a Go `strconv.Quote` body up to and including its closing quote.
    static func goUnquote(_ scalars: inout ArraySlice<Unicode.Scalar>) throws -> String {
        var out = String.UnicodeScalarView()
        var bytes: [UInt8] = []  // \xNN escapes are bytes of UTF-8
        func flushBytes() {
            if !bytes.isEmpty { out.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars) }
            bytes = []
        }
        while let c = scalars.popFirst() {
            if c == "\"" {
                flushBytes()
                return String(out)
            }
            guard c == "\\" else {
                flushBytes()
                out.append(c)
                continue
            }
            guard let e = scalars.popFirst() else { break }
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "\\", "\"": out.append(e)
            case "x":
                let hex = String(String.UnicodeScalarView(scalars.prefix(2)))
                scalars = scalars.dropFirst(2)
                bytes.append(UInt8(hex, radix: 16) ?? 0)
                continue
            case "u", "U":
                let count = e == "u" ? 4 : 8
                let hex = String(String.UnicodeScalarView(scalars.prefix(count)))
                scalars = scalars.dropFirst(count)
                if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { out.append(s) }
            default: throw ReadbackError("unknown escape \\\(e)")
            }
            flushBytes()
        }
        throw ReadbackError("unterminated quoted label value")
    }

    /// Differences between what Prometheus holds and what it must hold; empty when equal.
    static func promMismatches(expected: [String: [(ms: Int64, value: Double)]], actual: [String: [(ms: Int64, value: Double)]]) -> [String]
    {
        var problems: [String] = []
        for key in Set(expected.keys).union(actual.keys).sorted() {
            let e = expected[key] ?? []
            let a = actual[key] ?? []
            if e.count != a.count {
                problems.append("\(key): \(a.count) samples read back, \(e.count) expected")
                continue
            }
            for (x, y) in zip(e, a) where x.ms != y.ms || x.value != y.value {
                problems.append("\(key): read back \(y.value) at \(y.ms) ms, expected \(x.value) at \(x.ms) ms")
                break
            }
        }
        return problems
    }

    // MARK: - InfluxDB

    /// One InfluxDB series key: measurement and non-empty tags.
    static func influxKey(_ measurement: String, _ tags: [String: String]) -> String {
        measurement + "|"
            + tags.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.debugDescription)" }.joined(
                separator: ","
            )
    }

    /// The points InfluxDB must hold, by series: Unix seconds, value in the base unit, quality.
    static func influxPoints(_ rows: [Row]) throws -> [String: [(time: Int64, value: Double, quality: String)]] {
        var result: [String: [(time: Int64, value: Double, quality: String)]] = [:]
        for row in rows {
            let (name, item) = measurement(row.metric)
            let unit: String
            if let data = byteFactors[row.unit] { unit = data.rate ? "B/s" : "B" } else { unit = row.unit }
            var tags = ["source": row.source, "resource": row.resource, "direction": row.direction, "step": String(row.step), "unit": unit]
            if let item { tags["item"] = item }
            for (k, v) in row.labels { tags[k] = v }
            result[influxKey(name, tags), default: []].append((row.time, double(try baseValue(row)), row.quality))
        }
        return result.mapValues { $0.sorted { $0.time < $1.time } }
    }

    /// `/query` JSON (`GROUP BY *`, `epoch=s`) as points by series.
    static func parseInfluxQuery(_ data: Data) throws -> [String: [(time: Int64, value: Double, quality: String)]] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let results = root["results"] as? [[String: Any]]
        else { throw ReadbackError("unexpected /query answer \(String(decoding: data, as: UTF8.self).prefix(300))") }
        var out: [String: [(time: Int64, value: Double, quality: String)]] = [:]
        for result in results {
            if let error = result["error"] { throw ReadbackError("query error \(error)") }
            for series in result["series"] as? [[String: Any]] ?? [] {
                let name = series["name"] as? String ?? ""
                let tags = series["tags"] as? [String: String] ?? [:]
                let columns = series["columns"] as? [String] ?? []
                guard let t = columns.firstIndex(of: "time"), let v = columns.firstIndex(of: "value"),
                    let q = columns.firstIndex(of: "quality")
                else {
                    throw ReadbackError("columns \(columns)")
                }
                for case let row as [Any] in series["values"] as? [Any] ?? [] {
                    guard let time = (row[t] as? NSNumber)?.int64Value, let value = (row[v] as? NSNumber)?.doubleValue else { continue }
                    out[influxKey(name, tags), default: []].append((time, value, row[q] as? String ?? ""))
                }
            }
        }
        return out
    }

    /// Differences between what InfluxDB holds and what it must hold, row for row; empty when equal.
    static func influxMismatches(
        expected: [String: [(time: Int64, value: Double, quality: String)]],
        actual: [String: [(time: Int64, value: Double, quality: String)]]
    ) -> [String] {
        var problems: [String] = []
        for key in Set(expected.keys).union(actual.keys).sorted() {
            let e = expected[key] ?? []
            let a = actual[key] ?? []
            if e.count != a.count {
                problems.append("\(key): \(a.count) points read back, \(e.count) expected")
                continue
            }
            for (x, y) in zip(e, a) where x.time != y.time || x.value != y.value || x.quality != y.quality {
                problems.append("\(key): read back \(y) expected \(x)")
                break
            }
        }
        return problems
    }
}

/// A readback that did not parse.
struct ReadbackError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
