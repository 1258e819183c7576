import JSONStream
import UsageConvDiagnostics
import UsageConvValues

/// The core vocabulary: identifiers, references and `$defs`.
extension SchemaCompiler {
    /// The `^[A-Za-z_][-A-Za-z0-9._]*$` form of `$anchor` and `$dynamicAnchor` names.
    static func isAnchorName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-._".unicodeScalars.contains(scalar))
        }
    }

    mutating func compileCore(
        _ object: JSONObject,
        at location: SchemaLocation,
        info: SchemaLocationInfo,
        into keywords: inout [SchemaKeyword]
    )
        throws(Diagnostic)
    {
        for keyword in ["$schema", "$comment"] {
            if let value = object[keyword], value.stringValue == nil {
                throw SchemaCompiler.shapeError("a string", found: value, at: location, keyword: keyword)
            }
        }
        if let value = object["$id"] {
            guard let id = value.stringValue else {
                throw SchemaCompiler.shapeError("a URI reference", found: value, at: location, keyword: "$id")
            }
            if let fragment = URIReference(id).fragment, !fragment.isEmpty {
                throw SchemaCompiler.shapeError(
                    "a URI reference without a fragment",
                    found: value,
                    at: location,
                    keyword: "$id"
                )
            }
        }
        for keyword in ["$anchor", "$dynamicAnchor"] {
            if let value = object[keyword], !(value.stringValue.map(SchemaCompiler.isAnchorName) ?? false) {
                throw SchemaCompiler.shapeError(
                    "an anchor name (letters, digits, -._)",
                    found: value,
                    at: location,
                    keyword: keyword
                )
            }
        }
        if let value = object["$vocabulary"] {
            guard let members = value.objectValue,
                members.members.allSatisfy({ if case .bool = $0.value { true } else { false } })
            else {
                throw SchemaCompiler.shapeError(
                    "an object of booleans",
                    found: value,
                    at: location,
                    keyword: "$vocabulary"
                )
            }
        }
        if let value = object["$defs"] {
            guard let members = value.objectValue else {
                throw SchemaCompiler.shapeError("an object", found: value, at: location, keyword: "$defs")
            }
            // Compiled for their shape even when nothing refers to them: a broken definition is a broken schema.
            for name in members.keys { _ = try child(location, "$defs", name) }
        }
        if let value = object["$ref"] {
            let target = try reference(value, keyword: "$ref", at: location, base: info.base)
            keywords.append(.ref(try node(at: target.location)))
        }
        if let value = object["$dynamicRef"] {
            let target = try reference(value, keyword: "$dynamicRef", at: location, base: info.base)
            let node = try node(at: target.location)
            // The dynamic scope matters only when the static target is a `$dynamicAnchor` of the
            // name in the fragment (the 2020-12 "bookending" rule); otherwise this is a `$ref`.
            var anchor: String? = nil
            if registry.dynamicAnchors.contains(target.key), let hash = target.key.lastIndex(of: "#") {
                anchor = String(target.key[target.key.index(after: hash)...])
            }
            keywords.append(.dynamicRef(node, anchor: anchor))
        }
    }

    /// Resolves a `$ref`/`$dynamicRef` value, or fails naming it.
    private mutating func reference(
        _ value: JSONValue,
        keyword: String,
        at location: SchemaLocation,
        base: String
    )
        throws(Diagnostic) -> (location: SchemaLocation, key: String)
    {
        guard let text = value.stringValue else {
            throw SchemaCompiler.shapeError("a URI reference", found: value, at: location, keyword: keyword)
        }
        guard let (target, key) = try registry.resolve(text, base: base) else {
            let shownBase = base.isEmpty ? "" : " (base \(base))"
            throw Diagnostic.error(
                .usage,
                "cannot resolve \(keyword) \"\(text)\"\(shownBase): no such schema is loaded"
                    + " (remote schemas come only from the options)",
                at: SchemaCompiler.where(location, keyword)
            )
        }
        return (target, key)
    }
}
