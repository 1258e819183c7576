/// A unit of data volume or data rate, as `--unit` and the decoders name them.
///
/// SI prefixes are powers of 1000 (`kB`, `MB`, `Mbit/s`), IEC prefixes powers of 1024 (`KiB`,
/// `GiB`). `KB` (OnApp's kilobytes of `data_sent`/`data_received`) is 1000 bytes, as OnApp's own
/// formula "(KB per hour)/3600 × 0.008 = Mbps" implies; write `KiB` for 1024.
public struct DataUnit: Sendable, Hashable, CustomStringConvertible {
    /// How many bits one unit holds (for rates: per second).
    public let bits: Int64
    /// Whether the unit is per second.
    public let isRate: Bool
    /// The canonical name written to outputs (`MB`, `Mbit/s`).
    public let name: String

    private init(bits: Int64, isRate: Bool, name: String) {
        self.bits = bits
        self.isRate = isRate
        self.name = name
    }

    /// The unit named `text` (canonical names and aliases such as `bps`, `Mbps`, `bytes`), or `nil`.
    public init?(_ text: String) {
        if let alias = DataUnit.aliases[text] {
            self = alias
            return
        }
        self.init(canonical: text)
    }

    /// Parses a canonical name only (the alias table is built from these).
    private init?(canonical text: String) {
        var base = Substring(text)
        var isRate = false
        if base.hasSuffix("/s") {
            base = base.dropLast(2)
            isRate = true
        }
        guard let bits = DataUnit.volumes[String(base)] else { return nil }
        self.init(bits: bits, isRate: isRate, name: isRate ? "\(base)/s" : String(base))
    }

    /// The canonical name.
    public var description: String { name }

    /// The same data unit without `/s` (what a rate accrues to over time).
    public var amount: DataUnit { DataUnit(bits: bits, isRate: false, name: isRate ? String(name.dropLast(2)) : name) }

    /// Volume units by canonical name, in bits.
    static let volumes: [String: Int64] = [
        "bit": 1, "kbit": 1_000, "Mbit": 1_000_000, "Gbit": 1_000_000_000, "Tbit": 1_000_000_000_000,
        "B": 8, "kB": 8_000, "MB": 8_000_000, "GB": 8_000_000_000, "TB": 8_000_000_000_000,
        "PB": 8_000_000_000_000_000, "KB": 8_000,
        "KiB": 8 * 1024, "MiB": 8 << 20, "GiB": 8 << 30, "TiB": 8 << 40, "PiB": 8 << 50,
    ]

    /// Common spellings mapped to canonical units.
    static let aliases: [String: DataUnit] = {
        var table: [String: DataUnit] = [:]
        let pairs: [(String, String)] = [
            ("bps", "bit/s"), ("kbps", "kbit/s"), ("Kbps", "kbit/s"), ("Mbps", "Mbit/s"), ("Gbps", "Gbit/s"),
            ("Tbps", "Tbit/s"), ("bytes", "B"), ("byte", "B"), ("bits", "bit"), ("bytes/s", "B/s"),
            ("bit/sec", "bit/s"), ("Kbit", "kbit"), ("Kbit/s", "kbit/s"),
        ]
        for (alias, canonical) in pairs {
            if let unit = DataUnit(canonical: canonical) { table[alias] = unit }
        }
        return table
    }()

    /// Every name `init?(_:)` accepts: canonical volumes and rates, and the aliases.
    static var allNames: [String] {
        volumes.keys.sorted() + volumes.keys.sorted().map { $0 + "/s" } + aliases.keys.sorted()
    }

    /// Every canonical volume name, small to large, for messages and `--help`.
    public static let volumeNames = [
        "bit", "kbit", "Mbit", "Gbit", "Tbit", "B", "kB", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB",
    ]
}

/// Whether a unit names money: an ISO 4217 code (`USD`, `CNY`, `XXX` for "no currency").
enum CurrencyCode {
    static func isCurrency(_ unit: String) -> Bool {
        unit.utf8.count == 3 && unit.utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }
}
