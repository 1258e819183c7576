import PropertyBased
import Testing

@testable import UsageConvCore

/// The laws the transforms keep, checked on generated series (DESIGN.md section 4).
struct TransformPropertyTests {
    typealias T = TestSeries

    /// A series at `step` on the points `slots` (multiples of the step from a 2025 start),
    /// valued `cents / 100` (exact decimals).
    static func series(slots: [Int64], cents: [Int64], kind: Kind, step: Int64 = 300, absent: Absent = .unknown) -> Series {
        let base: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z
        var builder = SeriesBuilder(identity: T.identity(kind: kind, unit: kind == .rate ? "bit/s" : "B", step: step, absent: absent))
        for (i, slot) in slots.enumerated() {
            builder.append(time: base + slot * step, value: Number(significand: cents[i % max(cents.count, 1)], exponent: -2))
        }
        return (try? builder.finish(duplicates: .last).series) ?? Series(identity: builder.identity)
    }

    static let intervals: [CalendarInterval] = [
        CalendarInterval(15, .minutes), CalendarInterval(1, .hours), CalendarInterval(7, .hours), CalendarInterval(1, .days),
        CalendarInterval(1, .weeks), CalendarInterval(1, .months),
    ]

    static func grid(_ interval: CalendarInterval?, local: Bool) -> BucketGrid? {
        guard let interval else { return nil }
        let zone = local && T.hasZoneInfo ? (try? T.berlin) ?? .utc : .utc
        return try? BucketGrid(interval: interval, zone: zone)
    }

    static func sum(_ values: [Number]) -> Number { values.reduce(Number.zero, +) }

    @Test func resamplingConservesTheTotalOfAmounts() async {
        await propertyCheck(
            input: Gen.int64(in: 0...3000).array(of: 0...80),
            Gen.int64(in: 0...99_999).array(of: 1...5),
            Gen.element(of: Self.intervals),
            Gen.bool
        ) { slots, cents, interval, local in
            let s = Self.series(slots: slots, cents: cents, kind: .amount)
            guard let grid = Self.grid(interval, local: local) else { return }
            let r = Resampler.resample(s, grid: grid)
            // Downsampled amounts move whole, so the sum is exact, digit for digit.
            #expect(Self.sum(r.values) == Self.sum(s.values), "\(grid.interval) in \(grid.zone.identifier)")
            #expect(zip(r.times, r.times.dropFirst()).allSatisfy { $0 < $1 })
        }
    }

    @Test func upsamplingConservesTheTotalOfAmounts() async {
        await propertyCheck(input: Gen.int64(in: 0...200).array(of: 0...30), Gen.int64(in: 0...99_999).array(of: 1...5)) { slots, cents in
            let s = Self.series(slots: slots, cents: cents, kind: .amount, step: 3600)
            let r = Resampler.resample(s, grid: (try? BucketGrid(interval: CalendarInterval(5, .minutes)))!)
            let before = Self.sum(s.values).doubleValue
            #expect(abs(Self.sum(r.values).doubleValue - before) <= 1e-9 * max(1, abs(before)))
            #expect(r.count == 12 * s.count)
        }
    }

    @Test func theTimeWeightedMeanOfAConstantRateIsThatConstant() async {
        await propertyCheck(
            input: Gen.int64(in: 0...3000).array(of: 1...80),
            Gen.int64(in: 0...9_999_999),
            Gen.element(of: Self.intervals),
            Gen.bool
        ) { slots, cents, interval, local in
            let s = Self.series(slots: slots, cents: [cents], kind: .rate)
            guard let grid = Self.grid(interval, local: local) else { return }
            let r = Resampler.resample(s, grid: grid)
            let constant = Number(significand: cents, exponent: -2)
            #expect(r.values.allSatisfy { $0 == constant }, "\(constant) over \(grid.interval): \(r.values.prefix(3))")
        }
    }

    @Test func resamplingToTheNativeStepIsTheIdentity() async {
        await propertyCheck(
            input: Gen.int64(in: 0...3000).array(of: 0...80),
            Gen.int64(in: -99_999...99_999).array(of: 1...5),
            Gen.bool,
            Gen.bool
        ) { slots, cents, rate, zero in
            let s = Self.series(slots: slots, cents: cents, kind: rate ? .rate : .amount, absent: zero ? .zero : .unknown)
            let r = Resampler.resample(s, grid: (try? BucketGrid(interval: CalendarInterval(5, .minutes)))!)
            #expect(r.times == s.times)
            #expect(r.values.map(\.description) == s.values.map(\.description))
            #expect(r.qualities == s.qualities)
        }
    }

