import PropertyBased
import Testing

@testable import UsageConvCore

struct SeriesBuilderTests {
    static let identity = SeriesIdentity(
        source: "test",
        resource: "r",
        metric: "traffic",
        direction: "out",
        unit: "B",
        kind: .amount,
        step: 300,
        absent: .zero
    )

    @Test func sortsAndWarns() throws {
        var builder = SeriesBuilder(identity: Self.identity)
        for t: Int64 in [600, 0, 300] { builder.append(time: t, value: Number(t)) }
        let (series, warnings) = try builder.finish(duplicates: .last)
        #expect(series.times == [0, 300, 600])
        #expect(series.values == [Number(Int64(0)), Number(Int64(300)), Number(Int64(600))])
        #expect(warnings.map(\.code) == [.outOfOrder])
    }

    @Test(arguments: [
        (DuplicatePolicy.first, "1"), (.last, "3"), (.max, "3"), (.sum, "4"),
    ])
    func resolvesDuplicatesByPolicy(policy: DuplicatePolicy, kept: String) throws {
        var builder = SeriesBuilder(identity: Self.identity)
        builder.append(time: 0, value: Number(Int64(1)))
        builder.append(time: 0, value: Number(Int64(3)))
        builder.append(time: 300, value: Number(Int64(5)))
        builder.append(time: 300, value: Number(Int64(5)))
        let (series, warnings) = try builder.finish(duplicates: policy)
        #expect(series.times == [0, 300])
        #expect(series.values[0].description == kept)
        #expect(warnings.count == 1)
        #expect(warnings[0].message.contains("2 duplicate timestamps"))
        #expect(warnings[0].message.contains("1 identical collapsed, 1 differing"))
    }

    @Test func emptySeriesWarn() throws {
        let (series, warnings) = try SeriesBuilder(identity: Self.identity).finish(duplicates: .last)
        #expect(series.isEmpty)
        #expect(warnings.map(\.code) == [.emptySeries])
    }

    @Test func finishedSeriesAreSortedAndUnique() async {
        await propertyCheck(input: Gen.int64(in: 0...50).array(of: 0...60)) { slots in
            var builder = SeriesBuilder(identity: Self.identity)
            for slot in slots { builder.append(time: slot * 300, value: Number(slot)) }
            let (series, _) = try builder.finish(duplicates: .last)
            #expect(zip(series.times, series.times.dropFirst()).allSatisfy { $0 < $1 })
            #expect(Set(series.times) == Set(slots.map { $0 * 300 }))
        }
    }

    @Test func stepInferenceIgnoresOmittedPointsAndOrder() async {
        await propertyCheck(input: Gen.element(of: [Int64(60), 300, 900, 3600, 86_400]), Gen.int64(in: 0...200).array(of: 0...40)) {
            chosen,
            slots in
            let step = chosen ?? 300
            // Any omissions, in any order, plus a run of 15 consecutive points: the GCD of the
            // spacings is the step, and at least 10 points lie off every coarser grid step (each is
            // 3 or more times the finer), so no coarser step holds 90% of them. The step is exact:
            // a multiple of it (two or five steps) would halve or fifth the data's resolution.
            let run: [Int64] = (0..<15).map { 300 + $0 }
            let times = (slots + run).map { 1_503_244_800 + $0 * step }
            let inferred = StepInference.step(of: times, fallback: 1)
            #expect(inferred == step, "\(step) inferred as \(inferred) from slots \(slots.sorted())")
        }
        #expect(StepInference.step(of: [1_503_244_800], fallback: 300) == 300)
        #expect(StepInference.step(of: [0, 300, 86_100], fallback: 1) == 300)
        #expect(StepInference.step(of: [0, 86_400 * 3], fallback: 1) == 86_400)
    }

    /// Appending columns is appending their points one by one: the same series, warnings and
    /// errors, whatever came before (points, nulls, another column append) and however the times
    /// are ordered.
    @Test func appendingColumnsEqualsAppendingEachPoint() async {
        await propertyCheck(
            input: Gen.int64(in: 0...20).array(of: 0...12),
            Gen.int64(in: 0...20).array(of: 0...12),
            Gen.int(in: 0...3)
        ) { before, slots, nulls in
            var single = SeriesBuilder(identity: Self.identity)
            var columns = SeriesBuilder(identity: Self.identity)
            for slot in before {
                single.append(time: slot * 300, value: Number(slot))
                columns.append(time: slot * 300, value: Number(slot))
            }
            for k in 0..<nulls {
                single.appendNull(time: Int64(k) * 600)
                columns.appendNull(time: Int64(k) * 600)
            }
            for slot in slots { single.append(time: slot * 300, value: Number(slot * 7)) }
            columns.append(times: slots.map { $0 * 300 }, values: slots.map { Number($0 * 7) })
            #expect(columns.count == single.count)
            for policy in [DuplicatePolicy.last, .error] {
                let a = Result { try single.finish(duplicates: policy) }
                let b = Result { try columns.finish(duplicates: policy) }
                switch (a, b) {
                case (.success(let x), .success(let y)):
                    #expect(x.series == y.series)
                    #expect(x.series.nullTimes == y.series.nullTimes)
                    #expect(x.warnings == y.warnings)
                case (.failure(let x as Diagnostic), .failure(let y as Diagnostic)):
                    #expect(x == y)
                default:
                    Issue.record("one way failed, the other did not: \(a) \(b)")
                }
            }
        }
    }
}
