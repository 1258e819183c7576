import JSONStream
import UsageConvDiagnostics

/// The draft 2020-12 vocabularies a dialect turns on (its meta-schema's `$vocabulary`).
///
/// Keywords of a vocabulary that is off are unknown keywords: annotations, never checked.
struct SchemaVocabularies: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let core = SchemaVocabularies(rawValue: 1 << 0)
    static let applicator = SchemaVocabularies(rawValue: 1 << 1)
    static let unevaluated = SchemaVocabularies(rawValue: 1 << 2)
    static let validation = SchemaVocabularies(rawValue: 1 << 3)
    static let metaData = SchemaVocabularies(rawValue: 1 << 4)
    static let formatAnnotation = SchemaVocabularies(rawValue: 1 << 5)
    static let formatAssertion = SchemaVocabularies(rawValue: 1 << 6)
    static let content = SchemaVocabularies(rawValue: 1 << 7)

    /// What the draft 2020-12 meta-schema declares (everything but format assertion).
    static let draft202012: SchemaVocabularies = [
        .core, .applicator, .unevaluated, .validation, .metaData, .formatAnnotation, .content,
    ]

    /// The vocabulary URIs this validator implements.
    static let byURI: [String: SchemaVocabularies] = [
        "https://json-schema.org/draft/2020-12/vocab/core": .core,
        "https://json-schema.org/draft/2020-12/vocab/applicator": .applicator,
        "https://json-schema.org/draft/2020-12/vocab/unevaluated": .unevaluated,
        "https://json-schema.org/draft/2020-12/vocab/validation": .validation,
        "https://json-schema.org/draft/2020-12/vocab/meta-data": .metaData,
        "https://json-schema.org/draft/2020-12/vocab/format-annotation": .formatAnnotation,
        "https://json-schema.org/draft/2020-12/vocab/format-assertion": .formatAssertion,
        "https://json-schema.org/draft/2020-12/vocab/content": .content,
    ]

    /// The vocabularies of the dialect whose meta-schema is `metaschema`.
    ///
    /// A meta-schema without `$vocabulary` gets the 2020-12 set. A vocabulary the meta-schema
    /// requires (`true`) that this validator does not know is an error, as the spec demands; an
    /// optional (`false`) unknown one is ignored.
    static func of(metaschema: JSONValue, uri: String) throws(Diagnostic) -> SchemaVocabularies {
        guard let declared = metaschema["$vocabulary"] else { return draft202012 }
        guard case .object(let members) = declared else {
            throw Diagnostic.error(.usage, "expected $vocabulary to be an object in the meta-schema \(uri)")
        }
        var result: SchemaVocabularies = []
        for (vocabulary, required) in members.members {
            if let known = byURI[vocabulary] {
                result.insert(known)
            } else if required == .bool(true) {
                throw Diagnostic.error(
                    .usage,
                    "the meta-schema \(uri) requires the vocabulary \(vocabulary),"
                        + " which this validator does not support"
                )
            }
        }
        // Core is always on: without it there is no `$ref`/`$id` processing at all.
        result.insert(.core)
        return result
    }
}
