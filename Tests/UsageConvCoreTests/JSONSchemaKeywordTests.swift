import Testing

@testable import UsageConvCore

/// The JSON Schema validator's own checks, one or more per keyword family; they need no `../shared`.
struct JSONSchemaKeywordTests {
    static func check(
        _ schema: String,
        _ instance: String,
        options: JSONSchemaValidator.Options = .init()
    ) throws -> [SchemaViolation] {
        try JSONSchemaValidator(schema: Array(schema.utf8), options: options).validate(Array(instance.utf8))
    }

    /// (instance pointer, keyword) of each violation, sorted for stable comparison.
    static func places(
        _ schema: String,
        _ instance: String,
        options: JSONSchemaValidator.Options = .init()
    ) throws -> [String] {
        try check(schema, instance, options: options).map { "\($0.instancePointer) \($0.keyword)" }.sorted()
    }

    @Test func typeSaysExpectedAndFound() throws {
        let violations = try Self.check(#"{"type": "integer"}"#, #""abc""#)
        #expect(violations.count == 1)
        #expect(violations.first?.instancePointer == "")
        #expect(violations.first?.schemaPointer == "/type")
        #expect(violations.first?.keyword == "type")
        #expect(violations.first?.message == #"expected integer, found string "abc""#)
        #expect(try Self.check(#"{"type": "integer"}"#, "1.0").isEmpty)
        #expect(try Self.check(#"{"type": ["string", "null"]}"#, "null").isEmpty)
    }

    @Test func trueAndFalseSchemas() throws {
        #expect(try Self.check("true", #"{"anything": [1, "two"]}"#).isEmpty)
        let violations = try Self.check(#"{"properties": {"gone": false}}"#, #"{"gone": 1}"#)
        #expect(violations.map(\.keyword) == ["false"])
        #expect(violations.first?.instancePointer == "/gone")
        #expect(violations.first?.schemaPointer == "/properties/gone")
    }

    @Test func objectKeywordsPointAtTheMember() throws {
        let schema = #"""
            {"properties": {"a": {"items": {"minimum": 3}}, "a/b": {"type": "string"}},
             "required": ["c"], "additionalProperties": {"type": "boolean"},
             "patternProperties": {"^x-": {"type": "number"}}, "propertyNames": {"maxLength": 5},
             "dependentRequired": {"a": ["d"]}, "minProperties": 1, "maxProperties": 5}
            """#
        #expect(
            try Self.places(schema, #"{"a": [5, 1], "a/b": 2, "x-1": "s", "other": 1}"#) == [
                " dependentRequired", " required", "/a/1 minimum", "/a~1b type", "/other type", "/x-1 type",
            ]
        )
        let badName = try Self.check(schema, #"{"c": true, "toolong": true}"#)
        #expect(badName.map(\.schemaPointer) == ["/propertyNames/maxLength"])
        #expect(badName.first?.message.hasPrefix(#"property name "toolong": expected at most 5"#) == true)
        #expect(try Self.check(schema, #"{"a": [], "c": true, "d": false, "x-9": 1, "ok": true}"#).isEmpty)
    }

    @Test func arrayKeywords() throws {
        let schema = #"""
            {"prefixItems": [{"type": "string"}], "items": {"type": "integer"},
             "contains": {"const": 0}, "minContains": 1, "maxContains": 1,
             "minItems": 2, "maxItems": 4, "uniqueItems": true}
            """#
        #expect(try Self.check(schema, #"["a", 0, 2]"#).isEmpty)
        #expect(
            try Self.places(schema, #"[1, 2.5, 2, 2.0]"#)
                == ["/0 type", "/1 type", " contains", " uniqueItems"].sorted()
        )
        #expect(try Self.places(schema, #"["a", 0, 0]"#) == [" maxContains", " uniqueItems"])
    }

    @Test func combinators() throws {
        #expect(try Self.places(#"{"anyOf": [{"type": "string"}, {"minimum": 2}]}"#, "1") == [" anyOf"])
        #expect(try Self.places(#"{"oneOf": [{"type": "integer"}, {"minimum": 2}]}"#, "3") == [" oneOf"])
        #expect(try Self.places(#"{"not": {"type": "null"}}"#, "null") == [" not"])
        #expect(try Self.places(#"{"allOf": [{"type": "integer"}, {"maximum": 2}]}"#, "3") == [" maximum"])
        let conditional = #"{"if": {"minimum": 10}, "then": {"multipleOf": 5}, "else": {"const": 1}}"#
        #expect(try Self.places(conditional, "12") == [" multipleOf"])
        #expect(try Self.check(conditional, "15").isEmpty)
        #expect(try Self.check(conditional, "3").first?.schemaPointer == "/else/const")
        #expect(try Self.places(#"{"dependentSchemas": {"a": {"required": ["b"]}}}"#, #"{"a": 1}"#) == [" required"])
    }

    @Test func unevaluatedSeesThroughRefsAndPassingBranchesOnly() throws {
        let schema = #"""
            {"$defs": {"named": {"properties": {"name": true}}},
             "allOf": [{"$ref": "#/$defs/named"}],
             "anyOf": [{"properties": {"a": {"type": "string"}}}, {"properties": {"b": true}}],
             "unevaluatedProperties": false}
            """#
        #expect(try Self.check(schema, #"{"name": 1, "a": "x", "b": 2}"#).isEmpty)
        // "a" fails its branch, so that branch's annotations do not count: "a" is unevaluated.
        let violations = try Self.check(schema, #"{"a": 1, "b": 2}"#)
        #expect(violations.map { "\($0.instancePointer) \($0.keyword)" } == ["/a unevaluatedProperties"])
        #expect(
            violations.first?.message == "expected no property here (unevaluatedProperties is false), found number 1"
        )
        #expect(violations.first?.schemaPointer == "/unevaluatedProperties")
        let items = #"{"prefixItems": [true], "contains": {"type": "string"}, "unevaluatedItems": false}"#
        #expect(try Self.check(items, #"[1, "s", "t"]"#).isEmpty)
        #expect(try Self.places(items, #"[1, "s", 3]"#) == ["/2 unevaluatedItems"])
    }

    @Test func numbersAreExactDecimals() throws {
        #expect(try Self.check(#"{"multipleOf": 0.01}"#, "19.99").isEmpty)
        #expect(try Self.places(#"{"multipleOf": 0.01}"#, "19.999") == [" multipleOf"])
        #expect(try Self.check(#"{"multipleOf": 1e-8}"#, "12391239123").isEmpty)
        #expect(try Self.places(#"{"type": "integer", "multipleOf": 0.123456789}"#, "1e308") == [" multipleOf"])
        #expect(try Self.check(#"{"const": {"a": [1, 2.50]}}"#, #"{"a": [1.0, 2.5]}"#).isEmpty)
        #expect(try Self.check(#"{"enum": [1, "x"]}"#, "1.00").isEmpty)
        #expect(try Self.places(#"{"enum": [1, "x"]}"#, "true") == [" enum"])
        #expect(
            try Self.places(#"{"uniqueItems": true}"#, #"[{"a": 1, "b": 2}, {"b": 2, "a": 1.0}]"#) == [" uniqueItems"]
        )
        #expect(
            try Self.places(#"{"exclusiveMinimum": 0.1, "maximum": 9007199254740993}"#, "9007199254740994") == [
                " maximum"
            ]
        )
    }

    @Test func stringsCountCodePoints() throws {
        #expect(try Self.check(#"{"maxLength": 1}"#, #""😀""#).isEmpty)
        #expect(try Self.places(#"{"minLength": 2}"#, #""é""#) == [" minLength"])
        #expect(try Self.places(#"{"pattern": "^[a-z]+\\d$"}"#, #""abc""#) == [" pattern"])
        #expect(try Self.check(#"{"pattern": "b"}"#, #""abc""#).isEmpty)
        #expect(try Self.check(#"{"const": "é"}"#, #""e\u0301""#).count == 1)
    }

    @Test func formatIsAnAnnotationUnlessAsked() throws {
        let schema = #"{"properties": {"day": {"format": "date"}, "ip": {"format": "ipv4"}}}"#
        let instance = #"{"day": "2024-02-30", "ip": "1.2.3.256"}"#
        #expect(try Self.check(schema, instance).isEmpty)
        var options = JSONSchemaValidator.Options()
        options.formatAssertion = true
        #expect(try Self.places(schema, instance, options: options) == ["/day format", "/ip format"])
        #expect(try Self.check(schema, #"{"day": "2024-02-29", "ip": "10.0.0.1"}"#, options: options).isEmpty)
        #expect(try Self.check(#"{"format": "no-such-format"}"#, #""x""#, options: options).isEmpty)
    }

    @Test func formatChecks() {
        let valid: [(String, String)] = [
            ("date-time", "1963-06-19T08:30:06.283185Z"), ("date-time", "1990-12-31T15:59:60-08:00"),
            ("time", "08:30:06+01:00"),
            ("duration", "P1Y2M3DT4H5M6S"), ("duration", "P4W"), ("email", "joe.bloggs@example.com"),
            ("hostname", "www.example.com"),
            ("ipv6", "::ffff:192.168.0.1"), ("ipv6", "1::8"), ("uri", "http://a.example/b?c#d"),
            ("uri-reference", "../x#y"),
            ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380"), ("json-pointer", "/a~1b/0"), ("regex", "^a+$"),
            ("relative-json-pointer", "1/a"),
        ]
        for (format, text) in valid { #expect(FormatChecker.isValid(text, format: format), "\(format) \(text)") }
        let invalid: [(String, String)] = [
            ("date-time", "1990-12-31T23:59:60Z0"), ("date", "2021-13-01"), ("time", "24:00:00Z"), ("duration", "PT"),
            ("duration", "P1D2Y"), ("email", "a..b@example.com"), ("hostname", "-bad.example"), ("ipv4", "01.2.3.4"),
            ("ipv6", "1:2:3:4:5:6:7:8:9"), ("uri", "relative/path"), ("uri", "http://exa mple.com"),
            ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d1638"), ("json-pointer", "a/b"), ("json-pointer", "/~2"),
            ("regex", "^(a"),
        ]
        for (format, text) in invalid { #expect(!FormatChecker.isValid(text, format: format), "\(format) \(text)") }
    }

    @Test func referencesAnchorsAndIdentifiers() throws {
        let schema = #"""
            {"$id": "http://example.com/root.json",
             "$defs": {"positive": {"$anchor": "pos", "exclusiveMinimum": 0},
                       "inner": {"$id": "inner/", "$defs": {"n": {"type": "integer"}}, "$ref": "#/$defs/n"}},
             "properties": {"a": {"$ref": "#pos"}, "b": {"$ref": "inner/"},
                            "c": {"$ref": "http://example.com/inner/#/$defs/n"}}}
            """#
        let violations = try Self.check(schema, #"{"a": 0, "b": "x", "c": 1.5}"#)
        #expect(
            violations.map { "\($0.instancePointer) \($0.keyword)" }.sorted() == [
                "/a exclusiveMinimum", "/b type", "/c type",
            ]
        )
        #expect(violations.contains { $0.schemaPointer == "/properties/b/$ref/$ref/type" })
    }

    @Test func dynamicRefUsesTheOutermostDynamicAnchor() throws {
        let list = #"""
            {"$id": "https://example.com/list", "type": "array", "items": {"$dynamicRef": "#items"},
             "$defs": {"any": {"$dynamicAnchor": "items"}}}
            """#
        let strings = #"""
            {"$id": "https://example.com/strings", "$ref": "list",
             "$defs": {"str": {"$dynamicAnchor": "items", "type": "string"}}}
            """#
        var options = JSONSchemaValidator.Options()
        options.remotes["https://example.com/list"] = Array(list.utf8)
        // Alone, the list takes anything; entered from "strings", the outermost "items" anchor wins.
        #expect(try Self.check(list, #"["x", 1]"#).isEmpty)
        #expect(try Self.places(strings, #"["x", 1]"#, options: options) == ["/1 type"])
        #expect(
            try Self.check(strings, #"["x", 1]"#, options: options).first?.schemaPointer
                == "/$ref/items/$dynamicRef/type"
        )
    }

    @Test func remotesAndTheBundledMetaschema() throws {
        var options = JSONSchemaValidator.Options()
        options.remotes["http://example.com/positive.json"] = Array(#"{"minimum": 1}"#.utf8)
        #expect(
            try Self.places(#"{"$ref": "http://example.com/positive.json"}"#, "0", options: options) == [" minimum"]
        )
        let meta = #"{"$ref": "https://json-schema.org/draft/2020-12/schema"}"#
        #expect(try Self.check(meta, #"{"type": "string", "minLength": 2}"#).isEmpty)
        #expect(try Self.places(meta, #"{"minLength": -1}"#) == ["/minLength minimum"])
        #expect(throws: Diagnostic.self) { try Self.check(#"{"$ref": "http://example.com/missing.json"}"#, "1") }
    }

    @Test func refLoopsAreErrorsNotCrashes() throws {
        #expect(throws: Diagnostic.self) { try Self.check(##"{"$ref": "#"}"##, "1") }
        let pair =
            ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}"##
        #expect(throws: Diagnostic.self) { try Self.check(pair, "{}") }
        // Recursion that consumes input is fine.
        let tree = ##"{"type": "array", "items": {"$ref": "#"}}"##
        #expect(try Self.check(tree, "[[[]], []]").isEmpty)
        #expect(try Self.places(tree, "[[1]]") == ["/0/0 type"])
    }

    @Test func deepInstancesAndLongRefChainsNeverOverflowTheStack() throws {
        let tree = ##"{"type": "array", "items": {"$ref": "#"}}"##
        // 999 levels: as deep as the reader allows (1000 with the root).
        let deep = String(repeating: "[", count: 999) + String(repeating: "]", count: 999)
        #expect(try Self.check(tree, deep).isEmpty)
        let bad = String(repeating: "[", count: 999) + "1" + String(repeating: "]", count: 999)
        #expect(try Self.check(tree, bad).count == 1)
        // A chain of 6000 references is no loop, but deeper than evaluation goes: an error, not a crash.
        let chain = (0..<6000).map { "\"d\($0)\": {\"$ref\": \"#/$defs/d\($0 + 1)\"}" }.joined(separator: ",")
        let schema = "{\"$ref\": \"#/$defs/d0\", \"$defs\": {" + chain + ", \"d6000\": true}}"
        #expect(throws: Diagnostic.self) { try Self.check(schema, "1") }
        // A schema nested 998 levels deep compiles and runs too.
        let nested = String(repeating: #"{"not": "#, count: 998) + "false" + String(repeating: "}", count: 998)
        #expect(try Self.check(nested, "1").count == (998 % 2 == 0 ? 1 : 0))
    }

    @Test func badSchemasAreLocatedErrors() throws {
        func failure(_ schema: String) -> Diagnostic? {
            do {
                _ = try JSONSchemaValidator(schema: Array(schema.utf8))
                return nil
            } catch {
                return error
            }
        }
        let negative = failure(#"{"properties": {"a": {"minLength": -1}}}"#)
        #expect(negative?.code == .malformedInput)
        #expect(negative?.location?.path == "#/properties/a/minLength")
        #expect(failure(#"{"items": [{"type": "string"}]}"#)?.code == .malformedInput)
        #expect(failure(#"{"type": "text"}"#)?.code == .malformedInput)
        #expect(failure(#"{"pattern": "("}"#)?.code == .malformedInput)
        #expect(failure(#"{"$schema": "http://json-schema.org/draft-07/schema#"}"#)?.code == .usage)
        #expect(failure(##"{"$ref": "#/$defs/none"}"##)?.code == .usage)
        #expect(failure(#"{"a": 1, "a": 2}"#)?.code == .duplicateKey)
        #expect(failure(#"{"$defs": {"a": {"$anchor": "x"}, "b": {"$anchor": "x"}}}"#)?.code == .malformedInput)
        // Unknown keywords are annotations: ignored, even with odd values.
        #expect(failure(#"{"x-anything": {"minLength": -1}, "definitions": 3}"#) == nil)
    }

    @Test func customVocabularies() throws {
        var options = JSONSchemaValidator.Options()
        options.remotes["http://example.com/meta"] = Array(
            #"""
            {"$id": "http://example.com/meta",
             "$vocabulary": {"https://json-schema.org/draft/2020-12/vocab/core": true,
                             "https://json-schema.org/draft/2020-12/vocab/applicator": true}}
            """#.utf8
        )
        let schema = #"{"$schema": "http://example.com/meta", "properties": {"a": false}, "minimum": 5}"#
        #expect(try Self.places(schema, #"{"a": 1}"#, options: options) == ["/a false"])
        #expect(try Self.check(schema, "1", options: options).isEmpty)
        options.remotes["http://example.com/strict"] = Array(
            #"{"$vocabulary": {"https://json-schema.org/draft/2020-12/vocab/core": true, "urn:x-unknown": true}}"#.utf8
        )
        #expect(throws: Diagnostic.self) {
            try Self.check(#"{"$schema": "http://example.com/strict"}"#, "1", options: options)
        }
    }

    @Test func instanceErrorsAreThrown() throws {
        let validator = try JSONSchemaValidator(schema: Array("true".utf8))
        #expect(throws: Diagnostic.self) { try validator.validate(Array("[1,".utf8)) }
        #expect(throws: Diagnostic.self) { try validator.validate(Array(#"{"k": 1, "k": 1}"#.utf8)) }
    }
}
