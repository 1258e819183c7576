/// The unit a chart's y axis is labelled in: the series' unit family with the SI prefix that
/// suits the largest value (`Mbit/s`, `GB`), so tick labels stay short.
public struct ChartUnit: Sendable, Hashable {
    /// The name on the axis and in the legend (`Mbit/s`, `GB`, `k requests`, `USD`).
    public var name: String
    /// Multiplies a value in base units (bits, bytes, or the unit itself) into display units.
    var perBase: Double

    /// The family series share a panel in: data units by base and rate (`bit/s`, `B`), any other
    /// unit by its name.
    public static func family(of unit: String) -> String {
        guard let data = DataUnit(unit) else { return unit }
        return base(of: data) + (data.isRate ? "/s" : "")
    }

    /// How many base units (bits or bytes) one `unit` is; 1 for a unit that is not data.
    public static func baseFactor(of unit: String) -> Double {
        guard let data = DataUnit(unit) else { return 1 }
        return Double(data.bits) / (base(of: data) == "bit" ? 1 : 8)
    }

    /// Bits stay bits and bytes stay bytes: `bit/s` data is never shown as `B/s`.
    static func base(of unit: DataUnit) -> String {
        unit.name.contains("bit") ? "bit" : "B"
    }

    /// The display unit for a family whose largest magnitude, in base units, is `largest`.
    public static func choose(family: String, largest: Double) -> ChartUnit {
        let prefixes = ["", "k", "M", "G", "T", "P", "E"]
        var index = 0
        var scale = 1.0
        while index + 1 < prefixes.count && largest >= scale * 1000 {
            scale *= 1000
            index += 1
        }
        let prefix = prefixes[index]
        if DataUnit(family) != nil {
            return ChartUnit(name: prefix + family, perBase: 1 / scale)
        }
        // Counts and money: the SI prefix as a word before the unit (`k requests`, `M USD`). A
        // provider's own unit (`onapp:memory`, already in its own scale) is never prefixed.
        if prefix.isEmpty || family.contains(":") { return ChartUnit(name: family, perBase: 1) }
        return ChartUnit(name: family.isEmpty ? prefix : prefix + " " + family, perBase: 1 / scale)
    }

    /// `value` (in base units) in this unit, with `digits` significant digits and the unit name.
    public func format(base value: Double, digits: Int = 4) -> String {
        ChartNumber.significant(value * perBase, digits: digits) + (name.isEmpty ? "" : " " + name)
    }
}
