import JSONStream
import UsageConvDiagnostics

/// Turns loaded schema documents into a `SchemaProgram`, checking every keyword's shape.
///
/// Unknown keywords: the spec says keywords an implementation does not know are ignored (they
/// are collected as annotations, which this validator does not report), so they are skipped, as
/// are keywords of a vocabulary the dialect's meta-schema turns off. Every draft 2020-12 keyword
/// is implemented; a 2020-12 keyword whose value has a shape the spec does not allow (`items` as an
/// array, the 2019-09 form; `minLength: -1`; a `pattern` Swift cannot compile) is an error, never
/// silently ignored, since ignoring it would accept instances the schema author meant to reject.
struct SchemaCompiler {
    var registry: SchemaRegistry
    var program = SchemaProgram()
    private var memo: [SchemaLocation: Int] = [:]
    private var resourceIndexes: [String: Int] = [:]
    private var dialects: [String: SchemaVocabularies] = [:]
    private let formatOption: Bool

    init(registry: SchemaRegistry, formatAssertion: Bool) {
        self.registry = registry
        self.formatOption = formatAssertion
        program.formatAssertion = formatAssertion
    }

    /// Compiles the schema at `root` and everything it can reach, including every dynamic anchor of
    /// every resource it reaches (a `$dynamicRef` may land on any of them at run time).
    mutating func compile(root: SchemaLocation) throws(Diagnostic) -> SchemaProgram {
        program.root = try node(at: root)
        var handled = 0
        while handled < program.resources.count {
            let uri = program.resources[handled].uri
            for (name, location) in registry.dynamicAnchorsByResource[uri] ?? [:] {
                let target = try node(at: location)
                program.resources[handled].dynamicAnchors[name] = target
            }
            handled += 1
        }
        // The spec makes a duplicate identifier an error: which schema a `$ref` means would be a guess.
        if let conflict = registry.conflicts.first {
            throw Diagnostic.error(.malformedInput, conflict)
        }
        return program
    }

    /// The node for the schema at `location`, compiled once (cycles through `$ref` reuse the index).
    mutating func node(at location: SchemaLocation) throws(Diagnostic) -> Int {
        if let existing = memo[location] { return existing }
        guard let value = registry.value(at: location) else {
            throw Diagnostic.error(.usage, "no schema at \(location.pointer)")
        }
        let info = registry.info(at: location)
        let index = program.nodes.count
        memo[location] = index
        let resource = resourceIndex(info.base)
        program.nodes.append(
            SchemaNode(body: .always(true), resource: resource, location: info.base + "#" + location.pointer)
        )
        let body = try compileBody(value, at: location, info: info)
        program.nodes[index].body = body
        return index
    }

    private mutating func resourceIndex(_ uri: String) -> Int {
        if let existing = resourceIndexes[uri] { return existing }
        let index = program.resources.count
        program.resources.append(SchemaResourceAnchors(uri: uri))
        resourceIndexes[uri] = index
        return index
    }

    private mutating func compileBody(
        _ value: JSONValue,
        at location: SchemaLocation,
        info: SchemaLocationInfo
    ) throws(Diagnostic)
        -> SchemaNode.Body
    {
        let object: JSONObject
        switch value {
        case .bool(let flag): return .always(flag)
        case .object(let members): object = members
        default: throw SchemaCompiler.shapeError("a schema (an object or a boolean)", found: value, at: location)
        }
        let vocabularies = try self.vocabularies(info.dialect, at: location)
        var keywords: [SchemaKeyword] = []
        try compileCore(object, at: location, info: info, into: &keywords)
        if vocabularies.contains(.applicator) { try compileApplicators(object, at: location, into: &keywords) }
        if vocabularies.contains(.validation) { try compileValidation(object, at: location, into: &keywords) }
        if vocabularies.contains(.unevaluated) { try compileUnevaluated(object, at: location, into: &keywords) }
        try compileAnnotations(object, at: location, vocabularies: vocabularies, into: &keywords)
        // `unevaluated*` read what their siblings evaluated, so they run last.
        let ordered = keywords.filter { !$0.readsSiblingAnnotations } + keywords.filter { $0.readsSiblingAnnotations }
        return .keywords(ordered)
    }

    /// The vocabularies of the dialect `metaschema` (a `$schema` value), loaded once.
    private mutating func vocabularies(
        _ metaschema: String,
        at location: SchemaLocation
    ) throws(Diagnostic) -> SchemaVocabularies {
        if metaschema == SchemaRegistry.draft202012 { return .draft202012 }
        if let known = dialects[metaschema] { return known }
        guard try registry.ensureLoaded(metaschema), let root = registry.resources[metaschema],
            let document = registry.value(at: root)
        else {
            throw Diagnostic.error(
                .usage,
                "unsupported $schema \(metaschema): only draft 2020-12 and meta-schemas given as remotes are known",
                at: SchemaCompiler.where(location)
            )
        }
        var result = try SchemaVocabularies.of(metaschema: document, uri: metaschema)
        if result.contains(.formatAssertion) { result.insert(.formatAnnotation) }
        dialects[metaschema] = result
        return result
    }

    /// The subschema at `keyword` (and further `tokens`) below `location`.
    mutating func child(_ location: SchemaLocation, _ tokens: String...) throws(Diagnostic) -> Int {
        var target = location
        for token in tokens { target = target.appending(token) }
        return try node(at: target)
    }

    /// The location of a diagnostic about the schema at `location`.
    static func `where`(_ location: SchemaLocation, _ keyword: String? = nil) -> SourceLocation {
        let tokens = keyword.map { location.tokens + [$0] } ?? location.tokens
        return SourceLocation(path: "#" + JSONPointer.make(tokens))
    }

    /// "expected X for KEYWORD, found Y" at the keyword.
    static func shapeError(
        _ expected: String,
        found: JSONValue,
        at location: SchemaLocation,
        keyword: String? = nil
    )
        -> Diagnostic
    {
        let subject = keyword.map { " for \"\($0)\"" } ?? ""
        return Diagnostic.error(
            .malformedInput,
            "expected \(expected)\(subject), found \(found.described)",
            at: `where`(location, keyword)
        )
    }
}
