/// Reads `--to json` (columnar, `{"format":"usageconv/1","series":[...]}`) and `--to ndjson` (one point per line).
enum CanonicalJSONReader {
    /// Reads columnar JSON: every member of each series, `meta` and `labels` included.
    ///
    /// - Throws: `Diagnostic` located at line:column and JSON path.
    static func readColumnar(_ bytes: [UInt8]) throws -> [Series] {
        let reader = JSONReader(bytes: bytes)
        try reader.expect(.beginObject, "a usageconv JSON document {\"format\": \"usageconv/1\", ...}")
        var series: [Series] = []
        try reader.forEachMember {
            if reader.isKey("series") {
                try reader.expect(.beginArray, "an array of series")
                try reader.forEachElement { token in
                    guard token == .beginObject else { throw reader.mismatch(expected: "a series object", found: token) }
                    series.append(try readSeries(reader))
                }
            } else {
                try reader.skipNextValue()  // format (checked by the sniff), warnings
            }
        }
        try reader.expect(.endOfInput, "end of input after the document")
        return series
    }

    /// Reads one columnar series after its `{`.
    private static func readSeries(_ reader: JSONReader) throws -> Series {
        let location = reader.location
        var text: [String: String] = [:]
        var step: Int64? = nil
        var times: [Int64] = []
        var values: [Number] = []
        var qualities: [Quality] = []
        var meta: [String: String] = [:]
        var labels: [String: [String]] = [:]
        try reader.forEachMember {
            let key = reader.key
            switch key {
            case "source", "resource", "metric", "direction", "unit", "kind", "absent":
                text[key] = try reader.readString("the series' \(key) as a string")
            case "step":
                try reader.expect(.number, "the step in seconds")
                step = try reader.int64Value()
            case "time":
                try reader.expect(.beginArray, "an array of times")
                try reader.forEachElement { times.append(try time(reader, $0)) }
            case "value":
                try reader.expect(.beginArray, "an array of values")
                try reader.forEachElement { token in
                    guard token == .number else { throw reader.mismatch(expected: "a number", found: token) }
                    values.append(try reader.numberValue())
                }
            case "quality":
                try reader.expect(.beginArray, "an array of qualities")
                try reader.forEachElement { qualities.append(try quality(reader, $0)) }
            case "meta":
                try reader.expect(.beginObject, "meta as an object of strings")
                try reader.forEachMember { meta[reader.key] = try reader.readString("a meta value as a string") }
            case "labels":
                try reader.expect(.beginObject, "labels as an object of string arrays")
                try reader.forEachMember {
                    let name = reader.key
                    var column: [String] = []
                    try reader.expect(.beginArray, "an array of label strings")
                    try reader.forEachElement { token in
                        guard token == .string else { throw reader.mismatch(expected: "a label string", found: token) }
                        column.append(reader.stringValue())
                    }
                    labels[name] = column
                }
            default:
                try reader.skipNextValue()
            }
        }
        for key in ["source", "resource", "metric", "direction", "unit"] where text[key] == nil {
            throw Diagnostic.error(.missingField, "expected a \"\(key)\" member in the series, found none", at: location)
        }
        guard let step, step > 0 else { throw Diagnostic.error(.missingField, "expected a positive \"step\" in the series", at: location) }
        let unit = text["unit"] ?? ""
        guard let kind = text["kind"].map({ Kind(rawValue: $0) }) ?? CanonicalSeriesReader.kind(ofUnit: unit) else {
            throw Diagnostic.error(.invalidValue, "expected kind rate or amount, found \(text["kind"] ?? "")", at: location)
        }
        guard let absent = text["absent"].map({ Absent(rawValue: $0) }) ?? .unknown else {
            throw Diagnostic.error(.invalidValue, "expected absent zero or unknown, found \(text["absent"] ?? "")", at: location)
        }
        if qualities.isEmpty && !times.isEmpty { qualities = Array(repeating: .measured, count: times.count) }
        guard values.count == times.count, qualities.count == times.count, labels.values.allSatisfy({ $0.count == times.count }) else {
            throw Diagnostic.error(
                .malformedInput,
                "expected time, value, quality and label arrays of one length, found \(times.count) times and \(values.count) values",
                at: location
            )
        }
        let identity = Self.identity(text, unit: unit, kind: kind, step: step, absent: absent)
        var collector = CanonicalRowCollector()
        for i in times.indices {
            var row: [String: String] = [:]
            for (name, column) in labels { row[name] = column[i] }
            collector.add(identity, time: times[i], value: values[i], quality: qualities[i], labels: row, at: location)
        }
        var series = try collector.finish().first ?? Series(identity: identity)
        series.meta = meta
        series.origin = location
        return series
    }

