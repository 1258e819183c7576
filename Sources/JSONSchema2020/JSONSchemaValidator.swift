import JSONStream
import UsageConvDiagnostics

/// A compiled JSON Schema (draft 2020-12).
///
/// Compiling resolves every `$ref` and checks every keyword's shape, so a broken schema fails
/// once, up front, with a located `Diagnostic`; validating then only walks the instance.
///
///     let validator = try JSONSchemaValidator(schema: Array(#"{"type": "integer"}"#.utf8))
///     let violations = try validator.validate(Array("\"abc\"".utf8))  // expected integer, found string "abc"
public struct JSONSchemaValidator: Sendable {
    /// Options: formats as assertions, and where remote `$ref`s may be loaded from (never the network).
    public struct Options: Sendable {
        /// Make `format` an assertion (the spec's default is an annotation only).
        public var formatAssertion = false
        /// Schema documents by absolute URI without fragment (`http://localhost:1234/tree.json`).
        public var remotes: [String: [UInt8]] = [:]
        /// Called for a URI that neither `remotes` nor the bundled meta-schemas provide; nil means unknown.
        public var remoteLoader: (@Sendable (String) -> [UInt8]?)? = nil

        /// The defaults: format as annotation, no remotes.
        public init() {}
    }

    private let program: SchemaProgram

    /// Compiles a schema given as JSON bytes.
    ///
    /// - Throws: `Diagnostic`: `.malformedInput` for unreadable JSON or a keyword of the wrong shape,
    ///   `.usage` for an unresolvable `$ref`, an unknown `$schema` or a required unknown vocabulary.
    public init(schema bytes: [UInt8], options: Options = .init()) throws(Diagnostic) {
        try self.init(schema: try JSONValueParser.parse(bytes), options: options)
    }

    /// Compiles an already parsed schema.
    public init(schema: JSONValue, options: Options = .init()) throws(Diagnostic) {
        var registry = SchemaRegistry()
        registry.remotes = options.remotes
        registry.remoteLoader = options.remoteLoader
        let root = registry.add(schema, uri: "")
        let compiler = SchemaCompiler(registry: registry, formatAssertion: options.formatAssertion)
        program = try DeepStack.run {
            var compiling = compiler
            do throws(Diagnostic) {
                return .success(try compiling.compile(root: root))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Validates JSON bytes; an empty result means the instance is valid.
    ///
    /// - Throws: `Diagnostic` when the instance is not JSON, or when the schema loops on it.
    public func validate(_ instance: [UInt8]) throws(Diagnostic) -> [SchemaViolation] {
        try validate(value: try JSONValueParser.parse(instance))
    }

    /// Validates an already parsed instance.
    public func validate(value instance: JSONValue) throws(Diagnostic) -> [SchemaViolation] {
        try evaluate(instance).violations
    }

    /// Whether the instance is valid (the same work as `validate`, without keeping the messages).
    public func isValid(_ instance: JSONValue) throws(Diagnostic) -> Bool {
        try evaluate(instance).valid
    }

    private func evaluate(_ instance: JSONValue) throws(Diagnostic) -> (valid: Bool, violations: [SchemaViolation]) {
        let program = self.program
        return try DeepStack.run {
            var evaluator = SchemaEvaluator(program: program)
            var violations: [SchemaViolation] = []
            do throws(Diagnostic) {
                let valid = try evaluator.evaluate(program.root, instance, at: "", path: "", into: &violations) != nil
                return .success((valid, violations))
            } catch {
                return .failure(error)
            }
        }
    }
}
