import Foundation
import Testing
import UsageConvCore

/// `convert`, `plot`, `report` and `encode` refuse an output that is one of their inputs, however spelt.
struct FileIdentityTests {
    @Test func anOutputThatIsAnInputIsAUsageErrorHoweverSpelt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("identity-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: folder + "/dump.json"))
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.json", withDestinationPath: "dump.json")
        let refusal = try #require(FileIdentity.overwrittenInput(by: folder + "/link.json", among: ["-", folder + "/./dump.json"]))
        #expect(refusal.exitCode == 64)
        #expect(refusal.message == "the output would overwrite the input \(folder)/./dump.json")
        #expect(FileIdentity.overwrittenInput(by: folder + "/new.csv", among: [folder + "/dump.json"]) == nil)
        #expect(FileIdentity.overwrittenInput(by: "-", among: [folder + "/dump.json"]) == nil)
        #expect(FileIdentity.overwrittenInput(by: nil, among: [folder + "/dump.json"]) == nil)
    }
}
