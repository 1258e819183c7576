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

    /// The cross-check compares `times` with the samples' times as sets, by sorted merges; the
    /// figures must be the ones `Set` gives (distinct counts, the common count, equality).
    @Test func sortedTimeSetsAgreeWithSet() async {
        await propertyCheck(
            input: Gen.int64(in: 0...40).array(of: 0...30),
            Gen.int64(in: 0...40).array(of: 0...30),
            Gen.bool
        ) { a, b, sortFirst in
            // Samples usually come sorted; sometimes not, and with repeats.
            let left = sortFirst ? a.sorted() : a
            let sa = InterServerTrafficDecoder.sortedDistinct(left)
            let sb = InterServerTrafficDecoder.sortedDistinct(b)
            #expect(sa == Set(left).sorted())
            #expect(sb == Set(b).sorted())
            let union = InterServerTrafficDecoder.union(sa, sb)
            #expect(union == Set(left).union(b).sorted())
            #expect(InterServerTrafficDecoder.commonCount(sa, sb) == Set(left).intersection(b).count)
            #expect((sa == sb) == (Set(left) == Set(b)))
        }
    }

    /// The largest sample is `max()` over every series' values in order: numerically largest, and
    /// of equal ones (`5` and `5.0`) the first.
    @Test func largestSampleIsTheFirstMaximum() async {
        await propertyCheck(input: Gen.int64(in: 0...30).array(of: 0...20), Gen.int(in: 0...2)) { codes, split in
            // Mixed exponents: `n`, `n.0` and `n.5` forms.
            let values = codes.map { code in
                Number(significand: code / 3 * (code % 3 == 1 ? 10 : 1) + (code % 3 == 2 ? 5 : 0), exponent: code % 3 == 0 ? 0 : -1)
            }
            let cut = min(split * values.count / 2, values.count)
            let identity = SeriesIdentity(
                source: "interserver",
                resource: "ip",
                metric: "bandwidth",
                direction: "in",
                unit: "B/s",
                kind: .rate,
                step: 60,
                absent: .unknown
            )
            let series = [values[..<cut], values[cut...]].map { part in
                Series(identity: identity, times: (0..<part.count).map { Int64($0) }, values: Array(part))
            }
            let largest = InterServerTrafficDecoder.largest(series)
            #expect(largest == values.max())
            // The same form too: `5` and `50 × 10^-1` are equal but stored apart.
            #expect(largest.map { "\($0.storage)" } == values.max().map { "\($0.storage)" })
        }
    }
}
