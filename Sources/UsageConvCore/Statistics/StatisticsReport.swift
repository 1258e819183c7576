/// Renders `usageconv stats` results as an aligned table, CSV, or JSON.
public enum StatisticsReport {
    /// The output forms.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Aligned columns for a terminal.
        case table
        /// RFC 4180 CSV with a header.
        case csv
        /// `{"format":"usageconv-stats/1","series":[...],"warnings":[...]}`.
        case json
    }

    /// The columns, left to right.
    public static let columns = [
        "source", "resource", "metric", "direction", "unit", "step", "points", "expected", "coverage",
        "first", "last", "total", "total_unit", "mean", "min", "max", "p95",
    ]

    /// The rows of `series` that `usageconv stats` prints: one per series and, with `p95Of`, one
    /// per billed combination of directions (`bill:in`, `bill:out`, `bill:max`, `bill:sum`).
    ///
    /// - Parameters:
    ///   - series: the series to summarise, as decoded and transformed.
    ///   - window: `--start`/`--end`, so coverage counts the points the window expects.
    ///   - p95Of: which directions to combine into billing rows (`--p95-of`), or nil for none.
    public static func rows(
        _ series: [Series],
        window: (start: Int64?, end: Int64?),
        p95Of: BillingBasis?
    ) -> [SeriesStatistics] {
        var rows = series.map { SeriesStatistics.of($0, window: window) }
        if let p95Of {
            rows += DirectionCombiner.combine(series, basis: p95Of).map { combined in
                var stats = SeriesStatistics.of(combined, window: window)
                if p95Of == .in || p95Of == .out { stats.identity.direction = "bill:\(p95Of.rawValue)" }
                return stats
            }
        }
        return rows
    }

    /// One warning per row with fewer points than its span expects, so a total over a month with
    /// a missing day is not mistaken for the month's.
    public static func coverageWarnings(_ rows: [SeriesStatistics]) -> [Diagnostic] {
        rows.filter { $0.present < $0.expected }.map { row in
            let i = row.identity
            let zeros = i.absent == .zero ? "; missing points count as zeros (the provider omits them)" : ""
            return .warning(
                .invalidValue,
                "\(i.resource) \(i.metric) \(i.direction): coverage \(percent(row)) "
                    + "(\(row.present) of \(row.expected) points at \(i.step) s)\(zeros)"
            )
        }
    }

    /// The text of `rows` in `format`.
    public static func render(_ rows: [SeriesStatistics], warnings: [Diagnostic], format: Format) -> [UInt8] {
        switch format {
        case .json: return json(rows, warnings: warnings)
        case .csv, .table:
            let cells = [columns] + rows.map(fields)
            if format == .csv {
                var out: [UInt8] = []
                for row in cells {
                    out.append(contentsOf: Array(row.map(csvField).joined(separator: ",").utf8))
                    out.append(0x0A)
                }
                return out
            }
            var widths = [Int](repeating: 0, count: columns.count)
            for row in cells { for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], cell.count) } }
            var out: [UInt8] = []
            for row in cells {
                var line = ""
                for (i, cell) in row.enumerated() {
                    // Numbers right-aligned, text left-aligned, as people read tables.
                    let pad = String(repeating: " ", count: widths[i] - cell.count)
                    let numeric = i >= 5 && i != 9 && i != 10 && i != 12
                    line += (i == 0 ? "" : "  ") + (numeric ? pad + cell : cell + pad)
                }
                while line.hasSuffix(" ") { line.removeLast() }
                out.append(contentsOf: Array(line.utf8))
                out.append(0x0A)
            }
            return out
        }
    }

    /// Coverage as a percentage with at most two decimals, truncated so 99.999% never shows as 100%.
    public static func percent(_ s: SeriesStatistics) -> String {
        guard s.expected > 0 else { return "" }
        let hundredths = Int64(s.present) * 10_000 / Int64(s.expected)
        return Number(significand: hundredths, exponent: -2).description + "%"
    }

    static func fields(_ s: SeriesStatistics) -> [String] {
        let i = s.identity
        return [
            i.source, i.resource, i.metric, i.direction, i.unit, "\(i.step)", "\(s.present)", "\(s.expected)", percent(s),
            s.span.map { UnixTime.iso8601($0.lowerBound) } ?? "", s.span.map { UnixTime.iso8601($0.upperBound) } ?? "",
            s.total?.description ?? "", s.totalUnit, s.mean?.description ?? "", s.min?.description ?? "",
            s.max?.description ?? "", s.p95?.description ?? "",
        ]
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }

    static func json(_ rows: [SeriesStatistics], warnings: [Diagnostic]) -> [UInt8] {
        var out: [UInt8] = Array("{\"format\":\"usageconv-stats/1\",\"series\":[".utf8)
        for (index, s) in rows.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            let i = s.identity
            let strings: [(String, String)] = [
                ("source", i.source), ("resource", i.resource), ("metric", i.metric), ("direction", i.direction),
                ("unit", i.unit), ("kind", i.kind.rawValue), ("absent", i.absent.rawValue),
            ]
            for (key, value) in strings {
                JSONText.writeKey(key, to: &out)
                JSONText.writeString(value, to: &out)
                out.append(UInt8(ascii: ","))
            }
            for (key, value) in [("step", i.step), ("points", Int64(s.present)), ("expected", Int64(s.expected))] {
                JSONText.writeKey(key, to: &out)
                NumberText.writeDecimal(significand: value, exponent: 0, to: &out)
                out.append(UInt8(ascii: ","))
            }
            JSONText.writeKey("coverage", to: &out)
            NumberText.writeDouble(s.coverage, to: &out)
            for (key, time) in [("first", s.span?.lowerBound), ("last", s.span?.upperBound)] {
                out.append(UInt8(ascii: ","))
                JSONText.writeKey(key, to: &out)
                if let time { JSONText.writeTime(time, format: .epoch, to: &out) } else { out.append(contentsOf: Array("null".utf8)) }
            }
            out.append(UInt8(ascii: ","))
            JSONText.writeKey("total_unit", to: &out)
            JSONText.writeString(s.totalUnit, to: &out)
            for (key, value) in [("total", s.total), ("mean", s.mean), ("min", s.min), ("max", s.max), ("p95", s.p95)] {
                out.append(UInt8(ascii: ","))
                JSONText.writeKey(key, to: &out)
                if let value { value.write(to: &out) } else { out.append(contentsOf: Array("null".utf8)) }
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: Array("],\"warnings\":[".utf8))
        for (index, warning) in warnings.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.writeDiagnostic(warning, to: &out)
        }
        out.append(contentsOf: Array("]}\n".utf8))
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for c in self { if c == target { result += replacement } else { result.append(c) } }
        return result
    }
}
