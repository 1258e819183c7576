/// Division that stays exact when the quotient is a terminating decimal.
///
/// Unit factors are powers of 2 and 5 (1000, 1024, 8), so dividing by them always terminates:
/// `1 GB` in `GiB` keeps its exact digits when they fit 18 digits. Averages over time divide by
/// a duration and stay exact when the mean is a short decimal (a constant `0.1` averages to
/// `0.1`, not `0.1000000000000001`).
extension Number {
    /// `self ÷ divisor`: an exact decimal when it terminates within Int64 digits, else a `Double`.
    public func divided(by divisor: Int64) -> Number {
        precondition(divisor != 0, "division by zero")
        guard case .decimal(let significand, let e) = storage, divisor != Int64.min, significand != Int64.min else {
            return Number(doubleValue / Double(divisor))
        }
        var s = divisor < 0 ? -significand : significand
        var d = divisor.magnitude
        let g = Number.gcd(s.magnitude, d)
        s /= Int64(g)
        d /= g
        // s / d terminates iff d = 2^a × 5^b; then s / d = s × (10^k / d) × 10^-k with k = max(a, b).
        var twos = 0
        var fives = 0
        var rest = d
        while rest % 2 == 0 {
            rest /= 2
            twos += 1
        }
        while rest % 5 == 0 {
            rest /= 5
            fives += 1
        }
        let k = max(twos, fives)
        guard rest == 1, k <= 18 else { return Number(doubleValue / Double(divisor)) }
        var multiplier: Int64 = 1
        for _ in 0..<(k - twos) { multiplier *= 2 }
        for _ in 0..<(k - fives) { multiplier *= 5 }
        let (product, overflow) = s.multipliedReportingOverflow(by: multiplier)
        guard !overflow else { return Number(doubleValue / Double(divisor)) }
        return Number(significand: product, exponent: Int(e) - k)
    }

    /// `self × numerator ÷ denominator`, exact whenever the result terminates and fits.
    public func scaled(by numerator: Int64, over denominator: Int64) -> Number {
        guard case .decimal(let s, _) = storage, denominator != Int64.min, numerator != Int64.min else {
            return multiplied(by: numerator).divided(by: denominator)
        }
        // Cancel common factors first, so 0.46 GiB → TB → GiB never overflows on the way back.
        let g = Number.gcd(numerator.magnitude, denominator.magnitude)
        let n = numerator / Int64(g)
        var d = denominator / Int64(g)
        let h = Number.gcd(s.magnitude, d.magnitude)
        if h > 1, s != Int64.min {
            d /= Int64(h)
            return Number(significand: s / Int64(h), exponent: exponent).multiplied(by: n).divided(by: d)
        }
        return multiplied(by: n).divided(by: d)
    }

    /// The decimal exponent of an exact value (0 for a `Double`).
    var exponent: Int {
        if case .decimal(_, let e) = storage { return Int(e) }
        return 0
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return Swift.max(x, 1)
    }

    /// `self × other`: exact for two decimals whose product fits, else `Double`.
    public static func * (lhs: Number, rhs: Number) -> Number {
        if case .decimal(let ls, let le) = lhs.storage, case .decimal(let rs, let re) = rhs.storage {
            let (m, overflow) = ls.multipliedReportingOverflow(by: rs)
            if !overflow { return Number(significand: m, exponent: Int(le) + Int(re)) }
        }
        return Number(lhs.doubleValue * rhs.doubleValue)
    }
}
