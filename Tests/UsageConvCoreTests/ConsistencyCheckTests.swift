import Testing

@testable import UsageConvCore

/// The `consistency` rule of `usageconv validate`: what a schema cannot express.
struct ConsistencyCheckTests {
    func series(source: String, step: Int64, times: [Int64], meta: [String: String] = [:]) -> Series {
        var identity = TestSeries.identity(step: step)
        identity.source = source
        return Series(identity: identity, times: times, values: times.map { _ in Number(Int64(1)) }, meta: meta)
    }

    @Test func pointsOffTheStepGridAreReported() {
        // 3600 s grid: 7200 is on it, 7210 is not.
        let findings = ConsistencyChecks.check([series(source: "onapp", step: 3600, times: [0, 3600, 7210])], source: "onapp")
        #expect(findings.count == 1)
        #expect(
            findings.first?.message.contains("1 of 3 points are off the 3600 s grid of the others, first at 1970-01-01T02:00:10Z") == true
        )
        // A finding about the whole series is located where its points are.
        var located = series(source: "onapp", step: 3600, times: [0, 3600, 7210])
        located.origin = SourceLocation(line: 3, column: 5, path: "$[0]")
        #expect(ConsistencyChecks.check([located], source: "onapp").first?.location == SourceLocation(line: 3, column: 5, path: "$[0]"))
        // The grid is where most points are, even when the first point is the odd one.
        let late = ConsistencyChecks.check([series(source: "onapp", step: 3600, times: [10, 3600, 7200, 10_800])], source: "onapp")
        #expect(late.first?.message.contains("1 of 4 points are off the 3600 s grid of the others, first at 1970-01-01T00:00:10Z") == true)
        // InterServer samples are jittered by nature.
        #expect(ConsistencyChecks.check([series(source: "interserver", step: 60, times: [30, 90, 151])], source: "interserver").isEmpty)
    }

    @Test func spansBeyondWhatOneCallReturnsAreReported() {
        // 289 five-minute points = 24 h 5 min: more than one SwiftFederation call returns.
        let day = (0...288).map { Int64($0) * 300 }
        let findings = ConsistencyChecks.check([series(source: "swiftfederation", step: 300, times: day)], source: "swiftfederation")
        #expect(findings.map(\.message).contains { $0.contains("at most 24 hours") })
        #expect(
            ConsistencyChecks.check([series(source: "swiftfederation", step: 300, times: Array(day.dropLast()))], source: "swiftfederation")
                .isEmpty
        )
        // Baishan: 11 days of 5-minute points exceed the 10 days it serves at that granularity.
        let elevenDays = stride(from: Int64(0), to: 11 * 86_400, by: 300).map { $0 }
        let baishan = ConsistencyChecks.check([series(source: "baishan", step: 300, times: elevenDays)], source: "baishan")
        #expect(baishan.map(\.message).contains { $0.contains("at most 10 days") })
    }

    @Test func pointsAfterTheDumpsOwnLastAreReported() {
        // last = 1970-01-01T00:02:00Z; the point at 180 s is in the dump's future.
        let s = series(source: "interserver", step: 60, times: [0, 60, 120, 180], meta: ["last": "1970-01-01T00:02:00Z"])
        let findings = ConsistencyChecks.check([s], source: "interserver")
        #expect(
            findings.map(\.message) == [
                "r traffic out: 1 points are later than the dump's own last (1970-01-01T00:02:00Z), first at 1970-01-01T00:03:00Z"
            ]
        )
    }
}
