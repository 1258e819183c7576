/// CSV (RFC 4180) and TSV: a header, then one row per point in series order, then time order.
///
/// Per-point labels (SurferCloud `billed`) become extra columns after `quality`, named and sorted
/// by label, only when some series has them; so readers that select columns by name keep working.
public struct DelimitedEncoder: UsageEncoder {
    /// The dialect.
    public enum Style: Sendable {
        /// Comma-separated; fields with `,`, `"`, CR or LF are quoted with doubled quotes.
        case csv
        /// Tab-separated; tab, newline, carriage return and backslash are escaped.
        case tsv
    }

    /// The column names, in order.
    public static let columns = ["time", "source", "resource", "metric", "direction", "unit", "step", "value", "quality"]

    /// The dialect.
    public var style: Style
    /// The time format.
    public var time: TimeFormat
    /// The zone of `.local` times.
    public var zone: ZoneRules

    /// Creates an encoder.
    public init(style: Style, time: TimeFormat = .iso, zone: ZoneRules = .utc) {
        self.style = style
        self.time = time
        self.zone = zone
    }

    private var separator: UInt8 { style == .csv ? UInt8(ascii: ",") : UInt8(ascii: "\t") }

    /// Writes the header and every point.
    public func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        var out: [UInt8] = []
        out.reserveCapacity(encoderChunk + 4096)
        let labelNames = Set(series.flatMap(\.labels.keys)).sorted()
        for (index, column) in (Self.columns + labelNames).enumerated() {
            if index > 0 { out.append(separator) }
            appendField(column, to: &out)
        }
        out.append(0x0A)
        // Locals, not `self`: the row loop runs in a closure per page, which would otherwise copy
        // the encoder (and its zone rules) at every point.
        let time = self.time
        let zone = self.zone
        let separator = self.separator
        let qualityTails: [[UInt8]] = Quality.allCases.map { [separator] + Array($0.name.utf8) + [0x0A] }
        let longestTail = qualityTails.map(\.count).max() ?? 0
        var labelledTail: [UInt8] = []
        var dateBytes: [UInt8] = []
        var cachedDay = Int64.min
        var localBytes: [UInt8] = []
        for s in series {
            let identity = s.identity
            var middle: [UInt8] = []
            for field in [identity.source, identity.resource, identity.metric, identity.direction, identity.unit, String(identity.step)] {
                middle.append(separator)
                appendField(field, to: &middle)
            }
            middle.append(separator)
            let fixed = 40 + middle.count + 16
            var head: [UInt8] = []
            cachedDay = Int64.min
            try s.forEachPage { page in
                if time == .iso && labelNames.isEmpty {
                    // The common rows (UTC times, no labels) many to one reservation: the
                    // reservation and its closure cost as much as a short row's bytes. A row
                    // starts with its day's head (the date, a clock placeholder, the fixed
                    // columns) copied once, the clock written over the placeholder.
                    var i = 0
                    while i < page.count {
                        out.append(addingCapacity: 65_536 + fixed + longestTail + 512) { rows in
                            while i < page.count {
                                let value = page.values[i]
                                guard rows.freeCapacity >= fixed + longestTail + dateBytes.count + value.maxTextLength else { return }
                                let t = page.times[i]
                                // Consecutive points share a day: format the date part once per day.
                                let day = UnixTime.floorDiv(t, 86_400)
                                if day != cachedDay {
                                    dateBytes.removeAll(keepingCapacity: true)
                                    UnixTime.writeDate(days: day, to: &dateBytes)
                                    cachedDay = day
                                    head.removeAll(keepingCapacity: true)
                                    head += dateBytes
                                    head += "T00:00:00Z".utf8
                                    head += middle
                                }
                                rows.append(head: head, clock: Int(t - day * 86_400), at: dateBytes.count)
                                rows.append(number: value)
                                rows.append(bytes: qualityTails[Int(page.qualities[i].rawValue)])
                                i += 1
                            }
                        }
                        if out.count >= encoderChunk { try sink.write(emptying: &out) }
                    }
                    return
                }
                for i in 0..<page.count {
                    let t = page.times[i]
                    let value = page.values[i]
                    var tail = qualityTails[Int(page.qualities[i].rawValue)]
                    if !labelNames.isEmpty {
                        labelledTail.removeAll(keepingCapacity: true)
                        labelledTail.append(contentsOf: tail.dropLast())
                        for name in labelNames {
                            labelledTail.append(separator)
                            if let column = s.labels[name] { appendField(column[i], to: &labelledTail) }
                        }
                        labelledTail.append(0x0A)
                        tail = labelledTail
                    }
                    if time == .iso {
                        // Consecutive points share a day: format the date part once per day.
                        let day = UnixTime.floorDiv(t, 86_400)
                        if day != cachedDay {
                            dateBytes.removeAll(keepingCapacity: true)
                            UnixTime.writeDate(days: day, to: &dateBytes)
                            cachedDay = day
                        }
                    }
                    if time == .local {
                        localBytes.removeAll(keepingCapacity: true)
                        UnixTime.writeISO8601(t, offset: zone.offset(atUTC: t), to: &localBytes)
                    }
                    out.append(addingCapacity: fixed + tail.count + dateBytes.count + localBytes.count + value.maxTextLength) { row in
                        if time == .iso {
                            row.append(bytes: dateBytes)
                            row.append(clock: Int(t - cachedDay * 86_400))
                        } else if time == .local {
                            row.append(bytes: localBytes)
                        } else {
                            row.append(decimal: t, exponent: 0)
                        }
                        row.append(bytes: middle)
                        row.append(number: value)
                        row.append(bytes: tail)
                    }
                    if out.count >= encoderChunk {
                        try sink.write(emptying: &out)
                    }
                }
            }
        }
        try sink.write(out[...])
    }

    /// Appends `field` as an RFC 4180 field: quoted, with quotes doubled, only when it holds a
    /// comma, a quote or a line break (the CSV and FOCUS encoders share it).
    static func appendCSVField(_ field: String, to out: inout [UInt8]) {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else {
            out.append(contentsOf: field.utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for byte in field.utf8 {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    private func appendField(_ field: String, to out: inout [UInt8]) {
        switch style {
        case .csv:
            Self.appendCSVField(field, to: &out)
        case .tsv:
            for byte in field.utf8 {
                switch byte {
                case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                default: out.append(byte)
                }
            }
        }
    }
}
