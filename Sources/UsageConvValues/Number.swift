/// A point's value: an exact decimal as the input wrote it, or a binary `Double` from arithmetic.
///
/// Provider dumps write values as decimal text (`208706182.29`, money `0.10`). Keeping that
/// decimal exactly means outputs print what the provider sent, integers past 2^53 are not
/// rounded, and money sums do not drift (ten times `0.10` is `1`). Arithmetic that cannot stay
/// exact (division, unit factors that are not powers of ten) falls back to `Double`, printed as
/// the shortest text that round-trips.
public struct Number: Sendable, Hashable, Comparable, CustomStringConvertible {
    @usableFromInline
    package enum Storage: Sendable {
        /// `significand × 10^exponent`.
        case decimal(Int64, Int16)
        case binary(Double)
    }

    @usableFromInline
    package var storage: Storage

    /// The largest |exponent| kept in decimal form; beyond it, values become `Double`s.
    @inlinable
    package static var maxDecimalExponent: Int { 64 }

    /// An exact decimal `significand × 10^exponent`.
    @inlinable
    public init(significand: Int64, exponent: Int) {
        if exponent >= -Number.maxDecimalExponent && exponent <= Number.maxDecimalExponent {
            storage = .decimal(significand, Int16(exponent))
        } else {
            storage = .binary(Double(significand) * Number.power10(exponent))
        }
    }

    /// An exact integer.
    public init(_ integer: Int64) {
        storage = .decimal(integer, 0)
    }

    /// A binary value; `-0` becomes `0`.
    public init(_ double: Double) {
        storage = .binary(double == 0 ? 0 : double)
    }

    /// Zero, exactly.
    public static let zero = Number(Int64(0))

    /// Whether the value is kept as an exact decimal.
    public var isExact: Bool {
        if case .decimal = storage { return true }
        return false
    }

    /// The value as a `Double` (rounded when the decimal has more than ~15 digits).
    public var doubleValue: Double {
        switch storage {
        case .binary(let d): return d
        case .decimal(let s, let e):
            if e == 0 { return Double(s) }
            // Exact when both |s| < 2^53 and 10^|e| <= 10^22 (Clinger's fast path).
            if s.magnitude < (1 << 53) && e >= -22 && e <= 22 {
                return e > 0 ? Double(s) * Number.power10(Int(e)) : Double(s) / Number.power10(Int(-e))
            }
            return Double("\(s)e\(e)") ?? Double(s) * Number.power10(Int(e))
        }
    }

    /// The value as an integer when it is one exactly, else `nil`.
    public var exactInteger: Int64? {
        switch storage {
        case .binary(let d):
            guard d.rounded() == d, let i = Int64(exactly: d) else { return nil }
            return i
        case .decimal(var s, var e):
            while e < 0 {
                guard s % 10 == 0 else { return nil }
                s /= 10
                e += 1
            }
            while e > 0 {
                let (m, o) = s.multipliedReportingOverflow(by: 10)
                if o { return nil }
                s = m
                e -= 1
            }
            return s
        }
    }

    /// Whether the value is below zero.
    @inlinable
    public var isNegative: Bool {
        switch storage {
        case .binary(let d): return d < 0
        case .decimal(let s, _): return s < 0
        }
    }

    @usableFromInline
    package static func power10(_ e: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var n = e.magnitude
        while n > 0 {
            if n & 1 == 1 { result *= base }
            base *= base
            n >>= 1
        }
        return e < 0 ? 1 / result : result
    }

    /// Exact decimal addition when both sides are decimals and nothing overflows; else `Double`.
    public static func + (lhs: Number, rhs: Number) -> Number {
        if case .decimal(let ls, let le) = lhs.storage, case .decimal(let rs, let re) = rhs.storage,
            let (a, b, e) = aligned(ls, le, rs, re)
        {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if !overflow { return Number(significand: sum, exponent: e) }
        }
        return Number(lhs.doubleValue + rhs.doubleValue)
    }

