import PropertyBased
import Testing

@testable import UsageConvCore

/// `usageconv stats` finds a series' sum, extremes and p95 without sorting when its values are
/// exact decimals (SeriesStatistics.exactFigures); these tests hold it to the sorting rule
/// (sortedFigures), Number for Number, storage included, so its output cannot change.
struct StatisticsFiguresTests {
    typealias Figures = SeriesStatistics.Figures

    /// The storage, not only the value: `0.10` and `0.1` are equal numbers but different points.
    static func same(_ a: Number?, _ b: Number?) -> Bool {
        String(describing: a?.storage) == String(describing: b?.storage)
    }

    static func agree(_ exact: Figures, _ sorted: Figures) -> Bool {
        same(exact.sum, sorted.sum) && same(exact.min, sorted.min) && same(exact.max, sorted.max)
            && same(exact.p95, sorted.p95)
    }

    /// Few distinct significands at a few exponents: many ties, the same value written two ways
    /// (10 × 10⁻² and 1 × 10⁻¹), negatives and zeros.
    static func values(_ significands: [Int64], _ exponents: [Int64]) -> [Number] {
        significands.enumerated().map { i, s in
            Number(significand: s, exponent: Int(exponents[i % exponents.count]))
        }
    }

    @Test func figuresWithoutSortingAreTheSortedOnes() async {
        await propertyCheck(
            input: Gen.int64(in: -40...40).array(of: 1...300),
            Gen.int64(in: -3...2).array(of: 1...7),
            Gen.int64(in: 0...400)
        ) { significands, exponents, zeros in
            let values = Self.values(significands, exponents)
            guard let exact = SeriesStatistics.exactFigures(values, zeros: Int(zeros)) else {
                Issue.record("exact decimals that fit took the sorting path: \(values)")
                return
            }
            let sorted = SeriesStatistics.sortedFigures(values, zeros: Int(zeros))
            #expect(Self.agree(exact, sorted), "\(values), \(zeros) zeros: \(exact) against \(sorted)")
        }
    }

    @Test func theP95OfABillingMonthIsSample8208() {
        // 8,640 five-minute samples valued 1 ... 8640 in shuffled order: nearest rank 8,208.
        var values = (1...8640).map { Number(Int64($0)) }
        var state: UInt64 = 42
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.swapAt(i, Int(state >> 33) % (i + 1))
        }
        let figures = SeriesStatistics.exactFigures(values, zeros: 0)
        #expect(figures?.p95 == Number(Int64(8208)))
        #expect(figures?.min == Number(Int64(1)) && figures?.max == Number(Int64(8640)))
        #expect(figures?.sum == Number(Int64(8640 * 8641 / 2)))
        // The 640 largest missing and counted as zeros, which rank below every sample: rank 8,208
        // of the 8,640 is now value 7,568.
        let missing = values.filter { $0 <= Number(Int64(8000)) }
        #expect(SeriesStatistics.exactFigures(missing, zeros: 640)?.p95 == Number(Int64(7568)))
    }

    @Test func valuesItCannotHoldExactlyTakeTheSortingPath() {
        // A binary value (from arithmetic), a sum past Int64, exponents 19 apart.
        #expect(SeriesStatistics.exactFigures([Number(Int64(1)), Number(0.5)], zeros: 0) == nil)
        #expect(SeriesStatistics.exactFigures([Number(Int64.max), Number(Int64(1))], zeros: 0) == nil)
        #expect(SeriesStatistics.exactFigures([Number(Int64(5)), Number(significand: 1, exponent: -19)], zeros: 0) == nil)
        // Which `of` still answers by the rule.
        let values = [Number(Int64.max), Number(Int64(1)), Number(0.5)]
        #expect(SeriesStatistics.sortedFigures(values, zeros: 0).max == Number(Int64.max))
    }
}
