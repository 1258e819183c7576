import JSONStream
import UsageConvBytes
import UsageConvDiagnostics

/// A place in one of the loaded schema documents.
struct SchemaLocation: Sendable, Hashable {
    var document: Int
    var tokens: [String]

    /// The location one step further down.
    func appending(_ token: String) -> SchemaLocation {
        SchemaLocation(document: document, tokens: tokens + [token])
    }

    /// The location as a JSON Pointer inside its document.
    var pointer: String { JSONPointer.make(tokens) }
}

/// What holds at a schema location: its base URI (the resource it is in) and its dialect (`$schema`).
struct SchemaLocationInfo: Sendable, Hashable {
    var base: String
    var dialect: String
}

/// Every loaded schema document with its resources (`$id`), anchors and per-location base URIs.
///
/// Documents come from the schema itself, the bundled meta-schemas and `Options.remotes`; a `$ref`
/// to anything else is an error, since the validator never opens a socket.
struct SchemaRegistry {
    /// The draft 2020-12 meta-schema, the dialect of every schema that does not say otherwise.
    static let draft202012 = "https://json-schema.org/draft/2020-12/schema"

    var documents: [JSONValue] = []
    var documentURIs: [String] = []
    /// Absolute URI (no fragment) → the resource's root.
    var resources: [String: SchemaLocation] = [:]
    /// `uri#name` → the schema holding that `$anchor` or `$dynamicAnchor`.
    var anchors: [String: SchemaLocation] = [:]
    /// The `uri#name` keys of `anchors` that are `$dynamicAnchor`s.
    var dynamicAnchors: Set<String> = []
    /// Dynamic anchors by resource URI, then name.
    var dynamicAnchorsByResource: [String: [String: SchemaLocation]] = [:]
    /// Base URI and dialect of every location reached as a schema while indexing.
    var info: [SchemaLocation: SchemaLocationInfo] = [:]
    /// Identifiers defined twice for different schemas (`$id`s, or anchors within one resource).
    var conflicts: [String] = []
    /// Where documents not yet loaded come from.
    var remotes: [String: [UInt8]] = [:]
    var remoteLoader: (@Sendable (String) -> [UInt8]?)?

    /// Adds a document retrieved from `uri` and indexes its resources and anchors.
    @discardableResult
    mutating func add(_ document: JSONValue, uri: String) -> SchemaLocation {
        let root = SchemaLocation(document: documents.count, tokens: [])
        documents.append(document)
        documentURIs.append(uri)
        if resources[uri] == nil { resources[uri] = root }
        index(document, at: root, base: uri, dialect: SchemaRegistry.draft202012)
        return root
    }

    /// The value at `location`, if the pointer leads anywhere.
    func value(at location: SchemaLocation) -> JSONValue? {
        guard location.document < documents.count else { return nil }
        return JSONPointer.resolve(location.tokens, in: documents[location.document])
    }

    /// The base URI and dialect at `location`: recorded while indexing, else those of the nearest
    /// indexed ancestor (a location inside an unknown keyword: its `$id`s are no identifiers).
    func info(at location: SchemaLocation) -> SchemaLocationInfo {
        var tokens = location.tokens
        while true {
            if let found = info[SchemaLocation(document: location.document, tokens: tokens)] { return found }
            if tokens.isEmpty { break }
            tokens.removeLast()
        }
        return SchemaLocationInfo(base: documentURIs[location.document], dialect: SchemaRegistry.draft202012)
    }

