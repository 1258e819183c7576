import UsageConvBytes

/// Renders JSON paths (`$[0].volumes[1].value`) and JSON Pointers (`/0/volumes/1/value`).
public enum JSONPath {
    /// The path step for an object member: `.name` for identifier-like keys, else `["k\"ey"]`.
    public static func member(_ key: [UInt8]) -> String {
        let text = String(decoding: key, as: UTF8.self)
        if let first = key.first, isIdentifierStart(first), key.allSatisfy(isIdentifierByte) {
            return "." + text
        }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default:
                if scalar.value < 0x20 {
                    escaped +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return "[\"" + escaped + "\"]"
    }

    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || c == UInt8(ascii: "_")
    }

    private static func isIdentifierByte(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}
