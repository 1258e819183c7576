import JSONStream
import UsageConvValues

/// The two number questions JSON Schema asks, answered exactly for decimals.
extension Number {
    /// Whether the value is a whole number (`1.0` and `1e30` are; JSON Schema's "integer" is by value).
    var isIntegral: Bool {
        switch storage {
        case .binary(let double):
            return double.isFinite && double.rounded() == double
        case .decimal(let significand, let exponent):
            if exponent >= 0 || significand == 0 { return true }
            let digits = -Int(exponent)
            // |significand| < 10^19, so a longer fraction cannot be whole unless it is zero.
            guard digits <= 18 else { return false }
            return significand % Number.decimalPowers[digits] == 0
        }
    }

    /// Whether `self` is an integer multiple of `divisor` (> 0).
    ///
    /// Exact for two decimals at any exponents (`0.0075` of `0.0001`, `12391239123` of `1e-8`), by
    /// modular arithmetic instead of a division that could round or overflow. Otherwise the quotient
    /// of the `Double`s must be a finite whole number (`1e308 / 0.123456789` is infinite: not a multiple).
    func isMultiple(of divisor: Number) -> Bool {
        if case .decimal(let value, let valueExponent) = storage,
            case .decimal(let step, let stepExponent) = divisor.storage, step != 0
        {
            let a = value.magnitude
            let b = step.magnitude
            if valueExponent >= stepExponent {
                // a × 10^k ≡ 0 (mod b), one factor of ten at a time; full-width products cannot overflow.
                var remainder = a % b
                for _ in 0..<(Int(valueExponent) - Int(stepExponent)) {
                    let product = remainder.multipliedFullWidth(by: 10)
                    remainder = b.dividingFullWidth((product.high, product.low)).remainder
                }
                return remainder == 0
            }
            let digits = Int(stepExponent) - Int(valueExponent)
            guard digits <= 19 else { return a == 0 }
            let scale = UInt64(Number.decimalPowers[min(digits, 18)]) * (digits == 19 ? 10 : 1)
            return a % scale == 0 && (a / scale) % b == 0
        }
        if case .binary(let value) = storage, case .decimal(let step, let stepExponent) = divisor.storage,
            let multiple = Number.isWholeDouble(value, multipleOf: step.magnitude, exponent: Int(stepExponent))
        {
            return multiple
        }
        let quotient = doubleValue / divisor.doubleValue
        return quotient.isFinite && quotient.rounded() == quotient
    }

    /// Whether a whole `Double` past 19 digits (`1e308`) is a multiple of `step × 10^exponent`.
    ///
    /// Exact, since `fmod` is exact and the rest is modular arithmetic; nil when that cannot be done.
    private static func isWholeDouble(_ value: Double, multipleOf step: UInt64, exponent: Int) -> Bool? {
        guard value.isFinite, value.rounded() == value, step > 0, step < (1 << 53) else { return nil }
        if exponent >= 0 {
            guard exponent <= 15 else { return nil }
            let divisor = Double(step) * Number.power10(exponent)
            guard divisor < 9_007_199_254_740_992 else { return nil }
            return value.truncatingRemainder(dividingBy: divisor) == 0
        }
        // value / (step × 10^-k) is whole iff value × 10^k ≡ 0 (mod step).
        var remainder = UInt64(abs(value).truncatingRemainder(dividingBy: Double(step)))
        for _ in 0..<(-exponent) {
            let product = remainder.multipliedFullWidth(by: 10)
            remainder = step.dividingFullWidth((product.high, product.low)).remainder
        }
        return remainder == 0
    }

    /// 10^0 through 10^18.
    static let decimalPowers: [Int64] = (0...18).reduce(into: []) { powers, index in
        powers.append(index == 0 ? 1 : powers[index - 1] * 10)
    }
}
