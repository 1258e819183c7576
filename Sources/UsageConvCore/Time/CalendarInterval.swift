/// A resampling or gap length as written on the command line: `90s`, `5m`, `1h`, `1d`, `1w`, `1mo`.
///
/// Seconds, minutes and hours are fixed lengths of elapsed time. Days, weeks and months are
/// calendar units: in UTC a day is always 86,400 s, but in a local zone a day is 23 to 25 hours,
/// and a month is 28 to 31 days anywhere, so they are kept as calendar counts until a zone is known.
public struct CalendarInterval: Sendable, Hashable, CustomStringConvertible {
    /// The unit of an interval.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Seconds of elapsed time.
        case seconds = "s"
        /// Minutes of elapsed time.
        case minutes = "m"
        /// Hours of elapsed time.
        case hours = "h"
        /// Calendar days (local midnight to local midnight).
        case days = "d"
        /// Calendar weeks, Monday to Monday (ISO 8601).
        case weeks = "w"
        /// Calendar months.
        case months = "mo"
    }

    /// How many units.
    public var count: Int64
    /// Which unit.
    public var unit: Unit

    /// Creates an interval of `count` units.
    public init(_ count: Int64, _ unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// Parses `<N><unit>` (`5m`, `1mo`), a bare number as seconds; `nil` for anything else.
    public init?(parsing text: String) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let suffix = text.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 12, let n = Int64(digits), n > 0 else { return nil }
        if suffix.isEmpty {
            self.init(n, .seconds)
            return
        }
        guard let unit = Unit(rawValue: String(suffix)) else { return nil }
        self.init(n, unit)
    }

    /// The length in seconds when it is fixed (s, m, h; d and w in UTC), else the nominal length:
    /// months count as 30 days (the `step` written for monthly buckets).
    public var nominalSeconds: Int64 {
        switch unit {
        case .seconds: count
        case .minutes: count * 60
        case .hours: count * 3600
        case .days: count * 86_400
        case .weeks: count * 604_800
        case .months: count * 2_592_000
        }
    }

    /// Whether the length is a fixed amount of elapsed time (s, m, h).
    public var isElapsedTime: Bool { unit == .seconds || unit == .minutes || unit == .hours }

    /// The text it was parsed from, normalised (`5m`).
    public var description: String { "\(count)\(unit.rawValue)" }
}
