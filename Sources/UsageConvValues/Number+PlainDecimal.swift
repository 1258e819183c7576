extension Number {
    /// A plain decimal (`-12.50`, `8320.0`, `20`) of up to 18 digits, exactly; nil for any other
    /// text, which the caller then gives to the full JSON number grammar.
    ///
    /// The direct path of `Number.parseText` for bytes that are not a `String` (XML element text
    /// straight from the parser's buffer): the same digits give the same `Number`. Leading zeros
    /// (`01`), a lone `.`, exponents and spaces are left to the full grammar.
    public static func plainDecimal(_ bytes: Span<UInt8>) -> Number? {
        let n = bytes.count
        var i = 0
        let negative = n > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        guard i < n, bytes[i] >= 0x30 && bytes[i] <= 0x39 else { return nil }
        if bytes[i] == 0x30, i + 1 < n, bytes[i + 1] >= 0x30 && bytes[i + 1] <= 0x39 { return nil }
        var significand: Int64 = 0
        var digits = 0
        var exponent = 0
        var seenPoint = false
        while i < n {
            let byte = bytes[i]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
                if digits > 18 { return nil }
                significand = significand * 10 + Int64(byte - 0x30)
                if seenPoint { exponent -= 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint, i + 1 < n {
                seenPoint = true
            } else {
                return nil
            }
            i += 1
        }
        return Number(significand: negative ? -significand : significand, exponent: exponent)
    }
}
