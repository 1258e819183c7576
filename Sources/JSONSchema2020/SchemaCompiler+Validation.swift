import JSONStream
import UsageConvDiagnostics
import UsageConvValues

/// The validation vocabulary, and the shapes of the annotation-only keywords.
extension SchemaCompiler {
    static let simpleTypes: Set<String> = ["array", "boolean", "integer", "null", "number", "object", "string"]

    mutating func compileValidation(
        _ object: JSONObject,
        at location: SchemaLocation,
        into keywords: inout [SchemaKeyword]
    )
        throws(Diagnostic)
    {
        if let value = object["type"] {
            let names: [String]
            switch value {
            case .string(let name): names = [name]
            case .array(let items): names = items.compactMap(\.stringValue)
            default: names = []
            }
            let valid =
                !names.isEmpty && names.allSatisfy(SchemaCompiler.simpleTypes.contains)
                && Set(names).count == names.count
                && names.count == (value.arrayValue?.count ?? 1)
            guard valid else {
                throw SchemaCompiler.shapeError(
                    "a type name or an array of unique type names",
                    found: value,
                    at: location,
                    keyword: "type"
                )
            }
            keywords.append(.type(names))
        }
        if let value = object["enum"] {
            guard let items = value.arrayValue else {
                throw SchemaCompiler.shapeError("an array", found: value, at: location, keyword: "enum")
            }
            keywords.append(.enumeration(items))
        }
        if let value = object["const"] { keywords.append(.const(value)) }
        if let value = object["multipleOf"] {
            guard let number = value.numberValue, number > .zero else {
                throw SchemaCompiler.shapeError("a number above 0", found: value, at: location, keyword: "multipleOf")
            }
            keywords.append(.multipleOf(number))
        }
        let bounds: [(String, (Number) -> SchemaKeyword)] = [
            ("maximum", SchemaKeyword.maximum), ("exclusiveMaximum", SchemaKeyword.exclusiveMaximum),
            ("minimum", SchemaKeyword.minimum), ("exclusiveMinimum", SchemaKeyword.exclusiveMinimum),
        ]
        for (keyword, make) in bounds {
            guard let value = object[keyword] else { continue }
            guard let number = value.numberValue else {
                throw SchemaCompiler.shapeError("a number", found: value, at: location, keyword: keyword)
            }
            keywords.append(make(number))
        }
        let counts: [(String, (Int) -> SchemaKeyword)] = [
            ("maxLength", SchemaKeyword.maxLength), ("minLength", SchemaKeyword.minLength),
            ("maxItems", SchemaKeyword.maxItems), ("minItems", SchemaKeyword.minItems),
            ("maxProperties", SchemaKeyword.maxProperties), ("minProperties", SchemaKeyword.minProperties),
        ]
        for (keyword, make) in counts {
            guard let value = object[keyword] else { continue }
            keywords.append(make(try SchemaCompiler.count(value, keyword, at: location)))
        }
        // Checked here even without `contains` (then they do nothing, as the spec says).
        for keyword in ["minContains", "maxContains"] {
            if let value = object[keyword] { _ = try SchemaCompiler.count(value, keyword, at: location) }
        }
        if let value = object["pattern"] {
            guard let source = value.stringValue, let pattern = SchemaPattern(source) else {
                throw SchemaCompiler.shapeError("a regular expression", found: value, at: location, keyword: "pattern")
            }
            keywords.append(.pattern(pattern))
        }
        if let value = object["uniqueItems"] {
            guard case .bool(let flag) = value else {
                throw SchemaCompiler.shapeError("a boolean", found: value, at: location, keyword: "uniqueItems")
            }
            if flag { keywords.append(.uniqueItems) }
        }
        if let value = object["required"] {
            keywords.append(.required(try SchemaCompiler.stringArray(value, "required", at: location)))
        }
        if let value = object["dependentRequired"] {
            guard let members = value.objectValue else {
                throw SchemaCompiler.shapeError(
                    "an object of string arrays",
                    found: value,
                    at: location,
                    keyword: "dependentRequired"
                )
            }
            var dependencies: [(String, [String])] = []
            for (name, names) in members.members {
                dependencies.append((name, try SchemaCompiler.stringArray(names, "dependentRequired", at: location)))
            }
            keywords.append(.dependentRequired(dependencies))
        }
    }

    /// Meta-data, format and content keywords: annotations, so only their shapes are checked
    /// (and `format` asserts when asked to).
    mutating func compileAnnotations(
        _ object: JSONObject,
        at location: SchemaLocation,
        vocabularies: SchemaVocabularies,
        into keywords: inout [SchemaKeyword]
    ) throws(Diagnostic) {
        if vocabularies.contains(.metaData) {
            for keyword in ["title", "description"] {
                if let value = object[keyword], value.stringValue == nil {
                    throw SchemaCompiler.shapeError("a string", found: value, at: location, keyword: keyword)
                }
            }
            for keyword in ["deprecated", "readOnly", "writeOnly"] {
                guard let value = object[keyword] else { continue }
                guard case .bool = value else {
                    throw SchemaCompiler.shapeError("a boolean", found: value, at: location, keyword: keyword)
                }
            }
            if let value = object["examples"], value.arrayValue == nil {
                throw SchemaCompiler.shapeError("an array", found: value, at: location, keyword: "examples")
            }
        }
        if vocabularies.contains(.formatAnnotation), let value = object["format"] {
            guard let name = value.stringValue else {
                throw SchemaCompiler.shapeError("a string", found: value, at: location, keyword: "format")
            }
            if program.formatAssertion || vocabularies.contains(.formatAssertion) { keywords.append(.format(name)) }
        }
        if vocabularies.contains(.content) {
            for keyword in ["contentEncoding", "contentMediaType"] {
                if let value = object[keyword], value.stringValue == nil {
                    throw SchemaCompiler.shapeError("a string", found: value, at: location, keyword: keyword)
                }
            }
            // Never applied (the spec leaves decoding content to the application), but it is a schema.
            if object["contentSchema"] != nil { _ = try child(location, "contentSchema") }
        }
    }

    /// A non-negative integer (`2.0` counts), clamped to `Int.max`.
    static func count(_ value: JSONValue, _ keyword: String, at location: SchemaLocation) throws(Diagnostic) -> Int {
        guard let number = value.numberValue, number.isIntegral, !number.isNegative else {
            throw shapeError("a non-negative integer", found: value, at: location, keyword: keyword)
        }
        return number.exactInteger.map { Int(clamping: $0) } ?? Int.max
    }

    /// An array of unique strings.
    static func stringArray(
        _ value: JSONValue,
        _ keyword: String,
        at location: SchemaLocation
    ) throws(Diagnostic) -> [String] {
        guard let items = value.arrayValue else {
            throw shapeError("an array of unique strings", found: value, at: location, keyword: keyword)
        }
        let names = items.compactMap(\.stringValue)
        guard names.count == items.count, Set(names).count == names.count else {
            throw shapeError("an array of unique strings", found: value, at: location, keyword: keyword)
        }
        return names
    }
}
