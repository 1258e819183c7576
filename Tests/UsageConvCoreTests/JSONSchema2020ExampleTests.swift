import Foundation
import JSONSchema2020
import Testing
import UsageConvTestSupport

// The code between the `example` markers is the JSONSchema2020 catalog page's example, character
// for character; this file imports only the validator product, as a program using it alone would.

// example: start
/// Checks a JSON document against a draft 2020-12 schema; no violations means valid.
func violations(of document: String, against schema: String) throws -> [String] {
    let validator = try JSONSchemaValidator(schema: Array(schema.utf8))
    return try validator.validate(Array(document.utf8)).map(\.description)
}
// example: end

@Suite struct JSONSchema2020ExampleTests {
    let schema = #"{"properties": {"port": {"type": "integer"}}}"#

    @Test func theExampleNamesTheViolatingMember() throws {
        let found = try violations(of: #"{"port": "80"}"#, against: schema)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("/port: ") == true)
        #expect(found.first?.hasSuffix("(/properties/port/type)") == true)
    }

    @Test func theExampleFindsNothingInAValidDocument() throws {
        #expect(try violations(of: #"{"port": 80}"#, against: schema).isEmpty)
    }

    @Test func aBrokenSchemaThrowsALocatedDiagnostic() throws {
        let error = try #require(throws: Diagnostic.self) {
            try violations(of: "{}", against: ##"{"$ref": "#/$defs/missing"}"##)
        }
        #expect(error.code == .usage)
    }

    @Test func theCatalogPageShowsExactlyTheTestedCode() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let start = try #require(source.range(of: "// example: start\n"))
        let end = try #require(source.range(of: "// example: end\n"))
        let example = String(source[start.upperBound..<end.lowerBound])
        let page = "Sources/JSONSchema2020/JSONSchema2020.docc/JSONSchema2020.md"
        let text = try String(contentsOfFile: TestPaths.root.appendingPathComponent(page).path, encoding: .utf8)
        #expect(text.contains("```swift\nimport JSONSchema2020\n\n" + example + "```\n"))
    }
}
