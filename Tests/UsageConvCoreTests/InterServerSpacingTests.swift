import PropertyBased
import Testing

@testable import UsageConvCore

/// InterServer's step inference counts its gaps instead of sorting them; the median must be the
/// sorted gaps' own.
struct InterServerSpacingTests {
    /// The definition: the positive gaps, sorted, element `(count - 1) / 2`.
    static func sortedMedian(_ times: [Int64]) -> Int64? {
        let gaps = zip(times, times.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }.sorted()
        return gaps.isEmpty ? nil : gaps[(gaps.count - 1) / 2]
    }

    @Test func countedMedianGapEqualsTheSortedOne() async {
        // Gaps from a small set (jitter, repeats, steps back) and, now and then, a wide one.
        let choices: [Int64] = [60, 61, 59, 0, -60, 300, 10_800, 1, 120, 100_000]
        let picks = Gen.int(in: 0...(choices.count - 1)).array(of: 0...60)
        await propertyCheck(input: picks, Gen.int64(in: -1_000_000_000...4_000_000_000)) { picks, start in
            let gaps = picks.map { choices[$0] }
            var times: [Int64] = [start]
            for gap in gaps { times.append(times[times.count - 1] + gap) }
            #expect(InterServerTrafficDecoder.lowerMedianGap(times) == Self.sortedMedian(times), "\(gaps)")
        }
    }

    @Test func spacingSnapsTheMedianToARoundStep() {
        let decoder = InterServerTrafficDecoder()
        #expect(decoder.typicalSpacing([0, 60, 121, 181, 242, 302]) == 60)
        #expect(decoder.typicalSpacing([0, 290, 580]) == 300)
        #expect(decoder.typicalSpacing([0, 45, 90]) == 45)
        #expect(decoder.typicalSpacing([5]) == 60)
        #expect(decoder.typicalSpacing([0, 100_000, 200_000, 200_001]) == 100_000)
    }
}
