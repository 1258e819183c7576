/// Renders a few bytes of input for a message: at most ~80 bytes, escaped, quoted.
public enum InputQuote {
    /// Quotes `bytes`, escaping control and non-ASCII bytes and cutting after `limit` bytes.
    public static func quote(_ bytes: some Collection<UInt8>, limit: Int = 80) -> String {
        var out = "'"
        var count = 0
        for byte in bytes {
            if count == limit {
                out += "..."
                break
            }
            count += 1
            switch byte {
            case UInt8(ascii: "'"): out += "\\'"
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out + "'"
    }

    /// Describes one byte as found in input: `'x'`, `end of input` handled by callers.
    public static func describe(byte: UInt8) -> String {
        quote([byte])
    }
}