    /// Records `$id`, `$anchor`, `$dynamicAnchor` and the base URI of every schema under `value`.
    private mutating func index(_ value: JSONValue, at location: SchemaLocation, base: String, dialect: String) {
        guard case .object(let object) = value else {
            info[location] = SchemaLocationInfo(base: base, dialect: dialect)
            return
        }
        var base = base
        var dialect = dialect
        if let id = object["$id"]?.stringValue {
            base = URIReference(id).resolved(against: URIReference(base)).withoutFragment.text
            SchemaRegistry.register(&resources, base, location, what: "$id", conflicts: &conflicts)
        }
        if let schema = object["$schema"]?.stringValue {
            dialect = URIReference(schema).resolved(against: URIReference(base)).withoutFragment.text
        }
        info[location] = SchemaLocationInfo(base: base, dialect: dialect)
        if let anchor = object["$anchor"]?.stringValue {
            SchemaRegistry.register(&anchors, base + "#" + anchor, location, what: "$anchor", conflicts: &conflicts)
        }
        if let anchor = object["$dynamicAnchor"]?.stringValue, object["$anchor"]?.stringValue != anchor {
            SchemaRegistry.register(
                &anchors,
                base + "#" + anchor,
                location,
                what: "$dynamicAnchor",
                conflicts: &conflicts
            )
        }
        if let anchor = object["$dynamicAnchor"]?.stringValue {
            dynamicAnchors.insert(base + "#" + anchor)
            dynamicAnchorsByResource[base, default: [:]][anchor] = location
        }
        for (path, child) in SchemaRegistry.subschemas(of: object) {
            var childLocation = location
            for token in path { childLocation = childLocation.appending(token) }
            index(child, at: childLocation, base: base, dialect: dialect)
        }
    }

    /// Records `key` → `location`, noting a conflict when `key` already names another schema.
    private static func register(
        _ table: inout [String: SchemaLocation],
        _ key: String,
        _ location: SchemaLocation,
        what: String,
        conflicts: inout [String]
    ) {
        if let existing = table[key] {
            // A document's retrieval URI may equal its root `$id`: the same schema, no conflict.
            if existing != location { conflicts.append("\(what) \"\(key)\" names two schemas") }
            return
        }
        table[key] = location
    }

    /// The subschemas an object holds in draft 2020-12 keywords, with their paths below it.
    static func subschemas(of object: JSONObject) -> [([String], JSONValue)] {
        var found: [([String], JSONValue)] = []
        let single = [
            "not", "if", "then", "else", "items", "contains", "additionalProperties", "propertyNames",
            "unevaluatedItems", "unevaluatedProperties", "contentSchema",
        ]
        for keyword in single {
            if let child = object[keyword] { found.append(([keyword], child)) }
        }
        for keyword in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            guard let items = object[keyword]?.arrayValue else { continue }
            for (index, child) in items.enumerated() { found.append(([keyword, String(index)], child)) }
        }
        for keyword in ["$defs", "properties", "patternProperties", "dependentSchemas"] {
            guard let members = object[keyword]?.objectValue else { continue }
            for (name, child) in members.members { found.append(([keyword, name], child)) }
        }
        return found
    }

    /// Makes sure the document for `uri` (no fragment) is loaded; false when nothing provides it.
    ///
    /// Sources in order: the bundled meta-schemas, `remotes`, then the loader.
    mutating func ensureLoaded(_ uri: String) throws(Diagnostic) -> Bool {
        if resources[uri] != nil { return true }
        let bytes: [UInt8]
        if let text = BundledMetaschemas.byURI[uri] {
            bytes = Array(text.utf8)
        } else if let remote = remotes[uri] {
            bytes = remote
        } else if let loaded = remoteLoader?(uri) {
            bytes = loaded
        } else {
            return false
        }
        let document: JSONValue
        do {
            document = try JSONValueParser.parse(bytes)
        } catch {
            throw Diagnostic.error(error.code, "cannot read the schema at \(uri): \(error.message)", at: error.location)
        }
        add(document, uri: uri)
        return true
    }

    /// Resolves a `$ref`-style reference against `base` to the schema location it names.
    mutating func resolve(_ reference: String, base: String) throws(Diagnostic) -> (SchemaLocation, key: String)? {
        let uri = URIReference(reference).resolved(against: URIReference(base))
        let resource = uri.withoutFragment.text
        guard try ensureLoaded(resource), let root = resources[resource] else { return nil }
        let fragment = URIReference.percentDecoded(uri.fragment ?? "")
        if fragment.isEmpty { return (root, resource) }
        if let tokens = JSONPointer.tokens(fragment) {
            let location = SchemaLocation(document: root.document, tokens: root.tokens + tokens)
            return value(at: location) == nil ? nil : (location, resource + "#" + fragment)
        }
        let key = resource + "#" + fragment
        return anchors[key].map { ($0, key) }
    }
}
