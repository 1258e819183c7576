/// Text writing into an `OutputSpan`: bounds-checked against capacity, but free of the
/// per-byte uniqueness and growth checks that `Array.append` pays in the encoders' row loops.
///
/// The pointer work of the encoders' hot loop lives here, below the core, so the core's encoders
/// call only these checked appends (`package`: not for library users). `@inlinable` keeps them as
/// fast as when they were in the same module as the row loops.
extension OutputSpan where Element == UInt8 {
    /// Appends every byte of `bytes` in one copy (the row's fixed columns, the date: most of a row).
    @inlinable
    package mutating func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { source in
            guard let from = source.baseAddress, !source.isEmpty else { return }
            withUnsafeMutableBufferPointer { buffer, initialized in
                // The row writers reserve each row's full length up front; overrunning is a bug.
                precondition(buffer.count - initialized >= source.count, "a row outgrew its reserved capacity")
                guard let base = buffer.baseAddress else { return }
                (base + initialized).initialize(from: from, count: source.count)
                initialized += source.count
            }
        }
    }

    /// Appends a decimal `significand × 10^exponent` as plain digits (see `NumberText.writeDecimal`).
    @inlinable
    package mutating func append(decimal significand: Int64, exponent: Int) {
        var s = significand
        var e = exponent
        if s == 0 {
            append(UInt8(ascii: "0"))
            return
        }
        while e < 0 && s % 10 == 0 {
            s /= 10
            e += 1
        }
        if s < 0 { append(UInt8(ascii: "-")) }
        let m = s.magnitude
        let count = DecimalDigits.count(m)
        // Layout: integer digits, or "0"; then "." and the fraction (zero-padded); or trailing zeros.
        let fraction = e < 0 ? -e : 0
        let integerDigits = count - fraction
        let length = e >= 0 ? count + e : (integerDigits > 0 ? count + 1 : fraction + 2)
        withUnsafeMutableBufferPointer { buffer, initialized in
            // The row writers reserve each value's maximum text length up front.
            precondition(buffer.count - initialized >= length, "a value outgrew its reserved capacity")
            guard let base = buffer.baseAddress else { return }
            let out = base + initialized
            if e >= 0 {
                DecimalDigits.write(m, endingAt: out + count)
                (out + count).initialize(repeating: UInt8(ascii: "0"), count: e)
            } else if integerDigits > 0 {
                // All digits one place right, then the integer digits back left around the point.
                DecimalDigits.write(m, endingAt: out + length)
                for k in 0..<integerDigits { (out + k).initialize(to: out[k + 1]) }
                (out + integerDigits).initialize(to: UInt8(ascii: "."))
            } else {
                out.initialize(to: UInt8(ascii: "0"))
                (out + 1).initialize(to: UInt8(ascii: "."))
                (out + 2).initialize(repeating: UInt8(ascii: "0"), count: fraction - count)
                DecimalDigits.write(m, endingAt: out + length)
            }
            initialized += length
        }
    }

    /// Appends a row's start, `head`, whose bytes at `clockAt` are a `THH:MM:SSZ` placeholder, with
    /// the clock of `seconds` since midnight written over the placeholder.
    ///
    /// The CSV rows of one series and day differ only in their clock and value: their date and
    /// fixed columns go out in one copy, the clock as three digit pairs.
    @inlinable
    package mutating func append(head: [UInt8], clock seconds: Int, at clockAt: Int) {
        head.withUnsafeBufferPointer { source in
            guard let from = source.baseAddress else { return }
            // The placeholder must lie inside the head.
            precondition(clockAt >= 0 && clockAt + 10 <= source.count, "the clock placeholder is outside the row head")
            withUnsafeMutableBufferPointer { buffer, initialized in
                precondition(buffer.count - initialized >= source.count, "a row outgrew its reserved capacity")
                guard let base = buffer.baseAddress else { return }
                let out = base + initialized
                out.initialize(from: from, count: source.count)
                DecimalDigits.writePair(seconds / 3600, at: out + clockAt + 1)
                DecimalDigits.writePair(seconds / 60 % 60, at: out + clockAt + 4)
                DecimalDigits.writePair(seconds % 60, at: out + clockAt + 7)
                initialized += source.count
            }
        }
    }

    /// Appends `THH:MM:SSZ` for seconds since midnight.
    @inlinable
    package mutating func append(clock s: Int) {
        withUnsafeMutableBufferPointer { buffer, initialized in
            precondition(buffer.count - initialized >= 10, "a time outgrew its reserved capacity")
            guard let base = buffer.baseAddress else { return }
            let out = base + initialized
            out.initialize(to: UInt8(ascii: "T"))
            DecimalDigits.writePair(s / 3600, at: out + 1)
            (out + 3).initialize(to: UInt8(ascii: ":"))
            DecimalDigits.writePair(s / 60 % 60, at: out + 4)
            (out + 6).initialize(to: UInt8(ascii: ":"))
            DecimalDigits.writePair(s % 60, at: out + 7)
            (out + 9).initialize(to: UInt8(ascii: "Z"))
            initialized += 10
        }
    }
}

/// Decimal digits written two at a time: the encoders' row loops print a value and a clock per
/// point, and halving the 64-bit divisions is most of what printing costs.
@usableFromInline package enum DecimalDigits {
    /// How many decimal digits `value` has (1 for 0).
    @inlinable @inline(__always)
    static func count(_ value: UInt64) -> Int {
        // log10 from the bit length (1233/4096 ≈ log10(2)), corrected by one comparison.
        let bits = 64 - (value | 1).leadingZeroBitCount
        let guess = (bits * 1233) >> 12
        return guess + 1 - (value < power10(guess) ? 1 : 0)
    }

    /// 10^`n` for `n` in 0...19 (a switch, not a table: a `static let` array costs a `swift_once`
    /// check at every use in the row loops).
    @inlinable @inline(__always)
    package static func power10(_ n: Int) -> UInt64 {
        switch n {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        default: 10_000_000_000_000_000_000
        }
    }

    /// "00" to "99", two bytes per pair: a constant in the binary, no initialisation.
    @inlinable static var pairs: StaticString {
        """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
    }

    /// Writes every digit of `value` so that the last one lands just before `end`.
    @inlinable @inline(__always)
    static func write(_ value: UInt64, endingAt end: UnsafeMutablePointer<UInt8>) {
        var v = value
        var k = end
        while v >= 100 {
            let r = Int(truncatingIfNeeded: v % 100)
            v /= 100
            k -= 2
            writePair(r, at: k)
        }
        if v >= 10 {
            k -= 2
            writePair(Int(truncatingIfNeeded: v), at: k)
        } else {
            k -= 1
            k.initialize(to: UInt8(truncatingIfNeeded: v) &+ 48)
        }
    }

    /// Writes `value` (0...99) as two digits at `out`.
    @inlinable @inline(__always)
    static func writePair(_ value: Int, at out: UnsafeMutablePointer<UInt8>) {
        let digits = pairs.utf8Start + 2 * value
        out.initialize(to: digits[0])
        (out + 1).initialize(to: digits[1])
    }
}
