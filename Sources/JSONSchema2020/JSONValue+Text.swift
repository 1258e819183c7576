import JSONStream
import UsageConvBytes
import UsageConvDiagnostics
import UsageConvValues

/// Compact JSON text for messages ("found string \"abc\"").
extension JSONValue {
    /// The value as compact JSON, cut after about `limit` characters.
    public func jsonText(limit: Int = 60) -> String {
        var out = ""
        write(to: &out, limit: limit)
        return out.count > limit ? String(out.prefix(limit)) + "..." : out
    }

    /// How a message names the value: its type, then its text (`string "abc"`, `number 1.5`).
    public var described: String {
        switch self {
        case .null: "null"
        case .bool(let flag): "boolean \(flag)"
        default: "\(typeName) \(jsonText())"
        }
    }

    private func write(to out: inout String, limit: Int) {
        // Stop early: a message never shows more than `limit` characters of a huge value.
        if out.count > limit { return }
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += number.description
        case .string(let text): out += JSONValue.quoted(text)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out, limit: limit)
                if out.count > limit { return }
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, member) in object.members.enumerated() {
                if index > 0 { out += "," }
                out += JSONValue.quoted(member.key) + ":"
                member.value.write(to: &out, limit: limit)
                if out.count > limit { return }
            }
            out += "}"
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
