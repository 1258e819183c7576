/// The POSIX TZ rule in a TZif footer (RFC 8536 section 3.3), such as `CET-1CEST,M3.5.0,M10.5.0/3`.
///
/// It gives standard time and, optionally, daylight time with the yearly days it starts and ends.
/// Offsets are kept as seconds east of UTC, the opposite of the string's sign (`CET-1` is UTC+1).
/// RFC 8536's extensions are accepted: change times from -167 h to 167 h, and daylight time all
/// year (`EST5EDT,0/0,J365/25`).
struct PosixTZRule: Sendable, Hashable {
    /// Seconds east of UTC in standard time.
    let standardOffset: Int64
    /// Daylight time, when the zone observes it.
    let daylight: Daylight?

    /// Daylight time and the yearly changes into and out of it.
    struct Daylight: Sendable, Hashable {
        /// Seconds east of UTC in daylight time (not necessarily ahead of standard: Europe/Dublin).
        let offset: Int64
        /// When daylight time starts, in local standard time.
        let start: Change
        /// When daylight time ends, in local daylight time.
        let end: Change
    }

    /// One yearly change: a day and a local time of day.
    struct Change: Sendable, Hashable {
        /// Which day of the year.
        let day: DayRule
        /// Seconds after that day's local midnight; may be negative or beyond 24 h.
        let time: Int64
    }

    /// The three POSIX ways of naming a day of the year.
    enum DayRule: Sendable, Hashable {
        /// `Jn`: day 1...365, February 29 never counted (J60 is always March 1).
        case julian(Int)
        /// `n`: day 0...365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (1...5, 5 = the last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    /// Instants are evaluated within ±2^52 s (about 142 million years), so year arithmetic cannot overflow.
    static let limit: Int64 = 1 << 52

    /// Seconds east of UTC at the Unix time `t`.
    func offset(atUTC t: Int64) -> Int64 {
        guard let daylight else { return standardOffset }
        return isDaylight(atUTC: t, daylight) ? daylight.offset : standardOffset
    }

    /// The first change after `t` (a UTC instant), or nil when the zone has no daylight time.
    ///
    /// Coinciding changes (all-year daylight time ends and restarts at once) are reported as one
    /// instant; callers read the offset in effect at it with `offset(atUTC:)`.
    func nextChange(after t: Int64) -> Int64? {
        guard let daylight, t < Self.limit else { return nil }
        let clamped = max(t, -Self.limit)
        let year = localYear(of: clamped)
        var next = Int64.max
        // The changes of a year lie within its local dates ±14 days (times and offsets up to 167 h),
        // so some change of the year after next is always later than `t`.
        for y in (year - 1)...(year + 2) {
            let (start, end) = changes(in: y, daylight)
            if start > clamped, start < next { next = start }
            if end > clamped, end < next { next = end }
        }
        return next
    }

    /// Whether daylight time is in effect at `t`: the latest change at or before `t` decides.
    private func isDaylight(atUTC t: Int64, _ daylight: Daylight) -> Bool {
        let clamped = min(max(t, -Self.limit), Self.limit)
        let year = localYear(of: clamped)
        var latest = Int64.min
        var latestIsStart = false
        var earliest = Int64.max
        var earliestIsStart = false
        for y in (year - 1)...(year + 1) {
            let (start, end) = changes(in: y, daylight)
            // On a tie the start wins: all-year daylight time ends at the instant it starts again.
            if end <= clamped, end > latest {
                latest = end
                latestIsStart = false
            }
            if start <= clamped, start >= latest {
                latest = start
                latestIsStart = true
            }
            if end < earliest {
                earliest = end
                earliestIsStart = false
            }
            if start < earliest {
                earliest = start
                earliestIsStart = true
            }
        }
        // Before every change considered, the state is the opposite of the first one's result.
        return latest == Int64.min ? !earliestIsStart : latestIsStart
    }

    /// The calendar year of a UTC instant in local standard time.
    private func localYear(of t: Int64) -> Int {
        UnixTime.civil(days: UnixTime.floorDiv(t + standardOffset, 86_400)).year
    }

    /// The UTC instants daylight time starts and ends in `year` (the start may be the later one).
    private func changes(in year: Int, _ daylight: Daylight) -> (start: Int64, end: Int64) {
        let start = Self.day(daylight.start.day, in: year) * 86_400 + daylight.start.time - standardOffset
        let end = Self.day(daylight.end.day, in: year) * 86_400 + daylight.end.time - daylight.offset
        return (start, end)
    }

