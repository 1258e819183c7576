import JSONStream
import UsageConvDiagnostics

/// Evaluates an instance against a `SchemaProgram`, collecting violations and annotations.
///
/// The dynamic scope (`$dynamicRef`) is the stack of schema resources entered on the way to the
/// current keyword. `$ref` loops are caught by remembering which (schema, instance location) pairs
/// are being evaluated through a reference: meeting one again means no input was consumed, so the
/// evaluation would never end.
struct SchemaEvaluator {
    let program: SchemaProgram
    private var scope: [Int] = []
    private var activeReferences: Set<ActiveReference> = []
    private var depth = 0

    /// Deepest nesting of schema evaluations: several per level of a 1000-level instance, and
    /// well within the stack `DeepStack` provides (a few KB per level in a debug build).
    static let maxDepth = 5000

    private struct ActiveReference: Hashable {
        var node: Int
        var instance: String
    }

    init(program: SchemaProgram) {
        self.program = program
    }

    /// Evaluates node `index` against `instance`; nil when it fails, else what it evaluated.
    mutating func evaluate(
        _ index: Int,
        _ instance: JSONValue,
        at pointer: String,
        path: String,
        into out: inout [SchemaViolation]
    )
        throws(Diagnostic) -> SchemaAnnotations?
    {
        let node = program.nodes[index]
        switch node.body {
        case .always(true):
            return SchemaAnnotations()
        case .always(false):
            out.append(SchemaEvaluator.falseSchemaViolation(instance, at: pointer, path: path))
            return nil
        case .keywords(let keywords):
            guard depth < SchemaEvaluator.maxDepth else {
                throw Diagnostic.error(
                    .depthLimit,
                    "schema evaluation nested deeper than \(SchemaEvaluator.maxDepth) levels at \(node.location)"
                )
            }
            depth += 1
            let entered = scope.last != node.resource
            if entered { scope.append(node.resource) }
            defer {
                depth -= 1
                if entered { scope.removeLast() }
            }
            var annotations = SchemaAnnotations()
            var valid = true
            for keyword in keywords {
                let context = KeywordContext(instance: instance, pointer: pointer, path: path)
                if !(try apply(keyword, context, &annotations, &out)) { valid = false }
            }
            return valid ? annotations : nil
        }
    }

    /// A `false` schema's violation, named after the keyword holding it when that keyword takes a
    /// single schema (`"additionalProperties": false` reads as an `additionalProperties` violation).
    static func falseSchemaViolation(_ instance: JSONValue, at pointer: String, path: String) -> SchemaViolation {
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        let keywords = ["additionalProperties", "unevaluatedProperties", "unevaluatedItems", "items", "propertyNames"]
        guard keywords.contains(last) else {
            return SchemaViolation(
                instancePointer: pointer,
                schemaPointer: path,
                keyword: "false",
                message: "expected nothing (the schema is false), found \(instance.described)"
            )
        }
        let what =
            switch last {
            case "propertyNames": "no property names"
            case "items", "unevaluatedItems": "no item here"
            default: "no property here"
            }
        return SchemaViolation(
            instancePointer: pointer,
            schemaPointer: path,
            keyword: last,
            message: "expected \(what) (\(last) is false), found \(instance.described)"
        )
    }

    /// Where a keyword is applied: the instance, its pointer and the schema path of the keyword's object.
    struct KeywordContext {
        var instance: JSONValue
        var pointer: String
        var path: String

        /// A violation of `keyword` here.
        func violation(_ keyword: String, _ message: String) -> SchemaViolation {
            SchemaViolation(
                instancePointer: pointer,
                schemaPointer: path + "/" + keyword,
                keyword: keyword,
                message: message
            )
        }
    }

    /// Applies one keyword; false when it fails.
    private mutating func apply(
        _ keyword: SchemaKeyword,
        _ context: KeywordContext,
        _ annotations: inout SchemaAnnotations,
        _ out: inout [SchemaViolation]
    ) throws(Diagnostic) -> Bool {
        switch keyword {
        case .ref(let target):
            return try follow(target, keyword: "$ref", context, &annotations, &out)
        case .dynamicRef(let target, let anchor):
            var resolved = target
            if let anchor {
                // The outermost resource in the dynamic scope with this dynamic anchor wins.
                for resource in scope {
                    if let node = program.resources[resource].dynamicAnchors[anchor] {
                        resolved = node
                        break
                    }
                }
            }
            return try follow(resolved, keyword: "$dynamicRef", context, &annotations, &out)
        case .format(let name):
            guard case .string(let text) = context.instance, !FormatChecker.isValid(text, format: name) else {
                return true
            }
            out.append(context.violation("format", "expected a \(name), found \(context.instance.described)"))
            return false
        default:
            if let result = try applyApplicator(keyword, context, &annotations, &out) { return result }
            return applyValidation(keyword, context, &out)
        }
    }

    /// Evaluates a reference target at the same instance location, refusing to loop.
    private mutating func follow(
        _ target: Int,
        keyword: String,
        _ context: KeywordContext,
        _ annotations: inout SchemaAnnotations,
        _ out: inout [SchemaViolation]
    ) throws(Diagnostic) -> Bool {
        let visit = ActiveReference(node: target, instance: context.pointer)
        guard activeReferences.insert(visit).inserted else {
            throw Diagnostic.error(
                .usage,
                "the schema loops: \(keyword) reaches \(program.nodes[target].location) again at instance location"
                    + " \"\(context.pointer)\" without consuming input",
                at: SourceLocation(path: context.path + "/" + keyword)
            )
        }
        defer { activeReferences.remove(visit) }
        guard
            let result = try evaluate(
                target,
                context.instance,
                at: context.pointer,
                path: context.path + "/" + keyword,
                into: &out
            )
        else {
            return false
        }
        annotations.merge(result)
        return true
    }
}
