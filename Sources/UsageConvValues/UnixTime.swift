/// Unix-seconds arithmetic, ISO 8601 parsing and formatting, without Foundation.
///
/// DESIGN.md section 7 measured `ISO8601DateFormatter` at 130 µs per parse; these hand-written
/// digit routines take tens of nanoseconds, which is what keeps InterServer decoding fast.
public enum UnixTime {
    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number (Howard Hinnant's `civil_from_days`).
    public static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    /// Days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Floor division that rounds toward negative infinity.
    @inlinable
    public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time.
    public static func iso8601(_ time: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        writeISO8601(time, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SSZ` for a Unix time.
    public static func writeISO8601(_ time: Int64, to out: inout [UInt8]) {
        let days = floorDiv(time, 86_400)
        writeDate(days: days, to: &out)
        writeClock(secondsOfDay: Int(time - days * 86_400), to: &out)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS±HH:MM`: the wall time `offset` seconds from UTC, then the
    /// offset (`+00:00` for UTC; `±HH:MM:SS` for a local mean time with seconds, before 1900 or so).
    public static func writeISO8601(_ time: Int64, offset: Int64, to out: inout [UInt8]) {
        let wall = time + offset
        let days = floorDiv(wall, 86_400)
        writeDate(days: days, to: &out)
        writeClock(secondsOfDay: Int(wall - days * 86_400), to: &out)
        out.removeLast()  // the clock's Z
        let size = abs(offset)
        out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        writeDigits(Int(size / 3600), count: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        writeDigits(Int(size / 60 % 60), count: 2, to: &out)
        if size % 60 != 0 {
            out.append(UInt8(ascii: ":"))
            writeDigits(Int(size % 60), count: 2, to: &out)
        }
    }

    /// Appends `YYYY-MM-DD` for a day number.
    public static func writeDate(days: Int64, to out: inout [UInt8]) {
        let (y, m, d) = civil(days: days)
        if y < 0 || y > 9999 {
            out.append(contentsOf: Array(String(y).utf8))
        } else {
            writeDigits(y, count: 4, to: &out)
        }
        out.append(UInt8(ascii: "-"))
        writeDigits(m, count: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        writeDigits(d, count: 2, to: &out)
    }

    /// Appends `THH:MM:SSZ` for seconds since midnight.
    public static func writeClock(secondsOfDay s: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "T"))
        writeDigits(s / 3600, count: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        writeDigits(s / 60 % 60, count: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        writeDigits(s % 60, count: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    static func writeDigits(_ value: Int, count: Int, to out: inout [UInt8]) {
        if count == 2 {
            out.append(UInt8(truncatingIfNeeded: 48 + value / 10))
            out.append(UInt8(truncatingIfNeeded: 48 + value % 10))
            return
        }
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var v = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    /// Parses ISO 8601 / RFC 3339 text into Unix seconds.
    ///
    /// Accepts `YYYY-MM-DDTHH:MM[:SS]` with `T`, `t` or a space, an optional fraction that must be
    /// zero (outputs have whole seconds), and a zone `Z`, `±HH:MM` or `±HHMM`. Without a zone the
    /// text is read in `defaultOffset` seconds east of UTC, or rejected when that is `nil`.
    /// A date alone (`YYYY-MM-DD`) is midnight. Returns `nil` for anything else.
    public static func parseISO8601(_ text: some Collection<UInt8>, defaultOffset: Int64? = nil) -> Int64? {
        var p = ISODigits(Array(text))
        guard let year = p.digits(4), p.expect(UInt8(ascii: "-")), let month = p.digits(2),
            p.expect(UInt8(ascii: "-")), let day = p.digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        var seconds = days(year: year, month: month, day: day) * 86_400
        if p.atEnd {
            guard let offset = defaultOffset else { return nil }
            return seconds - offset
        }
        guard let sep = p.next(), sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " "),
            let hour = p.digits(2), p.expect(UInt8(ascii: ":")), let minute = p.digits(2)
        else { return nil }
        var second = 0
        if p.peek == UInt8(ascii: ":") {
            _ = p.next()
            guard let s = p.digits(2) else { return nil }
            second = s
        }
        // 24:00:00 is not accepted; a leap second 60 is not representable in Unix time.
        guard hour < 24, minute < 60, second < 60 else { return nil }
        if p.peek == UInt8(ascii: ".") || p.peek == UInt8(ascii: ",") {
            _ = p.next()
            var any = false
            while let c = p.peek, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                guard c == UInt8(ascii: "0") else { return nil }
                any = true
                _ = p.next()
            }
            guard any else { return nil }
        }
        seconds += Int64(hour * 3600 + minute * 60 + second)
        guard let zone = p.next() else {
            guard let offset = defaultOffset else { return nil }
            return seconds - offset
        }
        switch zone {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return p.atEnd ? seconds : nil
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let oh = p.digits(2) else { return nil }
            _ = p.peek == UInt8(ascii: ":") ? p.next() : nil
            guard let om = p.digits(2), p.atEnd, oh < 24, om < 60 else { return nil }
            let offset = Int64(oh * 3600 + om * 60)
            return zone == UInt8(ascii: "+") ? seconds - offset : seconds + offset
        default:
            return nil
        }
    }
}

/// A tiny cursor over ASCII digits for `UnixTime.parseISO8601`.
private struct ISODigits {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func next() -> UInt8? {
        guard index < bytes.count else { return nil }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for i in index..<(index + count) {
            let c = bytes[i]
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        index += count
        return value
    }
}
