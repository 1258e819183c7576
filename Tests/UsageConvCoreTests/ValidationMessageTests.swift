import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// What `validate` and `convert` say when a dump is refused: the closest `anyOf`/`oneOf` branch, a
/// located HTML finding, and an error body whose provider is not known.
struct ValidationMessageTests {
    static let decimalOrNull = #"""
        {"anyOf": [{"type": ["number", "null"]}, {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"}]}
        """#

    @Test func anyOfNamesTheClosestBranchWithItsKeywordAndValue() throws {
        let validator = try JSONSchemaValidator(schema: Array(Self.decimalOrNull.utf8))
        let violations = try validator.validate(Array(#""1,5""#.utf8))
        let message = try #require(violations.first?.message)
        #expect(violations.map(\.keyword) == ["anyOf"])
        #expect(message.contains("closest: branch 1 fails pattern"), "\(message)")
        #expect(message.contains(#"found "1,5""#), "\(message)")
        // A value of the wrong type altogether: no branch got past `type`; the first is named.
        let wrongType = try validator.validate(Array("true".utf8))
        #expect(wrongType.first?.message.contains("closest: branch 0 fails type") == true, "\(wrongType)")
    }

    @Test func oneOfNamesTheBranchThatGotDeepest() throws {
        let schema = #"""
            {"oneOf": [
              {"type": "object", "required": ["a"]},
              {"type": "object", "properties": {"b": {"type": "object", "properties": {"c": {"minimum": 5}}}}, "required": ["b"]}
            ]}
            """#
        let validator = try JSONSchemaValidator(schema: Array(schema.utf8))
        let violations = try validator.validate(Array(#"{"b": {"c": 1}}"#.utf8))
        let message = try #require(violations.first?.message)
        #expect(message.contains("closest: branch 1 fails minimum at #/b/c"), "\(message)")
        // Two matching branches: nothing is "closest", the count says it all.
        let both = try JSONSchemaValidator(schema: Array(#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#.utf8))
        let message2 = try #require(try both.validate(Array("3".utf8)).first?.message)
        #expect(message2.contains("found 2 matching") && !message2.contains("closest"), "\(message2)")
    }

    @Test func anHTMLPagesFindingIsLocatedAtTheFile() throws {
        let page = Array("<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head></html>\n".utf8)
        let findings = try DumpValidation.validate(bytes: page, shown: "dump.json", schemas: try DumpSchemas(), format: nil)
        let finding = try #require(findings.first)
        #expect(finding.diagnostic.location?.file == "dump.json", "\(finding.diagnostic)")
        #expect(finding.diagnostic.code == .providerError)
    }

    static let sharedBody = #"{"code": "Unauthorized", "message": "Authentication failed"}"#

    @Test func aSharedErrorBodyNamesBothProvidersUnlessFormatNamesOne() throws {
        func failure(_ format: String?) throws -> Diagnostic {
            do {
                _ = try InputDecoding.decode(
                    source: MemoryByteSource(Array(Self.sharedBody.utf8)),
                    format: format,
                    options: DecodeOptions()
                )
            } catch let diagnostic as Diagnostic {
                return diagnostic
            }
            throw Diagnostic.error(.usage, "accepted an error body")
        }
        let unknown = try failure(nil)
        #expect(unknown.code == .providerError)
        #expect(unknown.message.contains("swiftfederation") && unknown.message.contains("interserver"), "\(unknown.message)")
        #expect(unknown.message.contains("Unauthorized: Authentication failed"), "\(unknown.message)")
        #expect(!unknown.message.hasPrefix("interserver API error"), "\(unknown.message)")
        let named = try failure("swiftfederation")
        #expect(named.message.hasPrefix("swiftfederation API error"), "\(named.message)")
        #expect(!named.message.contains("interserver"), "\(named.message)")
        let other = try failure("interserver")
        #expect(other.message.hasPrefix("interserver API error"), "\(other.message)")
        // A dotted code is SwiftFederation's documented form: that is known.
        let dotted = #"{"code": "Signature.NotMatch", "message": "no"}"#
        do {
            _ = try InputDecoding.decode(source: MemoryByteSource(Array(dotted.utf8)), format: nil, options: DecodeOptions())
            Issue.record("accepted an error body")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.message.hasPrefix("swiftfederation API error"), "\(diagnostic.message)")
        }
    }
}
