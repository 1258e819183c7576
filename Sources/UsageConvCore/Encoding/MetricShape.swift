/// How a series appears in a time-series database (`--to openmetrics`, `--to influx`): the
/// measurement it belongs to, the cost item it is, its base unit, and the factor to that unit.
///
/// Both databases aggregate across series of one metric (`sum by (source)`, `GROUP BY`), which is
/// only right when every series of the metric is in one unit. So values are written in base units,
/// as Prometheus' naming conventions ask (https://prometheus.io/docs/practices/naming/: "use base
/// units (e.g. seconds, bytes)"): data amounts in bytes, data rates in bytes per second (Baishan's
/// bit/s divided by 8, OnApp's KB times 1000), money in its currency, other units as they are.
struct MetricShape: Sendable, Hashable {
    /// The base unit a series is written in.
    enum BaseUnit: Sendable, Hashable {
        /// Bytes accrued within the interval.
        case bytes
        /// Mean bytes per second over the interval.
        case bytesPerSecond
        /// Money in an ISO 4217 currency.
        case currency(String)
        /// A unit this tool cannot convert (`count`, `onapp:cpus`), kept as the dump has it.
        case other(String)

        /// The unit's name in outputs (`B`, `B/s`, `USD`, `count`).
        var name: String {
            switch self {
            case .bytes: "B"
            case .bytesPerSecond: "B/s"
            case .currency(let code): code
            case .other(let unit): unit
            }
        }
    }

    /// The metric without an item: `cost` for OnApp's `cost.total`, else the series' metric.
    let measurement: String
    /// What `cost.<item>` names (`total`, `usage`, `cpus`), or `nil`.
    let item: String?
    /// The unit values are written in.
    let unit: BaseUnit
    /// Whether the series is a rate (a level over each interval) rather than an amount.
    let isRate: Bool
    /// The factor from the series' unit to the base unit, `numerator / denominator` (bits per unit over 8).
    private let numerator: Int64
    private let denominator: Int64

    /// The shape of series with `identity`.
    init(_ identity: SeriesIdentity) {
        // OnApp's cost components (`cost.total`, `cost.usage`, `cost.cpus`, ...) are one
        // measurement with the component as a label: `sum` over them would count totals twice,
        // and a label says so where a family per component would hide it.
        let metric = identity.metric
        if metric.hasPrefix("cost."), metric.utf8.count > 5 {
            measurement = "cost"
            item = String(metric.dropFirst(5))
        } else {
            measurement = metric
            item = nil
        }
        if let data = DataUnit(identity.unit) {
            unit = data.isRate ? .bytesPerSecond : .bytes
            isRate = data.isRate
            let g = UnitConverter.gcd(data.bits, 8)
            numerator = data.bits / g
            denominator = 8 / g
        } else {
            unit = CurrencyCode.isCurrency(identity.unit) ? .currency(identity.unit) : .other(identity.unit)
            isRate = identity.kind == .rate
            numerator = 1
            denominator = 1
        }
    }

    /// `value` in the base unit: exact for decimals (the factors are powers of 2 and 10).
    func base(_ value: Number) -> Number {
        numerator == denominator ? value : value.scaled(by: numerator, over: denominator)
    }
}

extension Number {
    /// Whether the value is a finite number (decimals always are; a `Double` may have overflowed).
    var isFinite: Bool {
        if case .binary(let d) = storage { return d.isFinite }
        return true
    }
}
