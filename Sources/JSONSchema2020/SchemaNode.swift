import JSONStream
import UsageConvDiagnostics
import UsageConvValues

/// One compiled schema: a boolean schema or the keywords of a schema object, in evaluation order.
///
/// Subschemas are indexes into `SchemaProgram.nodes`, so `$ref` cycles are plain index cycles and
/// the whole program stays a value type.
struct SchemaNode: Sendable {
    enum Body: Sendable {
        /// `true` or `false`.
        case always(Bool)
        /// A schema object's keywords; `unevaluated*` come last since they read their siblings' annotations.
        case keywords([SchemaKeyword])
    }

    var body: Body
    /// The schema resource this node belongs to (for the `$dynamicRef` dynamic scope).
    var resource: Int
    /// The node's absolute location (`base#/json/pointer`), for loop messages.
    var location: String
}

/// The named `$dynamicAnchor`s of one schema resource.
struct SchemaResourceAnchors: Sendable {
    var uri: String
    var dynamicAnchors: [String: Int] = [:]
}

/// A compiled schema document: its nodes, the root node and each resource's dynamic anchors.
struct SchemaProgram: Sendable {
    var nodes: [SchemaNode] = []
    var resources: [SchemaResourceAnchors] = []
    var root = 0
    /// Whether `format` asserts (the option, or the format-assertion vocabulary).
    var formatAssertion = false
}

/// The compiled form of the keywords the validator acts on (annotation-only keywords are dropped).
enum SchemaKeyword: Sendable {
    // Core.
    case ref(Int)
    /// `$dynamicRef`: the statically resolved node, and the anchor name when that node is a
    /// `$dynamicAnchor` of the same name (only then does the dynamic scope get a say).
    case dynamicRef(Int, anchor: String?)

    // Applicator.
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case dependentSchemas([(String, Int)])
    case prefixItems([Int])
    /// `items` and how many leading items `prefixItems` covers.
    case items(Int, after: Int)
    /// `contains` with its `minContains` (default 1) and `maxContains`.
    case contains(Int, min: Int, max: Int?)
    case properties([(String, Int)])
    case patternProperties([(SchemaPattern, Int)])
    /// `additionalProperties` with the names and patterns of its siblings.
    case additionalProperties(Int, names: Set<JSONKey>, patterns: [SchemaPattern])
    case propertyNames(Int)

    // Unevaluated.
    case unevaluatedItems(Int)
    case unevaluatedProperties(Int)

    // Validation.
    case type([String])
    case enumeration([JSONValue])
    case const(JSONValue)
    case multipleOf(Number)
    case maximum(Number)
    case exclusiveMaximum(Number)
    case minimum(Number)
    case exclusiveMinimum(Number)
    case maxLength(Int)
    case minLength(Int)
    case pattern(SchemaPattern)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])])

    // Format (asserting only when enabled; otherwise not compiled).
    case format(String)

    /// The keyword's name, for schema pointers.
    var name: String {
        switch self {
        case .ref: "$ref"
        case .dynamicRef: "$dynamicRef"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .conditional: "if"
        case .dependentSchemas: "dependentSchemas"
        case .prefixItems: "prefixItems"
        case .items: "items"
        case .contains: "contains"
        case .properties: "properties"
        case .patternProperties: "patternProperties"
        case .additionalProperties: "additionalProperties"
        case .propertyNames: "propertyNames"
        case .unevaluatedItems: "unevaluatedItems"
        case .unevaluatedProperties: "unevaluatedProperties"
        case .type: "type"
        case .enumeration: "enum"
        case .const: "const"
        case .multipleOf: "multipleOf"
        case .maximum: "maximum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .minimum: "minimum"
        case .exclusiveMinimum: "exclusiveMinimum"
        case .maxLength: "maxLength"
        case .minLength: "minLength"
        case .pattern: "pattern"
        case .maxItems: "maxItems"
        case .minItems: "minItems"
        case .uniqueItems: "uniqueItems"
        case .maxProperties: "maxProperties"
        case .minProperties: "minProperties"
        case .required: "required"
        case .dependentRequired: "dependentRequired"
        case .format: "format"
        }
    }

    /// Whether the keyword reads annotations of its siblings (so it must run after them).
    var readsSiblingAnnotations: Bool {
        switch self {
        case .unevaluatedItems, .unevaluatedProperties: true
        default: false
        }
    }
}