    /// Days since 1970-01-01 of a day rule's day in `year`.
    static func day(_ rule: DayRule, in year: Int) -> Int64 {
        switch rule {
        case .julian(let n):
            let isLeap = UnixTime.daysInMonth(year: year, month: 2) == 29
            return UnixTime.days(year: year, month: 1, day: 1) + Int64(n - 1 + (isLeap && n >= 60 ? 1 : 0))
        case .zeroBased(let n):
            return UnixTime.days(year: year, month: 1, day: 1) + Int64(n)
        case .monthWeekDay(let month, let week, let weekday):
            let first = UnixTime.days(year: year, month: month, day: 1)
            // 1970-01-01 was a Thursday (weekday 4).
            let firstWeekday = Int(((first + 4) % 7 + 7) % 7)
            var day = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            // Week 5 means the last such weekday, which some months have only four of.
            if day > UnixTime.daysInMonth(year: year, month: month) { day -= 7 }
            return first + Int64(day - 1)
        }
    }
}

extension PosixTZRule {
    /// Parses a TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3` or `<+0330>-3:30`; nil when it is not one.
    ///
    /// Daylight time without rules gets the US rules (`M3.2.0,M11.1.0`), as tzcode does.
    init?(_ text: some Collection<UInt8>) {
        var cursor = TZStringCursor(Array(text))
        guard cursor.name(), let standardWest = cursor.signedTime() else { return nil }
        standardOffset = -standardWest
        if cursor.atEnd {
            daylight = nil
            return
        }
        guard cursor.name() else { return nil }
        var daylightWest = standardWest - 3600
        if !cursor.atEnd, cursor.peek != UInt8(ascii: ",") {
            guard let west = cursor.signedTime() else { return nil }
            daylightWest = west
        }
        let start: Change
        let end: Change
        if cursor.atEnd {
            start = Change(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
            end = Change(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
        } else {
            guard cursor.skip(UInt8(ascii: ",")), let s = cursor.change(), cursor.skip(UInt8(ascii: ",")),
                let e = cursor.change(), cursor.atEnd
            else { return nil }
            start = s
            end = e
        }
        daylight = Daylight(offset: -daylightWest, start: start, end: end)
    }

    /// Parses the UTF-8 of `text` (tests, and footers already decoded).
    init?(_ text: String) {
        self.init(Array(text.utf8))
    }
}

/// A cursor over the bytes of a POSIX TZ string.
private struct TZStringCursor {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skip(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// A zone abbreviation: three or more letters, or `<...>` with three or more of `A-Za-z0-9+-`.
    mutating func name() -> Bool {
        let begin = index
        if skip(UInt8(ascii: "<")) {
            while let c = peek, Self.isLetter(c) || Self.isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                index += 1
            }
            let length = index - begin - 1
            return skip(UInt8(ascii: ">")) && length >= 3
        }
        while let c = peek, Self.isLetter(c) { index += 1 }
        return index - begin >= 3
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, hours up to 167 (RFC 8536 section 3.3.1).
    mutating func signedTime() -> Int64? {
        var sign: Int64 = 1
        if skip(UInt8(ascii: "-")) {
            sign = -1
        } else {
            _ = skip(UInt8(ascii: "+"))
        }
        guard let hours = number(maxDigits: 3), hours <= 167 else { return nil }
        var seconds = hours * 3600
        if skip(UInt8(ascii: ":")) {
            guard let minutes = number(maxDigits: 2), minutes <= 59 else { return nil }
            seconds += minutes * 60
            if skip(UInt8(ascii: ":")) {
                guard let secs = number(maxDigits: 2), secs <= 59 else { return nil }
                seconds += secs
            }
        }
        return sign * Int64(seconds)
    }

    /// `date[/time]`, the time defaulting to 02:00.
    mutating func change() -> PosixTZRule.Change? {
        let day: PosixTZRule.DayRule
        if skip(UInt8(ascii: "J")) {
            guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
            day = .julian(n)
        } else if skip(UInt8(ascii: "M")) {
            guard let month = number(maxDigits: 2), (1...12).contains(month), skip(UInt8(ascii: ".")),
                let week = number(maxDigits: 1), (1...5).contains(week), skip(UInt8(ascii: ".")),
                let weekday = number(maxDigits: 1), weekday <= 6
            else { return nil }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else {
            guard let n = number(maxDigits: 3), n <= 365 else { return nil }
            day = .zeroBased(n)
        }
        var time: Int64 = 7200
        if skip(UInt8(ascii: "/")) {
            guard let t = signedTime() else { return nil }
            time = t
        }
        return PosixTZRule.Change(day: day, time: time)
    }

    /// One to `maxDigits` decimal digits.
    mutating func number(maxDigits: Int) -> Int? {
        var value = 0
        var count = 0
        while count < maxDigits, let c = peek, Self.isDigit(c) {
            value = value * 10 + Int(c - UInt8(ascii: "0"))
            count += 1
            index += 1
        }
        return count == 0 ? nil : value
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    static func isLetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
    }
}
