/// What an input's first bytes say it is, before any parser runs: the one content sniff that the
/// folder walker (is this file a dump?), the decompressor (gzip inside?), the archive reader
/// (zip?), the shape sniffer and the OnApp decoder (XML or its JSON twin?) all ask.
public enum LeadingBytes: Sendable, Hashable {
    /// Nothing but white space (and a UTF-8 byte order mark), or no bytes at all.
    case empty
    /// A gzip stream (`1F 8B`).
    case gzip
    /// A ZIP archive: `PK\3\4`, or `PK\5\6` when it has no entries.
    case zip
    /// UTF-16 with a byte order mark: XML may be so encoded (libxml2 reads it); JSON may not
    /// (RFC 8259 requires UTF-8).
    case utf16
    /// Markup: `<` starts XML, or the HTML error page an API answered with.
    case markup(start: Int)
    /// A JSON object or array (`{`, `[`), or the `//` and `/*` comments the vendors' documented
    /// examples carry.
    case jsonContainer(start: Int)
    /// A JSON scalar (a string, number, `true`, `false`, `null`): valid JSON, never a dump.
    case jsonScalar(start: Int)
    /// Anything else (`README.txt`, `index.csv`, binary data).
    case other

    /// Classifies `head`, the first bytes of an input (a few bytes suffice for the containers; the
    /// white space before a first token needs as many as it takes).
    public init(_ head: some Collection<UInt8>) {
        let bytes = head as? [UInt8] ?? Array(head)
        if bytes.starts(with: [0x1F, 0x8B]) {
            self = .gzip
            return
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            self = .zip
            return
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            self = .utf16
            return
        }
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count, Self.isWhiteSpace(bytes[start]) { start += 1 }
        guard start < bytes.count else {
            self = .empty
            return
        }
        switch bytes[start] {
        case UInt8(ascii: "<"):
            self = .markup(start: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            self = .jsonContainer(start: start)
        case UInt8(ascii: "/"):
            let next = start + 1 < bytes.count ? bytes[start + 1] : 0
            self = next == UInt8(ascii: "/") || next == UInt8(ascii: "*") ? .jsonContainer(start: start) : .other
        case UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "t"),
            UInt8(ascii: "f"), UInt8(ascii: "n"):
            self = .jsonScalar(start: start)
        default:
            self = .other
        }
    }

    /// Whether these bytes start a dump or a container of dumps (JSON, XML or HTML, gzip, zip), as
    /// opposed to what a folder holds besides dumps (`README.txt`, `index.csv`, an empty file).
    public var isDumpOrContainer: Bool {
        switch self {
        case .gzip, .zip, .utf16, .markup, .jsonContainer: true
        case .empty, .jsonScalar, .other: false
        }
    }

    /// Whether these bytes start XML (or HTML) rather than JSON: markup, or UTF-16 text.
    public var isMarkup: Bool {
        switch self {
        case .markup, .utf16: true
        default: false
        }
    }

    /// JSON's insignificant white space (RFC 8259): space, tab, line feed, carriage return.
    static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
