/// Plain-digit rendering of decimals and doubles (no exponent, as DESIGN.md section 3 asks).
public enum NumberText {
    /// Writes `significand × 10^exponent` as plain digits, trimming fraction zeros.
    public static func writeDecimal(significand: Int64, exponent: Int, to out: inout [UInt8]) {
        var s = significand
        var e = exponent
        if s == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        while e < 0 && s % 10 == 0 {
            s /= 10
            e += 1
        }
        // Emit least significant first, then reverse the run: no temporary buffer.
        let start = out.count
        var m = s.magnitude
        if e < 0 {
            for _ in 0..<(-e) {
                out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10))
                m /= 10
            }
            out.append(UInt8(ascii: "."))
            if m == 0 { out.append(UInt8(ascii: "0")) }
        } else {
            for _ in 0..<e { out.append(UInt8(ascii: "0")) }
        }
        while m > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m % 10))
            m /= 10
        }
        if s < 0 { out.append(UInt8(ascii: "-")) }
        out[start...].reverse()
    }

    /// Writes the shortest text that round-trips `value`, expanded to plain digits.
    public static func writeDouble(_ value: Double, to out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if !value.isFinite {
            out.append(contentsOf: Array((value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity")).utf8))
            return
        }
        if value.rounded() == value, let integer = Int64(exactly: value), integer.magnitude < (1 << 53) {
            writeDecimal(significand: integer, exponent: 0, to: &out)
            return
        }
        // Swift's description is the shortest round-trip text; it may use an exponent.
        let text = Array(value.description.utf8)
        var negative = false
        var digits: [UInt8] = []
        var pointPosition: Int? = nil
        var exponent = 0
        var index = 0
        if text.first == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        while index < text.count {
            let c = text[index]
            if c == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
                break
            } else {
                digits.append(c)
            }
            index += 1
        }
        // value = 0.digits... shifted: integer digits = (point ?? count) + exponent.
        var integerDigits = (pointPosition ?? digits.count) + exponent
        while digits.count > 1 && digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            integerDigits -= 1
        }
        while digits.count > 1 && digits.last == UInt8(ascii: "0") && digits.count > max(integerDigits, 1) {
            digits.removeLast()
        }
        if negative { out.append(UInt8(ascii: "-")) }
        if integerDigits <= 0 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            for _ in 0..<(-integerDigits) { out.append(UInt8(ascii: "0")) }
            out.append(contentsOf: digits)
        } else if integerDigits >= digits.count {
            out.append(contentsOf: digits)
            for _ in 0..<(integerDigits - digits.count) { out.append(UInt8(ascii: "0")) }
        } else {
            out.append(contentsOf: digits[0..<integerDigits])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[integerDigits...])
        }
    }
}
