/// Newline-delimited JSON: the CSV row model, one object per point and line.
public struct NDJSONEncoder: UsageEncoder {
    /// The time format of the `time` member.
    public var time: TimeFormat
    /// The zone of `.local` times.
    public var zone: ZoneRules

    /// Creates an encoder.
    public init(time: TimeFormat = .iso, zone: ZoneRules = .utc) {
        self.time = time
        self.zone = zone
    }

    /// Writes one line per point.
    public func encode(_ series: [Series], warnings: [Diagnostic], to sink: any OutputSink) throws {
        var out: [UInt8] = []
        out.reserveCapacity(encoderChunk + 4096)
        // Locals, not `self`: the line loop runs in a closure per page.
        let time = self.time
        let zone = self.zone
        for s in series {
            let id = s.identity
            var middle: [UInt8] = []
            for (key, value) in [
                ("source", id.source), ("resource", id.resource), ("metric", id.metric), ("direction", id.direction),
                ("unit", id.unit), ("kind", id.kind.rawValue),
            ] {
                middle.append(UInt8(ascii: ","))
                JSONText.writeKey(key, to: &middle)
                JSONText.writeString(value, to: &middle)
            }
            middle.append(UInt8(ascii: ","))
            JSONText.writeKey("step", to: &middle)
            NumberText.writeDecimal(significand: id.step, exponent: 0, to: &middle)
            middle.append(contentsOf: ",\"value\":".utf8)
            let tails: [[UInt8]] = Quality.allCases.map { Array(",\"quality\":\"\($0.name)\"".utf8) }
            let labels = s.labels.sorted { $0.key < $1.key }
            try s.forEachPage { page in
                for i in 0..<page.count {
                    out.append(contentsOf: "{\"time\":".utf8)
                    JSONText.writeTime(page.times[i], format: time, zone: zone, to: &out)
                    out.append(contentsOf: middle)
                    page.values[i].write(to: &out)
                    out.append(contentsOf: tails[Int(page.qualities[i].rawValue)])
                    for (name, column) in labels {
                        out.append(UInt8(ascii: ","))
                        JSONText.writeKey(name, to: &out)
                        JSONText.writeString(column[i], to: &out)
                    }
                    out.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
                    if out.count >= encoderChunk {
                        try sink.write(emptying: &out)
                    }
                }
            }
        }
        try sink.write(out[...])
    }
}