    @Test func gapFillIsIdempotent() async {
        await propertyCheck(
            input: Gen.int64(in: 0...400).array(of: 0...40),
            Gen.int64(in: 0...99_999).array(of: 1...5),
            Gen.element(of: [FillMethod.zero, .previous, .linear]),
            Gen.element(of: [Int64?.none, 300, 900, 3600])
        ) { slots, cents, method, maxGap in
            let s = Self.series(slots: slots, cents: cents, kind: .rate)
            let method = method ?? .zero
            let window: (Int64?, Int64?) = s.times.first.map { ($0 - 1200, $0 + 400 * 300) } ?? (nil, nil)
            let once = GapFiller.fill(s, method: method, window: window, maxGap: maxGap ?? nil).series
            let twice = GapFiller.fill(once, method: method, window: window, maxGap: maxGap ?? nil).series
            #expect(once == twice)
        }
    }

    @Test func fillThenClipEqualsClipThenFillInsideTheWindow() async {
        await propertyCheck(
            input: Gen.int64(in: 0...400).array(of: 0...40),
            Gen.int64(in: 0...99_999).array(of: 1...5),
            Gen.int64(in: 0...400),
            Gen.element(of: [FillMethod.zero, .previous, .linear])
        ) { slots, cents, from, method in
            let s = Self.series(slots: slots, cents: cents, kind: .rate)
            let method = method ?? .zero
            let base: Int64 = 1_735_689_600
            let (start, end) = (base + from * 300, base + (from + 120) * 300)
            let clipped = Clipper.clip(s, start: start, end: end)
            guard let first = clipped.times.first, let last = clipped.times.last else { return }
            // Between the first and last point inside the window both orders see the same holes.
            let a = Clipper.clip(GapFiller.fill(s, method: method).series, start: first, end: last + 1)
            let b = GapFiller.fill(clipped, method: method).series
            #expect(a == b)
        }
    }

    @Test func unitRoundTripsAreExact() async {
        let units = ["bit", "kbit", "Mbit", "Gbit", "B", "kB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"]
        await propertyCheck(
            input: Gen.int64(in: -9_999_999...9_999_999),
            Gen.element(of: units),
            Gen.element(of: units)
        ) { cents, from, to in
            let from = from ?? "B"
            let to = to ?? "B"
            let s = T.make([(0, Number(significand: cents, exponent: -2))], identity: T.identity(unit: from))
            guard case .converted(let there) = try UnitConverter.convert(s, to: to, duration: { _ in 300 }),
                case .converted(let back) = try UnitConverter.convert(there, to: from, duration: { _ in 300 })
            else {
                Issue.record("\(from) ↔ \(to) not converted")
                return
            }
            // Exact whenever the converted value fits an 18-digit decimal (every factor is 2^a·5^b);
            // past that the shortest round-trip double is written and the trip is within an ulp.
            if there.values[0].isExact {
                #expect(back.values == s.values, "\(s.values[0]) \(from) → \(there.values[0]) \(to) → \(back.values[0])")
            } else {
                let original = s.values[0].doubleValue
                #expect(abs(back.values[0].doubleValue - original) <= abs(original) * 4e-16)
            }
        }
    }

    @Test func rateAmountRoundTripsThroughTheStep() async {
        await propertyCheck(input: Gen.int64(in: 0...9_999_999), Gen.element(of: [Int64(60), 300, 3600, 86_400])) { cents, step in
            let step = step ?? 300
            let s = T.make([(0, Number(significand: cents, exponent: -2))], identity: T.identity(kind: .rate, unit: "Mbit/s", step: step))
            guard case .converted(let bytes) = try UnitConverter.convert(s, to: "B", duration: { _ in step }),
                case .converted(let back) = try UnitConverter.convert(bytes, to: "Mbit/s", duration: { _ in step })
            else {
                // Leaving a rate or an amount alone is a failure here, not a case to pass over.
                Issue.record("Mbit/s ↔ B over \(step) s not converted")
                return
            }
            // bytes = Mbit/s × 10^6 × step ÷ 8.
            #expect(bytes.values[0] == s.values[0].multiplied(by: 1_000_000 * step).divided(by: 8))
            #expect(back.values == s.values)
        }
    }

    @Test func theZeroCountedPercentileEqualsTheMaterialisedOne() async {
        await propertyCheck(input: Gen.int64(in: -50...50).array(of: 0...60), Gen.int(in: 0...40)) { values, zeros in
            let numbers = values.map { Number($0) }
            let counted = Percentile.nearestRank(sortedValues: numbers.sorted(), zeros: zeros)
            let materialised = Percentile.nearestRank(numbers + [Number](repeating: .zero, count: zeros))
            #expect(counted == materialised)
        }
    }
}
