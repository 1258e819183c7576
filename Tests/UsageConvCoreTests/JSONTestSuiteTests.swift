import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// Runs `../shared/conformance/jsontestsuite/test_parsing` when `../shared` is present.
///
/// Syntax is checked with duplicate keys allowed (RFC 8259 only says names SHOULD be unique; two
/// `y_` cases repeat a key); dumps are read with duplicate keys rejected, checked separately.
struct JSONTestSuiteTests {
    static let folder: URL? = TestPaths.shared?.appendingPathComponent("conformance/jsontestsuite/test_parsing")

    static func parse(_ bytes: [UInt8], rejectDuplicates: Bool = false) -> Diagnostic? {
        var options = JSONReaderOptions()
        options.rejectDuplicateKeys = !rejectDuplicates ? false : true
        let reader = JSONReader(bytes: bytes, options: options)
        do {
            while try reader.next() != .endOfInput {}
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic
        } catch {
            return .error(.malformedInput, "\(error)")
        }
    }

    @Test(.enabled(if: folder != nil, "../shared is absent"))
    func everyYesIsAcceptedEveryNoRejected() throws {
        let folder = try #require(Self.folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var counts = (yes: 0, yesPassed: 0, no: 0, noPassed: 0, implementation: 0, accepted: 0)
        for name in names where name.hasSuffix(".json") {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            let error = Self.parse(bytes)
            switch name.first {
            case "y":
                counts.yes += 1
                if error == nil { counts.yesPassed += 1 } else { Issue.record("\(name) rejected: \(error!)") }
            case "n":
                counts.no += 1
                if error != nil { counts.noPassed += 1 } else { Issue.record("\(name) accepted") }
            default:
                counts.implementation += 1
                if error == nil { counts.accepted += 1 }
            }
        }
        print(
            "JSONTestSuite: y_ \(counts.yesPassed)/\(counts.yes) accepted, n_ \(counts.noPassed)/\(counts.no) rejected, i_ \(counts.implementation) ran without crashing (\(counts.accepted) accepted)"
        )
        #expect(counts.yes > 90 && counts.no > 180)
    }

    @Test(.enabled(if: folder != nil, "../shared is absent"))
    func dumpModeRejectsTheDuplicateKeyCases() throws {
        let folder = try #require(Self.folder)
        for name in ["y_object_duplicated_key.json", "y_object_duplicated_key_and_value.json"] {
            let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))
            #expect(Self.parse(bytes, rejectDuplicates: true)?.code == .duplicateKey)
        }
    }
}
