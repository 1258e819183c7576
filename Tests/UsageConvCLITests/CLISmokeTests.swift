import Testing
import UsageConvTestSupport

struct CLISmokeTests {
    @Test func formatsListsEveryDecoder() throws {
        let result = try CLIRunner.run(["formats"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("baishan"))
        #expect(result.stdout.contains("swiftfederation"))
    }
}
