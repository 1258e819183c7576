import Testing
import UsageConvCore

/// Step inference from spacing: the GCD of the distances, robust to omitted points and to a few
/// points off the grid.
struct StepInferenceTests {
    @Test func theGCDSnapsToTheGrid() {
        #expect(StepInference.step(of: [0, 300, 600, 900], fallback: 60) == 300)
        // Omitted zeros leave multiples of the step.
        #expect(StepInference.step(of: [0, 600, 2100, 3000], fallback: 60) == 300)
        #expect(StepInference.step(of: [7200, 0, 3600], fallback: 60) == 3600)
        #expect(StepInference.step(of: [42], fallback: 300) == 300)
    }

    @Test func onePointOffTheGridDoesNotShrinkTheStep() {
        // Fifty 5-minute points, the twentieth 100 s late: the GCD is 100, the step stays 300.
        var times = (0..<50).map { Int64($0) * 300 }
        times[19] += 100
        let inferred = StepInference.infer(times, fallback: 300)
        #expect(inferred.step == 300)
        #expect(inferred.offGrid == [times[19]])
        // The first point may be the odd one: the grid is where most points are.
        var early = (0..<50).map { 1_503_244_800 + Int64($0) * 300 }
        early[0] -= 120
        #expect(StepInference.infer(early, fallback: 300) == (300, [early[0]]))
    }

    @Test func tooFewPointsOnAGridKeepTheGCD() {
        // Two of three on a daily grid is no majority of 90%: the spacing itself is the answer.
        #expect(StepInference.infer([0, 86_400, 172_900], fallback: 300).step == 100)
    }

    @Test func aBaishanDumpWithAnOffGridPointKeepsItsStepAndWarns() throws {
        var pairs = (0..<50).map { "[\(1_503_244_800 + Int64($0) * 300),100]" }
        pairs[19] = "[\(1_503_244_800 + 19 * 300 + 100),100]"
        let text = #"{"code":0,"data":["# + pairs.joined(separator: ",") + "]}"
        let result = try InputDecoding.decode(source: MemoryByteSource(text), format: nil, options: DecodeOptions())
        #expect(result.series.first?.identity.step == 300)
        let warning = result.warnings.first { $0.message.contains("off the 300 s grid") }
        #expect(warning?.message.contains("1 of 50 points are off the 300 s grid of the others, first at 2017-08-20T17:36:40Z") == true)
        #expect(warning?.location?.path?.hasPrefix("$.data") == true, "\(String(describing: warning?.location))")
    }
}
