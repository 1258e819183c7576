/// Writes SVG (and the HTML around it) as UTF-8 text, escaping every attribute value and text node.
///
/// Resource names, file names and warning messages come from dumps: anything may be in them, so
/// nothing reaches the output unescaped, and characters XML 1.0 forbids become U+FFFD (a browser
/// or `rsvg-convert` refuses the whole file otherwise).
public struct SVGWriter: Sendable {
    /// The text written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// Appends `text` as it is (markup the caller built from constants).
    public mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `<name a="v" ...>`, or `<name ... />` when `selfClosing`.
    public mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], selfClosing: Bool = false) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        for (key, value) in attributes {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: key.utf8)
            bytes.append(contentsOf: "=\"".utf8)
            Self.escape(value, into: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(contentsOf: selfClosing ? "/>".utf8 : ">".utf8)
    }

    /// Appends `</name>`.
    public mutating func close(_ name: String) {
        bytes.append(contentsOf: "</".utf8)
        bytes.append(contentsOf: name.utf8)
        bytes.append(UInt8(ascii: ">"))
    }

    /// Appends a self-closing element.
    public mutating func empty(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        open(name, attributes, selfClosing: true)
    }

    /// Appends `<name ...>text</name>`, the text escaped.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        open(name, attributes)
        Self.escape(text, into: &bytes)
        close(name)
    }

    /// Appends escaped text.
    public mutating func text(_ text: String) {
        Self.escape(text, into: &bytes)
    }

    /// Appends another writer's output.
    public mutating func append(_ other: SVGWriter) {
        bytes.append(contentsOf: other.bytes)
    }

    /// `text` escaped for an attribute value or a text node.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        escape(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` escaped: `& < > " '` as references, XML-forbidden controls as U+FFFD.
    static func escape(_ text: String, into out: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".utf8)
            case "<": out.append(contentsOf: "&lt;".utf8)
            case ">": out.append(contentsOf: "&gt;".utf8)
            case "\"": out.append(contentsOf: "&quot;".utf8)
            case "'": out.append(contentsOf: "&#39;".utf8)
            case "\t", "\n", "\r": out.append(UInt8(scalar.value))
            default:
                // XML 1.0 Char excludes C0 controls but tab/LF/CR, and U+FFFE/U+FFFF; HTML also
                // rejects C1 controls and DEL as text.
                let v = scalar.value
                if v < 0x20 || (v >= 0x7F && v <= 0x9F) || v == 0xFFFE || v == 0xFFFF {
                    out.append(contentsOf: "\u{FFFD}".utf8)
                } else {
                    out.append(contentsOf: scalar.utf8)
                }
            }
        }
    }
}
