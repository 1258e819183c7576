/// Infers a series' step from the spacing of its points.
public enum StepInference {
    /// The greatest common divisor of all distances between points, snapped to the largest of
    /// `grid` that divides it; `fallback` when fewer than two distinct times exist.
    ///
    /// Using the GCD rather than the smallest gap means omitted points (Baishan and SwiftFederation
    /// drop zeros) do not matter, and neither does input order.
    public static func step(of times: [Int64], grid: [Int64] = [86_400, 3600, 900, 300, 60], fallback: Int64) -> Int64 {
        guard let first = times.first else { return fallback }
        var g: Int64 = 0
        for t in times {
            var a = (t - first).magnitude
            var b = UInt64(g)
            while b != 0 { (a, b) = (b, a % b) }
            g = Int64(a)
        }
        guard g > 0 else { return fallback }
        for candidate in grid.sorted(by: >) where g % candidate == 0 { return candidate }
        return g
    }
}
