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
        var unique: [Int64]? = nil
        for candidate in candidates where candidate > (snapped ?? g) && Self.mostGapsAreMultiples(of: candidate, in: times) {
            let points = unique ?? Array(Set(times))
            unique = points
            guard let (anchor, count) = Self.commonestResidue(of: points, step: candidate), count * 10 >= points.count * 9, count >= 2
            else { continue }
            return (candidate, points.filter { Self.residue($0, candidate) != anchor }.sorted())
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

    /// The same warning from a count and the first off-grid point (``SeriesBuilder/inferStep(grid:fallback:)``).
    public static func offGridWarning(
        _ inferred: (step: Int64, offGridCount: Int, firstOffGrid: Int64?),
        count: Int,
        at location: SourceLocation?
    ) -> Diagnostic? {
        guard let first = inferred.firstOffGrid else { return nil }
        return .warning(
            .invalidValue,
            "\(inferred.offGridCount) of \(count) points are off the \(inferred.step) s grid of the others, first at "
                + "\(UnixTime.iso8601(first)): the step is \(inferred.step) s (--step overrides)",
            at: location
        )
    }

    /// The points of `times` off the `step` grid anchored where most of them are.
    public static func offGrid(_ times: [Int64], step: Int64) -> [Int64] {
        guard step > 0, let (anchor, _) = commonestResidue(of: times, step: step) else { return [] }
        return times.filter { residue($0, step) != anchor }
    }

    /// The residue modulo `step` most points have (the smaller on a tie), and how many have it.
    static func commonestResidue(of times: [Int64], step: Int64) -> (residue: Int64, count: Int)? {
        var counts: [Int64: Int] = [:]
        for t in times { counts[residue(t, step), default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }.map { ($0.key, $0.value) }
    }

    /// `t` modulo `step`, never negative.
    static func residue(_ t: Int64, _ step: Int64) -> Int64 {
        ((t % step) + step) % step
    }
}
