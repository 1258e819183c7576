import Glibc

/// Number text for charts: coordinates with one decimal, tick labels with fixed decimals, values
/// with a few significant digits (no Foundation formatter: the output is the same everywhere).
enum ChartNumber {
    /// A coordinate rounded to a tenth of a pixel, without a trailing `.0` (`12`, `12.5`, `-3.2`).
    static func coordinate(_ x: Double) -> String {
        fixed(x, decimals: 1, trimZeros: true)
    }

    /// `x` with exactly `decimals` digits after the point (`trimZeros` drops trailing zeros).
    static func fixed(_ x: Double, decimals: Int, trimZeros: Bool = false) -> String {
        guard x.isFinite else { return "0" }
        let decimals = Swift.max(0, Swift.min(decimals, 9))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (x.magnitude * scale).rounded()
        guard scaled < 9e18 else { return x < 0 ? "-" + String(Int64(x.magnitude)) : String(Int64(x)) }
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        var fraction = decimals == 0 ? "" : String(units % divisor)
        if decimals > 0 { fraction = String(repeating: "0", count: decimals - fraction.count) + fraction }
        if trimZeros { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let sign = x < 0 && units != 0 ? "-" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// `x` with `significant` significant digits, trailing zeros dropped (`123`, `12.5`, `0.0042`).
    static func significant(_ x: Double, digits: Int = 4) -> String {
        guard x != 0, x.isFinite else { return "0" }
        let exponent = Int(floor(log10(x.magnitude)))
        return fixed(x, decimals: Swift.max(0, digits - 1 - exponent), trimZeros: true)
    }

    /// Axis ticks over `[low, high]`: a step of 1, 2, 2.5 or 5 × 10ⁿ giving about `count`
    /// intervals, the axis widened to whole steps, and the decimals its labels need.
    static func niceTicks(low: Double, high: Double, count: Int = 5) -> (values: [Double], decimals: Int) {
        var low = low
        var high = high
        if !(high > low) { high = low == 0 ? 1 : low + low.magnitude }
        if !(high > low) { (low, high) = (0, 1) }
        let rough = (high - low) / Double(Swift.max(count, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let normal = rough / magnitude
        let factor: Double = normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 ? 2.5 : normal <= 5 ? 5 : 10
        let step = factor * magnitude
        let first = floor(low / step + 1e-9)
        let last = ceil(high / step - 1e-9)
        var values: [Double] = []
        var k = first
        while k <= last && values.count < 100 {
            values.append(k * step)
            k += 1
        }
        var decimals = Swift.max(0, -Int(floor(log10(step) + 1e-9)))
        if factor == 2.5 { decimals += 1 }
        return (values, decimals)
    }
}
