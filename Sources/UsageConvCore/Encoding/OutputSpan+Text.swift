/// Text writing into an `OutputSpan`: bounds-checked against capacity, but free of the
/// per-byte uniqueness and growth checks that `Array.append` pays in the encoders' row loops.
extension OutputSpan where Element == UInt8 {
    /// Appends every byte of `bytes`.
    mutating func append(bytes: [UInt8]) {
        for byte in bytes { append(byte) }
    }

    /// Appends a decimal `significand × 10^exponent` as plain digits (see `NumberText.writeDecimal`).
    mutating func append(decimal significand: Int64, exponent: Int) {
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
        var digits = InlineArray<20, UInt8>(repeating: 0)
        var count = 0
        var m = s.magnitude
        repeat {
            digits[count] = UInt8(truncatingIfNeeded: m % 10) &+ 48
            m /= 10
            count += 1
        } while m > 0
        if e >= 0 {
            var k = count
            while k > 0 {
                k -= 1
                append(digits[k])
            }
            append(repeating: UInt8(ascii: "0"), count: e)
            return
        }
        let fraction = -e
        if fraction >= count {
            append(UInt8(ascii: "0"))
            append(UInt8(ascii: "."))
            append(repeating: UInt8(ascii: "0"), count: fraction - count)
            var k = count
            while k > 0 {
                k -= 1
                append(digits[k])
            }
            return
        }
        var k = count
        while k > fraction {
            k -= 1
            append(digits[k])
        }
        append(UInt8(ascii: "."))
        while k > 0 {
            k -= 1
            append(digits[k])
        }
    }

    /// Appends a value's canonical text.
    mutating func append(number: Number) {
        switch number.storage {
        case .decimal(let s, let e): append(decimal: s, exponent: Int(e))
        case .binary(let d):
            var text: [UInt8] = []
            NumberText.writeDouble(d, to: &text)
            append(bytes: text)
        }
    }

    /// Appends `THH:MM:SSZ` for seconds since midnight.
    mutating func append(clock s: Int) {
        append(UInt8(ascii: "T"))
        append(twoDigits: s / 3600)
        append(UInt8(ascii: ":"))
        append(twoDigits: s / 60 % 60)
        append(UInt8(ascii: ":"))
        append(twoDigits: s % 60)
        append(UInt8(ascii: "Z"))
    }

    private mutating func append(twoDigits value: Int) {
        append(UInt8(truncatingIfNeeded: 48 + value / 10))
        append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }
}

extension Number {
    /// The most bytes `OutputSpan.append(number:)` can write for this value.
    var maxTextLength: Int {
        switch storage {
        case .decimal(_, let e): 24 + Int(e.magnitude)
        case .binary: 400
        }
    }
}
