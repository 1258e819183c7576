/// How times are written.
public enum TimeFormat: String, Sendable, Hashable, CaseIterable {
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    case iso
    /// Unix seconds.
    case epoch
}

/// Options for encoders.
public struct EncodeOptions: Sendable, Hashable {
    /// The time format; `nil` means the format's default (ISO for tables, epoch for columnar JSON).
    public var time: TimeFormat? = nil
    /// The unit of `--to influx` timestamps.
    public var influxPrecision: InfluxPrecision = .s

    /// The defaults.
    public init() {}
}
