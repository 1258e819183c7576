import JSONStream
import UsageConvDiagnostics
import UsageConvValues

/// One place where an instance breaks its schema.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// Where in the instance, as an RFC 6901 JSON Pointer (`""` is the whole instance).
    public var instancePointer: String
    /// The keyword's evaluation path through the schema, `$ref`s included (`/properties/a/$ref/type`).
    public var schemaPointer: String
    /// The keyword that failed (`type`, `required`, ...; `false` for a `false` schema).
    public var keyword: String
    /// What was expected and what was found.
    public var message: String

    /// Creates a violation.
    public init(instancePointer: String, schemaPointer: String, keyword: String, message: String) {
        self.instancePointer = instancePointer
        self.schemaPointer = schemaPointer
        self.keyword = keyword
        self.message = message
    }

    /// `INSTANCE: message (SCHEMA)`, with `(root)` for the empty pointer.
    public var description: String {
        let instance = instancePointer.isEmpty ? "(root)" : instancePointer
        return "\(instance): \(message) (\(schemaPointer.isEmpty ? "#" : schemaPointer))"
    }
}
