import UsageConvDiagnostics
import UsageConvValues

/// One step of a `JSONReader` walk.
public enum JSONToken: Sendable, Hashable, CustomStringConvertible {
    /// `{`
    case beginObject
    /// `}`
    case endObject
    /// `[`
    case beginArray
    /// `]`
    case endArray
    /// An object member name; read it with `JSONReader.key` or `isKey(_:)`.
    case key
    /// A string value; read it with `JSONReader.stringValue()`.
    case string
    /// A number; read it with `JSONReader.number` and its conversions.
    case number
    /// `true` or `false`.
    case bool(Bool)
    /// `null`
    case null
    /// The document is complete and nothing follows it.
    case endOfInput

    /// How the token is named in messages ("found an object").
    public var description: String {
        switch self {
        case .beginObject: "an object"
        case .endObject: "'}'"
        case .beginArray: "an array"
        case .endArray: "']'"
        case .key: "a key"
        case .string: "a string"
        case .number: "a number"
        case .bool(let b): b ? "true" : "false"
        case .null: "null"
        case .endOfInput: "end of input"
        }
    }
}
