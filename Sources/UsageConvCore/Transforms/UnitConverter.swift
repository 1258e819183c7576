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
        duration: (Int64) -> Int64
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
        var out = series
        out.identity.unit = to.name
        out.identity.kind = to.isRate ? .rate : .amount
        let needsDuration = from.isRate != to.isRate
        let divisor = gcd(from.bits, to.bits)
        let numerator = from.bits / divisor
        let denominator = to.bits / divisor
        for i in 0..<series.count {
            let value = series.values[i]
            if !needsDuration {
                out.values[i] = value.scaled(by: numerator, over: denominator)
            } else if from.isRate {
                // A rate over the point's seconds accrues an amount.
                out.values[i] = value.multiplied(by: duration(series.times[i])).scaled(by: numerator, over: denominator)
            } else {
                let seconds = duration(series.times[i])
                out.values[i] = value.scaled(by: numerator, over: denominator).divided(by: max(seconds, 1))
            }
        }
        // DESIGN.md section 2: bandwidth is a rate of data, traffic a volume.
        if needsDuration {
            if identity.metric == "bandwidth" && !to.isRate { out.identity.metric = "traffic" }
            if identity.metric == "traffic" && to.isRate { out.identity.metric = "bandwidth" }
        }
        return .converted(out)
    }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }
}
