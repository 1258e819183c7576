/// Converts series to another unit (DESIGN.md section 4, last step).
public enum UnitConverter {
    /// What became of one series.
    public enum Outcome: Sendable {
        /// Converted (or already in the unit).
        case converted(Series)
        /// Left as it was, with the reason (money or counts when a data unit was asked for).
        case leftAlone(Series, Diagnostic)
    }

    /// Checks that `--unit` names a unit this tool knows.
    public static func validateTarget(_ unit: String) throws(Diagnostic) {
        guard DataUnit(unit) != nil || CurrencyCode.isCurrency(unit) else {
            throw .error(
                .usage,
                "unknown unit '\(unit)'; expected a data unit (\(DataUnit.volumeNames.joined(separator: " ")), "
                    + "each also per second as bit/s, Mbit/s, B/s, MB/s, ...; aliases bps Kbps Mbps Gbps bytes) "
                    + "or a currency code"
            )
        }
    }

    /// `--unit` as typed, resolved to a unit name.
    ///
    /// As given when known (`GB`, `USD`), else the one data unit whose name matches ignoring
    /// case (`mbps` is `Mbps`, i.e. Mbit/s), only where the case of a `b` agrees: `b` is bits and `B` bytes, so `gb` or `MBPS` is a
    /// did-you-mean, never a guess between a unit and one eight times its size.
    ///
    /// - Throws: a usage error with the candidates, or naming the units there are.
    public static func resolveTarget(_ unit: String) throws(Diagnostic) -> String {
        if DataUnit(unit) != nil || CurrencyCode.isCurrency(unit) { return unit }
        let matches = DataUnit.allNames.filter { $0.lowercased() == unit.lowercased() }
        // A `b` spelled out (`bit`, `byte`) means the same in any case; a symbol `b`/`B` does not.
        let sameBits = matches.filter { name in
            let lower = Array(name.lowercased())
            return zip(Array(name), Array(unit)).enumerated().allSatisfy { index, pair in
                guard pair.0 != pair.1, pair.0 == "b" || pair.0 == "B" else { return true }
                let rest = String(lower[index...])
                return rest.hasPrefix("bit") || rest.hasPrefix("byte")
            }
        }
        let units = Set(sameBits.compactMap { DataUnit($0)?.name })
        if units.count == 1, let only = units.first { return only }
        let candidates = Set(matches.compactMap { DataUnit($0)?.name }).sorted()
        if !candidates.isEmpty {
            throw .error(
                .usage,
                "unknown unit '\(unit)'; did you mean \(candidates.joined(separator: " or "))? "
                    + "(the case of b matters: b is bits, B bytes)"
            )
        }
        try validateTarget(unit)
        return unit
    }

    /// `series` in `target`.
    ///
    /// Between a rate and an amount the time each point covers is used: `bytes = bit/s × seconds
    /// ÷ 8`. That is the step, or, after resampling to calendar buckets, the bucket's real length
    /// (`duration(t)`: a local day of 23 hours, a 31-day month). Factors are powers of 2 and 5, so
    /// results stay exact decimals whenever they fit 18 digits.
    ///
    /// - Throws: a usage error naming both units when the conversion is impossible (data to money,
    ///   one currency to another).
    public static func convert(
        _ series: Series,
        to target: String,
        duration: @escaping @Sendable (Int64) -> Int64
    ) throws(Diagnostic) -> Outcome {
        let identity = series.identity
        if identity.unit == target { return .converted(series) }
        let describe = "\(identity.resource) \(identity.metric) in \(identity.unit)"
        guard let to = DataUnit(target) else {
            try validateTarget(target)
            throw .error(.usage, "cannot convert \(describe) to \(target): money converts only to itself")
        }
        guard let from = DataUnit(identity.unit) else {
            if CurrencyCode.isCurrency(identity.unit) {
                return .leftAlone(
                    series,
                    .warning(.usage, "\(describe) left in \(identity.unit): money converts only to itself, not to \(target)")
                )
            }
            return .leftAlone(
                series,
                .warning(.usage, "\(describe) left in \(identity.unit): it is not a data unit, so it cannot become \(target)")
            )
        }
        let conversion = Factor(from: from, to: to)
        var out = series
        out.identity = conversion.identity(of: identity)
        if series.stored != nil {
            out = out.streaming(.convert(conversion, duration: duration))
            return .converted(out)
        }
        for i in 0..<series.count {
            out.values[i] = conversion.apply(to: series.values[i], seconds: duration(series.times[i]))
        }
        return .converted(out)
    }

    /// One conversion between two data units, point by point: what ``convert(_:to:duration:)``
    /// does to each value, so a streamed conversion applies it page by page.
    public struct Factor: Sendable {
        let target: DataUnit
        let fromRate: Bool
        let needsDuration: Bool
        let numerator: Int64
        let denominator: Int64

        /// The conversion of `from` values into `to`.
        init(from: DataUnit, to: DataUnit) {
            target = to
            fromRate = from.isRate
            needsDuration = from.isRate != to.isRate
            let divisor = gcd(from.bits, to.bits)
            numerator = from.bits / divisor
            denominator = to.bits / divisor
        }

        /// The factor for a series with `identity` into `target`, or `nil` when either is no data unit.
        public init?(identity: SeriesIdentity, to target: String) {
            guard let from = DataUnit(identity.unit), let to = DataUnit(target) else { return nil }
            self.init(from: from, to: to)
        }

        /// `value` of a point covering `seconds`, in the target unit.
        public func apply(to value: Number, seconds: Int64) -> Number {
            if !needsDuration { return value.scaled(by: numerator, over: denominator) }
            // A rate over the point's seconds accrues an amount.
            if fromRate { return value.multiplied(by: seconds).scaled(by: numerator, over: denominator) }
            return value.scaled(by: numerator, over: denominator).divided(by: max(seconds, 1))
        }

        /// `identity` in the target unit: its kind follows, and (DESIGN.md section 2: bandwidth is
        /// a rate of data, traffic a volume) its metric when a rate becomes an amount or back.
        public func identity(of identity: SeriesIdentity) -> SeriesIdentity {
            var out = identity
            out.unit = target.name
            out.kind = target.isRate ? .rate : .amount
            if needsDuration {
                if identity.metric == "bandwidth" && !target.isRate { out.metric = "traffic" }
                if identity.metric == "traffic" && target.isRate { out.metric = "bandwidth" }
            }
            return out
        }
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }
}
