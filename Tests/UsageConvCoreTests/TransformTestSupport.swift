@testable import UsageConvCore

/// Small builders for transform tests: a series from `(time, value)` pairs.
enum TestSeries {
    static func identity(
        kind: Kind = .amount,
        unit: String = "B",
        step: Int64 = 300,
        absent: Absent = .unknown,
        direction: String = "out"
    ) -> SeriesIdentity {
        SeriesIdentity(
            source: "test",
            resource: "r",
            metric: kind == .rate ? "bandwidth" : "traffic",
            direction: direction,
            unit: unit,
            kind: kind,
            step: step,
            absent: absent
        )
    }

    static func make(_ points: [(Int64, Number)], identity: SeriesIdentity) -> Series {
        Series(identity: identity, times: points.map(\.0), values: points.map(\.1))
    }

    static func decimal(_ text: String) -> Number {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return Number(significand: Int64(String(parts[0]) + fraction) ?? 0, exponent: -fraction.count)
    }

    /// 2025-03-30T00:00:00Z and friends, as Unix seconds.
    static func utc(_ text: String) -> Int64 {
        UnixTime.parseISO8601(Array(text.utf8)) ?? Int64.min
    }

    static var berlin: ZoneRules {
        get throws { try ZoneRules(identifier: "Europe/Berlin") }
    }

    static let hasZoneInfo: Bool = (try? ZoneRules(identifier: "Europe/Berlin")) != nil
}