    /// Exact decimal subtraction when possible; else `Double`.
    public static func - (lhs: Number, rhs: Number) -> Number {
        if case .decimal(let rs, let re) = rhs.storage, rs != Int64.min {
            return lhs + Number(significand: -rs, exponent: Int(re))
        }
        return Number(lhs.doubleValue - rhs.doubleValue)
    }

    /// Exact multiplication by an integer when it does not overflow; else `Double`.
    public func multiplied(by factor: Int64) -> Number {
        if case .decimal(var s, var e) = storage {
            let (m, overflow) = s.multipliedReportingOverflow(by: factor)
            if !overflow { return Number(significand: m, exponent: Int(e)) }
            // Trailing zeros of either side go to the exponent: 8,076,375e-17 × 8,000,000,000,000
            // is 64,611,000e-5, not an overflow.
            var f = factor
            while f != 0 && f % 10 == 0 && e < Int16.max {
                f /= 10
                e += 1
            }
            while s != 0 && s % 10 == 0 && e < Int16.max {
                s /= 10
                e += 1
            }
            let (m2, overflow2) = s.multipliedReportingOverflow(by: f)
            if !overflow2 { return Number(significand: m2, exponent: Int(e)) }
            // The product itself can end in zeros neither side has (37,899,669,504 = 9,252,849 × 2^12
            // times 5^12 is 9,252,849 × 10^12): computed in 128 bits, they go to the exponent too,
            // so 92528.49 GiB → TB → GiB comes back exact instead of as 92528.48999999999.
            var product = UInt128(s.magnitude) * UInt128(f.magnitude)
            while product > UInt128(Int64.max) && product % 10 == 0 && e < Int16.max {
                product /= 10
                e += 1
            }
            if product <= UInt128(Int64.max) {
                let m = Int64(product)
                return Number(significand: (s < 0) != (f < 0) ? -m : m, exponent: Int(e))
            }
        }
        return Number(doubleValue * Double(factor))
    }

    /// Both significands scaled to the smaller exponent, when that does not overflow.
    private static func aligned(_ ls: Int64, _ le: Int16, _ rs: Int64, _ re: Int16) -> (Int64, Int64, Int)? {
        if le == re { return (ls, rs, Int(le)) }
        if le > re {
            guard let scaled = scale(ls, by: Int(le - re)) else { return nil }
            return (scaled, rs, Int(re))
        }
        guard let scaled = scale(rs, by: Int(re - le)) else { return nil }
        return (ls, scaled, Int(le))
    }

    private static func scale(_ s: Int64, by digits: Int) -> Int64? {
        var value = s
        for _ in 0..<digits {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = m
        }
        return value
    }

    /// Numeric equality: `0.10 == 0.1`.
    public static func == (lhs: Number, rhs: Number) -> Bool {
        if case .decimal(let ls, let le) = lhs.storage, case .decimal(let rs, let re) = rhs.storage {
            if let (a, b, _) = aligned(ls, le, rs, re) { return a == b }
        }
        return lhs.doubleValue == rhs.doubleValue
    }

    /// Numeric order.
    public static func < (lhs: Number, rhs: Number) -> Bool {
        if case .decimal(let ls, let le) = lhs.storage, case .decimal(let rs, let re) = rhs.storage {
            if let (a, b, _) = aligned(ls, le, rs, re) { return a < b }
        }
        return lhs.doubleValue < rhs.doubleValue
    }

    /// Hashes the numeric value, so equal numbers hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue)
    }

    /// The canonical text: plain digits, no exponent, no trailing fraction zeros.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical text to `out` (the encoders' hot path).
    public func write(to out: inout [UInt8]) {
        switch storage {
        case .decimal(let s, let e): NumberText.writeDecimal(significand: s, exponent: Int(e), to: &out)
        case .binary(let d): NumberText.writeDouble(d, to: &out)
        }
    }
}
