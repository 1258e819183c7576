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
        var divisor: Int128 = 1
        for _ in 0..<(scale - ExactDecimal.maxScale) { divisor *= 10 }
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

    /// `self × numerator ÷ denominator` for a denominator of the form 2^a × 5^b (every unit factor:
    /// 1000, 1024, 8), exact up to `maxScale` fraction digits.
    ///
    /// - Throws: `Diagnostic` `.numberOutOfRange` when the result needs more than 38 digits, or
    ///   `.invalidValue` for a denominator with another prime factor.
    public func scaled(by numerator: Int64, over denominator: Int64) throws -> ExactDecimal {
        precondition(denominator > 0, "a unit factor is positive")
        var rest = denominator
        var twos = 0
        var fives = 0
        while rest % 2 == 0 {
            rest /= 2
            twos += 1
        }
        while rest % 5 == 0 {
            rest /= 5
            fives += 1
        }
        guard rest == 1 else { throw Diagnostic.error(.invalidValue, "\(denominator) is not a power of 2 and 5") }
        // x / (2^a 5^b) = x × 2^(k-a) × 5^(k-b) / 10^k with k = max(a, b).
        let k = Swift.max(twos, fives)
        var multiplier = Int128(numerator)
        for _ in 0..<(k - twos) { multiplier *= 2 }
        for _ in 0..<(k - fives) { multiplier *= 5 }
        let (product, overflow) = significand.multipliedReportingOverflow(by: multiplier)
        if overflow { throw ExactDecimal.overflow("a unit conversion") }
        return ExactDecimal(significand: product, scale: scale + k)
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
