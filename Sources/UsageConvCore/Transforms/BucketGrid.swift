/// The resampling buckets: which `[start, end)` interval holds an instant.
///
/// In UTC, buckets are aligned to the Unix epoch (weeks to Monday 1970-01-05, months to
/// January 1970). In a local zone, days, weeks and months start at local midnight, found through
/// the zone's rules, so a day can last 23 or 25 hours; elapsed-time buckets (s, m, h) restart at
/// every local midnight, so they never straddle two local days (on the day clocks go back,
/// `1h` gives 25 buckets). A midnight the zone skips starts its day at the transition; a
/// midnight it repeats starts the day at the first one.
public struct BucketGrid: Sendable, Hashable {
    /// The bucket length.
    public var interval: CalendarInterval
    /// The zone whose calendar the buckets follow.
    public var zone: ZoneRules

    /// Creates a grid; a usage error when the length cannot be laid on a local calendar.
    public init(interval: CalendarInterval, zone: ZoneRules = .utc) throws(Diagnostic) {
        var interval = interval
        if !zone.isUTC && interval.isElapsedTime && interval.nominalSeconds >= 86_400 {
            guard interval.nominalSeconds % 86_400 == 0 else {
                throw .error(
                    .usage,
                    "--resample \(interval) cannot follow local days in \(zone.identifier); use a length under a day or in d, w or mo"
                )
            }
            interval = CalendarInterval(interval.nominalSeconds / 86_400, .days)
        }
        self.interval = interval
        self.zone = zone
    }

    /// The `step` written for the buckets (months: 30 days; local days: 86,400 s).
    public var nominalStep: Int64 { interval.nominalSeconds }

    /// The bucket holding the instant `t`.
    public func bucket(containing t: Int64) -> Range<Int64> {
        if zone.isUTC { return utcBucket(containing: t) }
        return localBucket(containing: t)
    }

    // MARK: UTC

    private func utcBucket(containing t: Int64) -> Range<Int64> {
        let n = interval.count
        switch interval.unit {
        case .seconds, .minutes, .hours, .days:
            let length = interval.nominalSeconds
            let start = UnixTime.floorDiv(t, length) * length
            return start..<(start + length)
        case .weeks:
            // 1970-01-05 (day 4) was a Monday.
            let day = UnixTime.floorDiv(t, 86_400)
            let startDay = UnixTime.floorDiv(day - 4, 7 * n) * 7 * n + 4
            return (startDay * 86_400)..<((startDay + 7 * n) * 86_400)
        case .months:
            let index = BucketGrid.monthIndex(ofDay: UnixTime.floorDiv(t, 86_400))
            let first = UnixTime.floorDiv(index, n) * n
            return (BucketGrid.firstDay(ofMonthIndex: first) * 86_400)..<(BucketGrid.firstDay(ofMonthIndex: first + n) * 86_400)
        }
    }

    // MARK: Local calendar

    private func localBucket(containing t: Int64) -> Range<Int64> {
        let n = interval.count
        let localDay = UnixTime.floorDiv(t + zone.offset(atUTC: t), 86_400)
        switch interval.unit {
        case .seconds, .minutes, .hours:
            let dayStart = startOfLocalDay(localDay)
            let nextDay = startOfLocalDay(localDay + 1)
            let length = interval.nominalSeconds
            let start = dayStart + UnixTime.floorDiv(t - dayStart, length) * length
            return start..<min(start + length, nextDay)
        case .days:
            let first = UnixTime.floorDiv(localDay, n) * n
            return startOfLocalDay(first)..<startOfLocalDay(first + n)
        case .weeks:
            let first = UnixTime.floorDiv(localDay - 4, 7 * n) * 7 * n + 4
            return startOfLocalDay(first)..<startOfLocalDay(first + 7 * n)
        case .months:
            let first = UnixTime.floorDiv(BucketGrid.monthIndex(ofDay: localDay), n) * n
            return startOfLocalDay(BucketGrid.firstDay(ofMonthIndex: first))..<startOfLocalDay(BucketGrid.firstDay(ofMonthIndex: first + n))
        }
    }

    /// The UTC instant at which the local day `day` (days since 1970-01-01) begins.
    func startOfLocalDay(_ day: Int64) -> Int64 { zone.startOfLocalDay(day) }

    /// Months since January 1970 of a day number.
    static func monthIndex(ofDay day: Int64) -> Int64 {
        let (y, m, _) = UnixTime.civil(days: day)
        return Int64(y - 1970) * 12 + Int64(m - 1)
    }

    /// The day number of the first day of a month index.
    static func firstDay(ofMonthIndex index: Int64) -> Int64 {
        let year = 1970 + Int(UnixTime.floorDiv(index, 12))
        let month = Int(index - UnixTime.floorDiv(index, 12) * 12) + 1
        return UnixTime.days(year: year, month: month, day: 1)
    }
}
