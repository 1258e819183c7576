/// A decimal number with a 128-bit significand, for money and priced quantities.
///
/// `Number` keeps an Int64 significand, which is enough for what dumps hold but not for products:
/// 1 TB in GiB is 931.32257461547851562500 (30 fraction digits, because 2^-30 has 30) and a price
/// times that has more. Pricing therefore computes in 128 bits (38 digits), exactly, and rounds
/// only where a value would need more than `maxScale` (18) fraction digits: half to even, at the
/// value that needs it. Money never passes through `Double`: an operation whose exact result does
/// not fit is an error, never an approximation.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `significand × 10^-scale`.
    public private(set) var significand: Int128
    /// Digits after the decimal point, 0 to `maxScale`.
    public private(set) var scale: Int

    /// The most fraction digits a value keeps (Parquet's DECIMAL(38,18) in the same project).
    public static let maxScale = 18

    /// Zero.
    public static let zero = ExactDecimal(significand: 0, scale: 0)

    /// `significand × 10^-scale` (`scale` >= 0), trailing fraction zeros removed; rounded half to
    /// even beyond `maxScale`.
    public init(significand: Int128, scale: Int) {
        precondition(scale >= 0, "a scale counts fraction digits")
        self.significand = significand
        self.scale = scale
        roundToMaxScale()
        normalize()
    }

    /// An exact integer.
    public init(_ integer: Int64) {
        self.init(significand: Int128(integer), scale: 0)
    }

    /// The value of a `Number` (a `Double` one by its shortest round-trip text), or nil for a
    /// value that is not finite.
    public init?(_ number: Number) {
        switch number.storage {
        case .decimal(let s, let e):
            if e >= 0 {
                var value = Int128(s)
                for _ in 0..<Int(e) {
                    let (m, overflow) = value.multipliedReportingOverflow(by: 10)
                    if overflow { return nil }
                    value = m
                }
                self.init(significand: value, scale: 0)
            } else {
                self.init(significand: Int128(s), scale: Int(-e))
            }
        case .binary(let d):
            guard d.isFinite else { return nil }
            self.init(text: number.description)
        }
    }

    /// Parses `[-]digits[.digits]` (what `Number.description` and JSON numbers without an exponent
    /// look like), or nil.
    public init?(text: String) {
        var negative = false
        var value: Int128 = 0
        var scale = 0
        var seenPoint = false
        var digits = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0: negative = true
            case UInt8(ascii: ".") where !seenPoint: seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int128(byte - UInt8(ascii: "0")))
                guard !o1 && !o2 else { return nil }
                value = a
                digits += 1
                if seenPoint { scale += 1 }
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        self.init(significand: negative ? -value : value, scale: scale)
    }

    private mutating func normalize() {
        while scale > 0 && significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        if significand == 0 { scale = 0 }
    }

    /// Rounds half to even to `maxScale` fraction digits.
    private mutating func roundToMaxScale() {
        guard scale > ExactDecimal.maxScale else { return }
        let digits = scale - ExactDecimal.maxScale
        // 10^39 exceeds every Int128: a value with that many digits to drop is below half a unit
        // of the 18th place and rounds to zero (and 10^digits would overflow).
        guard digits <= 38 else {
            significand = 0
            scale = 0
            return
        }
        var divisor: Int128 = 1
        for _ in 0..<digits { divisor *= 10 }
        var quotient = significand / divisor
        let remainder = (significand % divisor).magnitude
        let half = divisor.magnitude / 2
        if remainder > half || (remainder == half && quotient % 2 != 0) {
            quotient += significand < 0 ? -1 : 1
        }
        significand = quotient
        scale = ExactDecimal.maxScale
    }

    /// Both significands at the larger scale, or nil when one overflows.
    private static func aligned(_ a: ExactDecimal, _ b: ExactDecimal) -> (Int128, Int128, Int)? {
        let scale = Swift.max(a.scale, b.scale)
        guard let x = a.significand(atScale: scale), let y = b.significand(atScale: scale) else { return nil }
        return (x, y, scale)
    }

    private func significand(atScale target: Int) -> Int128? {
        var value = significand
        for _ in 0..<(target - scale) {
            let (m, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = m
        }
        return value
    }

    /// The error for a result beyond 38 digits (never rounded silently).
    static func overflow(_ what: String) -> Diagnostic {
        .error(.numberOutOfRange, "\(what) does not fit 38 decimal digits; usageconv computes money exactly or not at all")
    }

    /// `self + other`.
    ///
    /// - Throws: `Diagnostic` `.numberOutOfRange` when the sum needs more than 38 digits.
    public func adding(_ other: ExactDecimal) throws -> ExactDecimal {
        guard let (x, y, scale) = ExactDecimal.aligned(self, other) else { throw ExactDecimal.overflow("a sum") }
        let (sum, overflow) = x.addingReportingOverflow(y)
        if overflow { throw ExactDecimal.overflow("a sum") }
        return ExactDecimal(significand: sum, scale: scale)
    }

    /// `self - other`.
    ///
    /// - Throws: `Diagnostic` `.numberOutOfRange` when the difference needs more than 38 digits.
    public func subtracting(_ other: ExactDecimal) throws -> ExactDecimal {
        try adding(ExactDecimal(significand: -other.significand, scale: other.scale))
    }

    /// `self × other`, rounded half to even beyond `maxScale` fraction digits.
    ///
    /// - Throws: `Diagnostic` `.numberOutOfRange` when the product needs more than 38 digits.
    public func multiplied(by other: ExactDecimal) throws -> ExactDecimal {
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        if overflow { throw ExactDecimal.overflow("a product") }
        return ExactDecimal(significand: product, scale: scale + other.scale)
    }

    /// `self × numerator ÷ denominator` (a unit factor: 1000, 1024, 8), exact to `maxScale`
    /// fraction digits and rounded half to even beyond (1 byte in GiB needs 30).
    ///
    /// - Throws: `Diagnostic` `.numberOutOfRange` when the result needs more than 38 digits.
    public func scaled(by numerator: Int64, over denominator: Int64) throws -> ExactDecimal {
        precondition(denominator > 0, "a unit factor is positive")
        let (product, overflow) = significand.multipliedReportingOverflow(by: Int128(numerator))
        if overflow { throw ExactDecimal.overflow("a unit conversion") }
        // Long division, one decimal digit at a time: the remainder stays below the Int64
        // divisor, so nothing but the quotient can overflow (and that is checked).
        let divisor = UInt128(denominator)
        var quotient = product.magnitude / divisor
        var remainder = product.magnitude % divisor
        var digits = scale
        while digits < ExactDecimal.maxScale && remainder != 0 {
            remainder *= 10
            let (shifted, o1) = quotient.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.addingReportingOverflow(remainder / divisor)
            if o1 || o2 { throw ExactDecimal.overflow("a unit conversion") }
            quotient = next
            remainder %= divisor
            digits += 1
        }
        // Half to even on what is left.
        if remainder * 2 > divisor || (remainder * 2 == divisor && quotient % 2 == 1) { quotient += 1 }
        guard quotient <= UInt128(Int128.max) else { throw ExactDecimal.overflow("a unit conversion") }
        let magnitude = Int128(quotient)
        return ExactDecimal(significand: product < 0 ? -magnitude : magnitude, scale: digits)
    }

    /// Whether the value is below zero.
    public var isNegative: Bool { significand < 0 }

    /// Numeric order.
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        if let (x, y, _) = aligned(lhs, rhs) { return x < y }
        // Only values 10^20 apart in size fail to align; their signs and magnitudes decide.
        return Double(lhs.description) ?? 0 < Double(rhs.description) ?? 0
    }

    /// Plain digits with at least one fraction digit (`5.0`, `0.25`, `-1.5`): FOCUS types money
    /// and quantities Decimal, and readers that guess types from text would take `5` for an integer.
    public var description: String {
        var digits = String(significand.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        } else {
            digits += ".0"
        }
        return significand < 0 ? "-" + digits : digits
    }
}
