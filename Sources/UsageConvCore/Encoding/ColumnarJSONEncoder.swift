/// Columnar JSON: `{"format":"usageconv/1","series":[{identity..., "time":[], "value":[], "quality":[]}],"warnings":[]}`.
///
/// One series per line so large outputs stay diffable; values are JSON numbers printed exactly
/// as the CSV prints them. `meta` appears only when a decoder recorded any.
public struct ColumnarJSONEncoder: UsageEncoder {
    /// The format tag consumers check.
    public static let formatTag = "usageconv/1"
    /// The time format of the `time` arrays (Unix seconds by default).
    public var time: TimeFormat
    /// The zone of `.local` times.
    public var zone: ZoneRules

    /// Creates an encoder.
    public init(time: TimeFormat = .epoch, zone: ZoneRules = .utc) {
        self.time = time
        self.zone = zone
    }

    /// Writes the whole document.
    public func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        var out: [UInt8] = []
        out.reserveCapacity(encoderChunk + 4096)
        out.append(contentsOf: "{\"format\":\"\(Self.formatTag)\",\n\"series\":[".utf8)
        for (index, s) in series.enumerated() {
            out.append(contentsOf: index == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
            out.append(UInt8(ascii: "{"))
            let id = s.identity
            let fields: [(String, String)] = [
                ("source", id.source), ("resource", id.resource), ("metric", id.metric), ("direction", id.direction),
                ("unit", id.unit), ("kind", id.kind.rawValue),
            ]
            for (key, value) in fields {
                JSONText.writeKey(key, to: &out)
                JSONText.writeString(value, to: &out)
                out.append(UInt8(ascii: ","))
            }
            JSONText.writeKey("step", to: &out)
            NumberText.writeDecimal(significand: id.step, exponent: 0, to: &out)
            out.append(UInt8(ascii: ","))
            JSONText.writeKey("absent", to: &out)
            JSONText.writeString(id.absent.rawValue, to: &out)
            if !s.meta.isEmpty {
                out.append(UInt8(ascii: ","))
                JSONText.writeKey("meta", to: &out)
                out.append(UInt8(ascii: "{"))
                for (k, (key, value)) in s.meta.sorted(by: { $0.key < $1.key }).enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.writeKey(key, to: &out)
                    JSONText.writeString(value, to: &out)
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: ","))
            JSONText.writeKey("time", to: &out)
            try writeColumn(s.count, to: &out, sink: sink) { JSONText.writeTime(s.times[$0], format: time, zone: zone, to: &$1) }
            out.append(UInt8(ascii: ","))
            JSONText.writeKey("value", to: &out)
            try writeColumn(s.count, to: &out, sink: sink) { s.values[$0].write(to: &$1) }
            out.append(UInt8(ascii: ","))
            JSONText.writeKey("quality", to: &out)
            let names: [[UInt8]] = Quality.allCases.map { Array("\"\($0.name)\"".utf8) }
            try writeColumn(s.count, to: &out, sink: sink) { $1.append(contentsOf: names[Int(s.qualities[$0].rawValue)]) }
            if !s.labels.isEmpty {
                out.append(UInt8(ascii: ","))
                JSONText.writeKey("labels", to: &out)
                out.append(UInt8(ascii: "{"))
                for (k, (name, column)) in s.labels.sorted(by: { $0.key < $1.key }).enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.writeKey(name, to: &out)
                    try writeColumn(column.count, to: &out, sink: sink) { JSONText.writeString(column[$0], to: &$1) }
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "],\n\"warnings\":[".utf8)
        for (index, warning) in warnings.enumerated() {
            out.append(contentsOf: index == 0 ? [0x0A] : [UInt8(ascii: ","), 0x0A])
            JSONText.writeDiagnostic(warning, to: &out)
        }
        out.append(contentsOf: "]}\n".utf8)
        try sink.write(out[...])
    }

    private func writeColumn(
        _ count: Int,
        to out: inout [UInt8],
        sink: any OutputSink,
        element: (Int, inout [UInt8]) -> Void
    ) throws {
        out.append(UInt8(ascii: "["))
        for i in 0..<count {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            element(i, &out)
            if out.count >= encoderChunk {
                try sink.write(emptying: &out)
            }
        }
        out.append(UInt8(ascii: "]"))
    }
}
