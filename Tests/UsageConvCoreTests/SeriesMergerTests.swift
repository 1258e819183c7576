import Testing
import UsageConvCore

/// Merging archived dumps: the same input gives the same output, warnings included, on every run.
struct SeriesMergerTests {
    /// Two overlapping windows of `resource`'s series whose shared hour differs.
    static func overlappingWindows(_ resource: String) -> [Series] {
        var identity = TestSeries.identity(kind: .rate, unit: "bit/s", step: 3600)
        identity.resource = resource
        return [
            Series(identity: identity, times: [0, 3600], values: [Number(Int64(1)), Number(Int64(2))]),
            Series(identity: identity, times: [3600, 7200], values: [Number(Int64(5)), Number(Int64(3))]),
        ]
    }

    @Test func warningsComeInOutputOrderNotHashOrder() throws {
        // Hash order is seeded per process, so with a dozen series a merge that followed it would
        // put these warnings out of order in almost every run.
        let resources = (1...12).map { "www.example\($0).com" }
        let series = resources.reversed().flatMap(Self.overlappingWindows)
        let merged = try SeriesMerger.merge(series, duplicates: .last)
        #expect(merged.series.map(\.identity.resource) == resources.sorted())
        let named = merged.warnings.map { warning in resources.sorted().first { warning.message.contains("\($0) ") } }
        #expect(named.count == 12)
        #expect(named == resources.sorted().map(Optional.some))
    }
}
