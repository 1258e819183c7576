/// One labelled mark on a chart's time axis.
public struct TimeTick: Sendable, Hashable {
    /// The instant (Unix seconds, UTC).
    public var time: Int64
    /// The label in the zone's local time (`06:00`, `30 Mar`, `Apr 2025`).
    public var label: String
}

/// Time-axis ticks at round local times: every N minutes or hours, local midnights, Mondays,
/// or the first of a month, in UTC or a tz database zone.
///
/// Ticks are placed on the local wall clock and resolved to UTC through the zone's rules, so a day
/// tick lands on local midnight even when that day lasts 23 or 25 hours (DST), and an hour that a
/// spring-forward skips gets no tick.
public enum TimeTicks {
    /// A tick spacing: seconds of wall-clock time, or whole months.
    enum Spacing: Equatable {
        case seconds(Int64)
        case days(Int64)
        case months(Int)

        /// About how long it is, for choosing one.
        var nominal: Double {
            switch self {
            case .seconds(let s): Double(s)
            case .days(let d): Double(d) * 86_400
            case .months(let m): Double(m) * 2_629_746
            }
        }
    }

    /// The spacings tried, finest first.
    static let spacings: [Spacing] =
        [60, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200].map { .seconds($0) }
        + [1, 2, 7, 14].map { .days($0) } + [1, 3, 6, 12, 24, 60, 120, 600].map { .months($0) }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// At most `maxCount` ticks within `[start, end]` at the finest spacing that allows it.
    public static func ticks(from start: Int64, to end: Int64, zone: ZoneRules, maxCount: Int) -> [TimeTick] {
        guard end > start else { return [] }
        let span = Double(end - start)
        let limit = Double(Swift.max(maxCount, 2))
        let spacing = spacings.first { span / $0.nominal <= limit } ?? .months(600)
        let times: [Int64]
        switch spacing {
        case .seconds(let step): times = clockTicks(from: start, to: end, zone: zone, step: step)
        case .days(let days): times = dayTicks(from: start, to: end, zone: zone, every: days)
        case .months(let months): times = monthTicks(from: start, to: end, zone: zone, every: months)
        }
        return times.map { TimeTick(time: $0, label: label($0, zone: zone, spacing: spacing)) }
    }

    /// Local wall-clock seconds at `t`.
    static func wall(_ t: Int64, _ zone: ZoneRules) -> Int64 { t + zone.offset(atUTC: t) }

    /// The UTC instant of local wall time `w`: the first when it occurs twice; none when the
    /// clocks skipped it (a clock tick that never showed is not drawn).
    static func instant(ofWall w: Int64, _ zone: ZoneRules) -> Int64? {
        switch zone.resolve(local: w) {
        case .unique(let t): t
        case .repeated(let earlier, _): earlier
        case .skipped: nil
        }
    }

    /// Multiples of `step` seconds of local wall time (so 6-hour ticks are 00:00, 06:00, ...).
    static func clockTicks(from start: Int64, to end: Int64, zone: ZoneRules, step: Int64) -> [Int64] {
        // A day's offset can change by up to a day's worth in odd zones; a step before and after covers it.
        var w = UnixTime.floorDiv(wall(start, zone), step) * step - step
        let last = wall(end, zone) + step
        var result: [Int64] = []
        while w <= last {
            if let t = instant(ofWall: w, zone), t >= start, t <= end, t > (result.last ?? Int64.min) {
                result.append(t)
            }
            w += step
        }
        return result
    }

    /// Local midnights every `every` days (7 and 14: Mondays).
    static func dayTicks(from start: Int64, to end: Int64, zone: ZoneRules, every: Int64) -> [Int64] {
        let first = UnixTime.floorDiv(wall(start, zone), 86_400) - 1
        let last = UnixTime.floorDiv(wall(end, zone), 86_400) + 1
        // 1970-01-05 (day 4) was a Monday.
        let anchor: Int64 = every % 7 == 0 ? 4 : 0
        var result: [Int64] = []
        for day in first...last where (day - anchor) % every == 0 || every == 1 {
            let t = zone.startOfLocalDay(day)
            if t >= start, t <= end, t > (result.last ?? Int64.min) {
                result.append(t)
            }
        }
        return result
    }

    /// The first of every `every`-th month (January-aligned), at local midnight.
    static func monthTicks(from start: Int64, to end: Int64, zone: ZoneRules, every: Int) -> [Int64] {
        let from = UnixTime.civil(days: UnixTime.floorDiv(wall(start, zone), 86_400))
        let to = UnixTime.civil(days: UnixTime.floorDiv(wall(end, zone), 86_400))
        var index = from.year * 12 + from.month - 1
        index -= ((index % every) + every) % every
        var result: [Int64] = []
        while index <= to.year * 12 + to.month - 1 {
            let (year, month) = (index / 12, index % 12 + 1)
            let t = zone.startOfLocalDay(UnixTime.days(year: year, month: month, day: 1))
            if t >= start, t <= end {
                result.append(t)
            }
            index += every
        }
        return result
    }

    /// The tick's label: the clock time, or the date at a local midnight.
    static func label(_ t: Int64, zone: ZoneRules, spacing: Spacing) -> String {
        let w = wall(t, zone)
        let day = UnixTime.floorDiv(w, 86_400)
        let date = UnixTime.civil(days: day)
        let month = monthNames[(date.month - 1 + 12) % 12]
        switch spacing {
        case .months(let m) where m >= 12: return String(date.year)
        case .months: return date.month == 1 ? "\(month) \(date.year)" : month
        case .days: return "\(date.day) \(month)"
        case .seconds:
            let seconds = Int(w - day * 86_400)
            if seconds == 0 { return "\(date.day) \(month)" }
            let h = seconds / 3600
            let m = seconds / 60 % 60
            return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
        }
    }
}
