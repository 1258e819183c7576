/// Writing JSON strings and scalars into a byte buffer.
public enum JSONText {
    /// Appends `text` as a JSON string literal (RFC 8259 escapes; non-ASCII kept as UTF-8).
    public static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `"key":` .
    public static func writeKey(_ key: String, to out: inout [UInt8]) {
        writeString(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    /// Appends a time as a Unix-seconds number or an ISO string (`.local`: in `zone`, with its offset).
    public static func writeTime(_ time: Int64, format: TimeFormat, zone: ZoneRules = .utc, to out: inout [UInt8]) {
        switch format {
        case .epoch:
            NumberText.writeDecimal(significand: time, exponent: 0, to: &out)
        case .iso:
            out.append(UInt8(ascii: "\""))
            UnixTime.writeISO8601(time, to: &out)
            out.append(UInt8(ascii: "\""))
        case .local:
            out.append(UInt8(ascii: "\""))
            UnixTime.writeISO8601(time, offset: zone.offset(atUTC: time), to: &out)
            out.append(UInt8(ascii: "\""))
        }
    }

    /// Appends a diagnostic as `{"severity":...,"code":...,"message":...,"file":...,...}`.
    public static func writeDiagnostic(_ diagnostic: Diagnostic, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        writeKey("severity", to: &out)
        writeString(diagnostic.severity.rawValue, to: &out)
        out.append(UInt8(ascii: ","))
        writeKey("code", to: &out)
        writeString(diagnostic.code.rawValue, to: &out)
        out.append(UInt8(ascii: ","))
        writeKey("message", to: &out)
        writeString(diagnostic.message, to: &out)
        if let location = diagnostic.location {
            let strings: [(String, String?)] = [("file", location.file), ("entry", location.entry), ("path", location.path)]
            for (key, value) in strings {
                guard let value else { continue }
                out.append(UInt8(ascii: ","))
                writeKey(key, to: &out)
                writeString(value, to: &out)
            }
            let numbers: [(String, Int64?)] = [
                ("line", location.line.map(Int64.init)), ("column", location.column.map(Int64.init)), ("offset", location.offset),
            ]
            for (key, value) in numbers {
                guard let value else { continue }
                out.append(UInt8(ascii: ","))
                writeKey(key, to: &out)
                NumberText.writeDecimal(significand: value, exponent: 0, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }
}
