import JSONStream
import UsageConvDiagnostics

/// The applicator and unevaluated vocabularies: keywords that apply subschemas.
extension SchemaCompiler {
    mutating func compileApplicators(
        _ object: JSONObject,
        at location: SchemaLocation,
        into keywords: inout [SchemaKeyword]
    )
        throws(Diagnostic)
    {
        if object["allOf"] != nil { keywords.append(.allOf(try schemaArray(object, "allOf", at: location))) }
        if object["anyOf"] != nil { keywords.append(.anyOf(try schemaArray(object, "anyOf", at: location))) }
        if object["oneOf"] != nil { keywords.append(.oneOf(try schemaArray(object, "oneOf", at: location))) }
        if object["not"] != nil { keywords.append(.not(try child(location, "not"))) }
        let thenNode = object["then"] != nil ? try child(location, "then") : nil
        let elseNode = object["else"] != nil ? try child(location, "else") : nil
        // `then` and `else` without `if` do nothing, but are still checked as schemas above.
        if object["if"] != nil {
            keywords.append(.conditional(if: try child(location, "if"), then: thenNode, else: elseNode))
        }
        if object["dependentSchemas"] != nil {
            keywords.append(.dependentSchemas(try schemaMap(object, "dependentSchemas", at: location)))
        }
        var prefixCount = 0
        if object["prefixItems"] != nil {
            let prefix = try schemaArray(object, "prefixItems", at: location)
            prefixCount = prefix.count
            keywords.append(.prefixItems(prefix))
        }
        if let items = object["items"] {
            if case .array = items {
                throw SchemaCompiler.shapeError(
                    "a schema (draft 2020-12 spells the array form prefixItems)",
                    found: items,
                    at: location,
                    keyword: "items"
                )
            }
            keywords.append(.items(try child(location, "items"), after: prefixCount))
        }
        if object["contains"] != nil {
            let minimum = try object["minContains"].map { (value) throws(Diagnostic) in
                try SchemaCompiler.count(value, "minContains", at: location)
            }
            let maximum = try object["maxContains"].map { (value) throws(Diagnostic) in
                try SchemaCompiler.count(value, "maxContains", at: location)
            }
            keywords.append(.contains(try child(location, "contains"), min: minimum ?? 1, max: maximum))
        }
        var names: Set<JSONKey> = []
        if object["properties"] != nil {
            let properties = try schemaMap(object, "properties", at: location)
            names = Set(properties.map { JSONKey($0.0) })
            keywords.append(.properties(properties))
        }
        var patterns: [SchemaPattern] = []
        if object["patternProperties"] != nil {
            var compiled: [(SchemaPattern, Int)] = []
            for (source, node) in try schemaMap(object, "patternProperties", at: location) {
                guard let pattern = SchemaPattern(source) else {
                    throw Diagnostic.error(
                        .malformedInput,
                        "expected a regular expression, found \(JSONValue.quoted(source))",
                        at: SchemaCompiler.where(location.appending("patternProperties"), source)
                    )
                }
                compiled.append((pattern, node))
                patterns.append(pattern)
            }
            keywords.append(.patternProperties(compiled))
        }
        if object["additionalProperties"] != nil {
            keywords.append(
                .additionalProperties(try child(location, "additionalProperties"), names: names, patterns: patterns)
            )
        }
        if object["propertyNames"] != nil { keywords.append(.propertyNames(try child(location, "propertyNames"))) }
    }

    mutating func compileUnevaluated(
        _ object: JSONObject,
        at location: SchemaLocation,
        into keywords: inout [SchemaKeyword]
    )
        throws(Diagnostic)
    {
        if object["unevaluatedItems"] != nil {
            keywords.append(.unevaluatedItems(try child(location, "unevaluatedItems")))
        }
        if object["unevaluatedProperties"] != nil {
            keywords.append(.unevaluatedProperties(try child(location, "unevaluatedProperties")))
        }
    }

    /// A non-empty array of schemas.
    private mutating func schemaArray(
        _ object: JSONObject,
        _ keyword: String,
        at location: SchemaLocation
    ) throws(Diagnostic) -> [Int] {
        guard let value = object[keyword], let items = value.arrayValue, !items.isEmpty else {
            throw SchemaCompiler.shapeError(
                "a non-empty array of schemas",
                found: object[keyword] ?? .null,
                at: location,
                keyword: keyword
            )
        }
        var nodes: [Int] = []
        for index in items.indices { nodes.append(try child(location, keyword, String(index))) }
        return nodes
    }

    /// An object whose members are schemas, in document order.
    private mutating func schemaMap(
        _ object: JSONObject,
        _ keyword: String,
        at location: SchemaLocation
    ) throws(Diagnostic)
        -> [(String, Int)]
    {
        guard let value = object[keyword], let members = value.objectValue else {
            throw SchemaCompiler.shapeError(
                "an object of schemas",
                found: object[keyword] ?? .null,
                at: location,
                keyword: keyword
            )
        }
        var nodes: [(String, Int)] = []
        for name in members.keys { nodes.append((name, try child(location, keyword, name))) }
        return nodes
    }
}
