/// What the first bytes of an input look like, so decoders can bid for it without decoding it.
///
/// For JSON the sniffer records a skeleton: the kind of every value it meets down to depth 4,
/// following only the first element of each array (`$.data[0][0]: number`), and the text of
/// short scalars near the top (`$.code: "Signature.NotMatch"`).
public struct InputShape: Sendable {
    /// The broad syntax of the input.
    public enum Syntax: String, Sendable {
        /// A JSON document (possibly truncated at the sniff limit).
        case json
        /// An XML document.
        case xml
        /// An HTML page (typically a saved error page).
        case html
        /// gzip-compressed bytes.
        case gzip
        /// A zip archive.
        case zip
        /// No bytes, or only whitespace.
        case empty
        /// Anything else.
        case unknown
    }

    /// The kind of a JSON value.
    public enum ValueKind: String, Sendable {
        /// `{...}`
        case object
        /// `[...]`
        case array
        /// A string.
        case string
        /// A number.
        case number
        /// `true`/`false`.
        case bool
        /// `null`.
        case null
    }

    /// The input's syntax.
    public var syntax: Syntax
    /// Kinds by JSON path, in the order met.
    public var kinds: [String: ValueKind] = [:]
    /// Paths in the order met (for messages).
    public var order: [String] = []
    /// Short scalar texts by path (strings without quotes).
    public var scalars: [String: String] = [:]
    /// Number of elements seen in top-level arrays / members in the top-level object (within the prefix).
    public var topLevelCount = 0
    /// The title of an HTML page, when there is one.
    public var htmlTitle: String?
    /// The name of the XML root element, when the input is XML.
    public var xmlRoot: String?
    /// The JSON syntax error the sniff met, when it is a real one (see `ShapeSniffer`).
    public var syntaxError: Diagnostic?

    /// An empty shape of the given syntax.
    public init(syntax: Syntax) {
        self.syntax = syntax
    }

    /// The kind at `path`, if the sniffer saw it.
    public func kind(_ path: String) -> ValueKind? { kinds[path] }

    /// Whether `path` was seen with kind `kind`.
    public func has(_ path: String, _ kind: ValueKind) -> Bool { kinds[path] == kind }

    /// A short human description: `a JSON object with keys code, message`.
    public var summary: String {
        switch syntax {
        case .json:
            guard let top = kinds["$"] else { return "JSON" }
            let children = order.filter { $0.hasPrefix("$.") && !$0.dropFirst(2).contains(where: { $0 == "." || $0 == "[" }) }
                .map { String($0.dropFirst(2)) }
            switch top {
            case .object:
                return children.isEmpty
                    ? "a JSON object with no keys" : "a JSON object with keys \(children.prefix(8).joined(separator: ", "))"
            case .array:
                guard let first = kinds["$[0]"] else { return "an empty JSON array" }
                if first == .object {
                    let keys = order.filter { $0.hasPrefix("$[0].") && !$0.dropFirst(5).contains(where: { $0 == "." || $0 == "[" }) }
                        .map { String($0.dropFirst(5)) }
                    return "a JSON array of objects with keys \(keys.prefix(8).joined(separator: ", "))"
                }
                return "a JSON array of \(first.rawValue)s"
            default:
                return "a JSON \(top.rawValue)"
            }
        case .xml: return "an XML document" + (xmlRoot.map { " with root <\($0)>" } ?? "")
        case .html: return "an HTML page" + (htmlTitle.map { " titled '\($0)'" } ?? "")
        case .gzip: return "gzip-compressed data"
        case .zip: return "a zip archive"
        case .empty: return "an empty input"
        case .unknown: return "neither JSON nor XML"
        }
    }
}
