extension UnixTime {
    /// Unix seconds of exactly `YYYY-MM-DDTHH:MM:SSZ`, the form dumps almost always write; nil
    /// for any other text (which `parseISO8601` then reads or rejects).
    ///
    /// Wherever it returns a value, `parseISO8601` returns the same: the same field checks (month,
    /// day of that month, hour below 24, minute and second below 60), without building a cursor.
    public static func parseCanonicalUTC(_ text: Span<UInt8>) -> Int64? {
        guard text.count == 20, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: "T"),
            text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"), text[19] == UInt8(ascii: "Z")
        else { return nil }
        guard let year = digits(text, 0, 4), let month = digits(text, 5, 2), let day = digits(text, 8, 2),
            let hour = digits(text, 11, 2), let minute = digits(text, 14, 2), let second = digits(text, 17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        return days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The decimal value of `count` ASCII digits at `start`; nil when one is not a digit.
    private static func digits(_ text: Span<UInt8>, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for index in start..<(start + count) {
            let c = text[index]
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }
}
