/// Infers a series' step from the spacing of its points.
public enum StepInference {
    /// The greatest common divisor of all distances between points, snapped to the largest of
    /// `grid` that divides it; `fallback` when fewer than two distinct times exist.
    ///
    /// Using the GCD rather than the smallest gap means omitted points (Baishan and SwiftFederation
    /// drop zeros) do not matter, and neither does input order. One point off the grid would pull
    /// the GCD down (a 300 s series with one point 100 s late has a GCD of 100), so when the GCD is
    /// no grid value (or a smaller one than the points say), the largest grid value on which at
    /// least 90% of ten or more points line up wins, and `offGrid` lists the others for a warning.
    public static func step(of times: [Int64], grid: [Int64] = [86_400, 3600, 900, 300, 60], fallback: Int64) -> Int64 {
        infer(times, grid: grid, fallback: fallback).step
    }

    /// The step and the points that are off its grid (anchored where most points are).
    public static func infer(
        _ times: [Int64],
        grid: [Int64] = [86_400, 3600, 900, 300, 60],
        fallback: Int64
    ) -> (step: Int64, offGrid: [Int64]) {
        guard let first = times.first else { return (fallback, []) }
        var g: Int64 = 0
        for t in times {
            var a = (t - first).magnitude
            var b = UInt64(g)
            while b != 0 { (a, b) = (b, a % b) }
            g = Int64(a)
        }
        guard g > 0 else { return (fallback, []) }
        let candidates = grid.sorted(by: >)
        let snapped = candidates.first { g % $0 == 0 }
        // Ten points at least before a majority means anything.
        guard times.count >= 10 else { return (snapped ?? g, []) }
        for candidate in candidates where candidate > (snapped ?? g) && Self.mostGapsAreMultiples(of: candidate, in: times) {
            var residues: [Int64: Int] = [:]
            let unique = Set(times)
            for t in unique { residues[((t % candidate) + candidate) % candidate, default: 0] += 1 }
            guard let (anchor, count) = residues.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
                count * 10 >= unique.count * 9, count >= 2
            else { continue }
            let off = unique.filter { ((($0 % candidate) + candidate) % candidate) != anchor }.sorted()
            return (candidate, off)
        }
        return (snapped ?? g, [])
    }

    /// Whether most of the first 1,000 gaps (in input order) are multiples of `step`.
    ///
    /// A cheap test before counting residues: if 90% of the points sit on one residue of `step`,
    /// at least 80% of the gaps between neighbours are multiples of it. A dump that fails it keeps
    /// the plain GCD answer.
    static func mostGapsAreMultiples(of step: Int64, in times: [Int64]) -> Bool {
        let sample = min(times.count - 1, 1000)
        guard sample > 0 else { return false }
        var multiples = 0
        for index in 1...sample where (times[index] - times[index - 1]) % step == 0 { multiples += 1 }
        return multiples * 10 >= sample * 8
    }

    /// A warning naming the points off the inferred step's grid, if any.
    public static func offGridWarning(
        _ inferred: (step: Int64, offGrid: [Int64]),
        count: Int,
        at location: SourceLocation?
    ) -> Diagnostic? {
        guard let first = inferred.offGrid.first else { return nil }
        return .warning(
            .invalidValue,
            "\(inferred.offGrid.count) of \(count) points are off the \(inferred.step) s grid of the others, first at "
                + "\(UnixTime.iso8601(first)): the step is \(inferred.step) s (--step overrides)",
            at: location
        )
    }

    /// The points of `times` off the `step` grid anchored where most of them are.
    public static func offGrid(_ times: [Int64], step: Int64) -> [Int64] {
        guard step > 0 else { return [] }
        var residues: [Int64: Int] = [:]
        for t in times { residues[((t % step) + step) % step, default: 0] += 1 }
        guard let anchor = residues.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else { return [] }
        return times.filter { ((($0 % step) + step) % step) != anchor }
    }
}
