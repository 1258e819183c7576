/// How times are written.
public enum TimeFormat: String, Sendable, Hashable, CaseIterable {
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    case iso
    /// Unix seconds.
    case epoch
    /// `YYYY-MM-DDTHH:MM:SS+05:30`: the wall time in `EncodeOptions.zone` with that zone's offset
    /// at the instant (ISO 8601 / RFC 3339), so local days read as local days.
    case local
}

/// Options for encoders.
public struct EncodeOptions: Sendable, Hashable {
    /// The time format; `nil` means the format's default (ISO for tables, epoch for columnar JSON).
    public var time: TimeFormat? = nil
    /// The unit of `--to influx` timestamps.
    public var influxPrecision: InfluxPrecision = .s
    /// The zone `.local` times are written in (`--tz`).
    public var zone: ZoneRules = .utc
    /// Parquet page compression.
    public var parquetCompression: ParquetCompression = .zstd
    /// The most rows in one Parquet row group (the encoder's memory bound).
    public var parquetRowGroupRows: Int = 1 << 20
    /// `--to focus`: the rate card and the zone of the billing months.
    public var focus = FocusOptions()

    /// The defaults.
    public init() {}
}
