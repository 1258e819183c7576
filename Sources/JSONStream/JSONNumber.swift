import UsageConvValues

/// A number token as scanned: sign, up to 19 significant digits, and a decimal exponent.
public struct JSONNumber: Sendable, Hashable {
    /// Whether the text starts with `-`.
    public var isNegative: Bool
    /// The first (up to) 19 significant digits.
    public var significand: UInt64
    /// The value is `±significand × 10^exponent` (exactly so when `isExact`).
    public var exponent: Int
    /// False when nonzero digits past the 19th were dropped.
    public var isExact: Bool
    /// True when the text has neither a fraction nor an exponent (`123`, `-0`).
    public var isIntegerLiteral: Bool

    /// Creates a scanned number.
    @inlinable
    public init(isNegative: Bool, significand: UInt64, exponent: Int, isExact: Bool, isIntegerLiteral: Bool) {
        self.isNegative = isNegative
        self.significand = significand
        self.exponent = exponent
        self.isExact = isExact
        self.isIntegerLiteral = isIntegerLiteral
    }

    /// The integer value, if the number is integral and fits Int64 (`1.0` and `1e3` count).
    ///
    /// Inlinable, like `exactNumber`: the decoders' pair loops read it once per point.
    @inlinable
    public var int64: Int64? {
        guard isExact else { return nil }
        var s = significand
        var e = exponent
        while e < 0 {
            guard s % 10 == 0 else { return nil }
            s /= 10
            e += 1
        }
        while e > 0 {
            if s == 0 { break }
            let (m, o) = s.multipliedReportingOverflow(by: 10)
            if o { return nil }
            s = m
            e -= 1
        }
        if isNegative {
            guard s <= UInt64(Int64.max) + 1 else { return nil }
            return s == UInt64(Int64.max) + 1 ? Int64.min : -Int64(s)
        }
        guard s <= UInt64(Int64.max) else { return nil }
        return Int64(s)
    }

    /// The value as an exact `Number` when it has at most 19 significant digits; nil otherwise
    /// (`JSONReader.numberValue()` then decides between a `Double` and a range error).
    @inlinable
    public var exactNumber: Number? {
        guard isExact, abs(exponent) <= Number.maxDecimalExponent, significand <= UInt64(Int64.max) else { return nil }
        let s = Int64(significand)
        return Number(significand: isNegative ? -s : s, exponent: exponent)
    }

    /// Whether the value is integral (possibly beyond Int64).
    public var isIntegral: Bool {
        if isIntegerLiteral { return true }
        var s = significand
        var e = exponent
        if s == 0 { return true }
        while e < 0 {
            guard s % 10 == 0 else { return false }
            s /= 10
            e += 1
        }
        return isExact
    }
}
