/// Text writing into an `OutputSpan`: bounds-checked against capacity, but free of the
/// per-byte uniqueness and growth checks that `Array.append` pays in the encoders' row loops.
extension OutputSpan where Element == UInt8 {
    /// Appends every byte of `bytes` in one copy (the row's fixed columns, the date: most of a row).
    mutating func append(bytes: [UInt8]) {
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
        var m = s.magnitude
        var count = 1
        var probe = m
        while probe >= 10 {
            probe /= 10
            count += 1
        }
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
                (out + count).initialize(repeating: UInt8(ascii: "0"), count: e)
                var k = count
                while k > 0 {
                    k -= 1
                    (out + k).initialize(to: UInt8(truncatingIfNeeded: m % 10) &+ 48)
                    m /= 10
                }
            } else {
                // Right to left: fraction digits, the point, then integer digits or leading zeros.
                var k = length
                for _ in 0..<fraction {
                    k -= 1
                    if m > 0 || k >= length - count {
                        (out + k).initialize(to: UInt8(truncatingIfNeeded: m % 10) &+ 48)
                        m /= 10
                    } else {
                        (out + k).initialize(to: UInt8(ascii: "0"))
                    }
                }
                k -= 1
                (out + k).initialize(to: UInt8(ascii: "."))
                if integerDigits > 0 {
                    while k > 0 {
                        k -= 1
                        (out + k).initialize(to: UInt8(truncatingIfNeeded: m % 10) &+ 48)
                        m /= 10
                    }
                } else {
                    (out + 0).initialize(to: UInt8(ascii: "0"))
                }
            }
            initialized += length
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