    /// Reads NDJSON: one `{"time", "source", ..., "value", "quality", labels...}` object per line.
    ///
    /// - Throws: `Diagnostic` located at line:column.
    static func readLines(_ bytes: [UInt8]) throws -> [Series] {
        var collector = CanonicalRowCollector()
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { ![0x20, 0x09, 0x0D].contains($0) }) else { continue }
            do {
                try readLine(Array(line), into: &collector, line: lineNumber)
            } catch var diagnostic as Diagnostic {
                // Each line is its own JSON document: its reader counts from line 1.
                if diagnostic.location?.line != nil { diagnostic.location?.line = lineNumber }
                throw diagnostic
            }
        }
        return try collector.finish()
    }

    /// Reads one NDJSON line: `{"time", "source", ..., "value", "quality", labels...}`.
    private static func readLine(_ bytes: [UInt8], into collector: inout CanonicalRowCollector, line: Int) throws {
        let reader = JSONReader(bytes: bytes)
        try reader.expect(.beginObject, "one point object per line")
        var location = reader.location
        location.line = line
        var text: [String: String] = [:]
        var labels: [String: String] = [:]
        var time: Int64? = nil
        var step: Int64? = nil
        var value: Number? = nil
        var quality = Quality.measured
        try reader.forEachMember {
            let key = reader.key
            switch key {
            case "time": time = try Self.time(reader, try reader.next())
            case "step":
                try reader.expect(.number, "the step in seconds")
                step = try reader.int64Value()
            case "value":
                try reader.expect(.number, "the value as a number")
                value = try reader.numberValue()
            case "quality": quality = try Self.quality(reader, try reader.next())
            case "source", "resource", "metric", "direction", "unit", "kind": text[key] = try reader.readString("\(key) as a string")
            default: labels[key] = try reader.readString("the label \(key) as a string")
            }
        }
        try reader.expect(.endOfInput, "the end of the line after the point")
        guard let time, let step, step > 0, let value, let unit = text["unit"] else {
            throw Diagnostic.error(.missingField, "expected time, step, value and unit in each line", at: location)
        }
        let kind = text["kind"].flatMap(Kind.init(rawValue:)) ?? CanonicalSeriesReader.kind(ofUnit: unit)
        let identity = Self.identity(text, unit: unit, kind: kind, step: step, absent: .unknown)
        collector.add(identity, time: time, value: value, quality: quality, labels: labels, at: location)
    }

    /// The identity named by a series' (or a line's) text members.
    private static func identity(_ text: [String: String], unit: String, kind: Kind, step: Int64, absent: Absent) -> SeriesIdentity {
        SeriesIdentity(
            source: text["source"] ?? "",
            resource: text["resource"] ?? "",
            metric: text["metric"] ?? "",
            direction: text["direction"] ?? "",
            unit: unit,
            kind: kind,
            step: step,
            absent: absent
        )
    }

    /// A time as Unix seconds or an ISO 8601 string with a zone.
    private static func time(_ reader: JSONReader, _ token: JSONToken) throws -> Int64 {
        if token == .number { return try reader.int64Value() }
        guard token == .string, let time = reader.iso8601Value() else {
            throw reader.mismatch(expected: "a time as Unix seconds or ISO 8601 with a zone", found: token)
        }
        return time
    }

    private static func quality(_ reader: JSONReader, _ token: JSONToken) throws -> Quality {
        guard token == .string, let quality = CanonicalSeriesReader.quality(named: reader.stringValue()) else {
            throw reader.mismatch(expected: "a quality (\(Quality.allCases.map(\.name).joined(separator: ", ")))", found: token)
        }
        return quality
    }
}
