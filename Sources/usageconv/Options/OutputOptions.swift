import ArgumentParser
import UsageConvCore

/// Flags that say what is written where.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .customLong("to"),
        help: "Output format (sqlite: a database file, created or appended to, needs -o FILE.db). Example: --to json"
    )
    var to: OutputFormat = .csv

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Write to this file (atomically: complete or not at all) instead of standard output; standard output "
                + "redirected to a file is cut back if the run fails or is interrupted. Example: -o usage.csv",
            valueName: "file"
        )
    )
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Write times as ISO 8601 UTC, Unix seconds, or ISO 8601 in the --tz zone with its offset (2017-08-20T00:00:00+05:30; JSON too) (default: iso for csv/tsv/ndjson, epoch for json). Example: --time local --tz Asia/Kolkata",
            valueName: TimeFormat.choices
        )
    )
    var time: TimeFormat?

    @Option(
        help: ArgumentHelp(
            "Write --to influx timestamps in this unit (default: s); /write?precision= must say the same (InfluxDB 1.x spells us as u). Example: --influx-precision ms",
            valueName: InfluxPrecision.choices
        )
    )
    var influxPrecision: InfluxPrecision?

    /// `--rates`, which `report` takes too.
    @OptionGroup var rateCard: RateCardOptions

    /// The `--rates` file, or `nil`.
    var rates: String? { rateCard.rates }

    func validate() throws {
        if rates != nil && to != .focus {
            throw ValidationError("--rates prices usage for --to focus only")
        }
        if influxPrecision != nil && to != .influx {
            throw ValidationError("--influx-precision applies to --to influx only")
        }
        if to == .focus, let output, output.lowercased().hasSuffix(".parquet") {
            throw ValidationError("--to focus writes CSV rows (FOCUS in Parquet is not supported): name the output .csv, not \(output)")
        }
        if time != nil && to == .focus {
            throw ValidationError("--time does not apply to --to focus: FOCUS times are ISO 8601 UTC by definition")
        }
        if time != nil && (to == .openmetrics || to == .influx) {
            throw ValidationError("--time does not apply to --to \(to.rawValue): its timestamps are Unix time by definition")
        }
        if time != nil && to == .parquet {
            throw ValidationError(
                "--time does not apply to --to parquet: time is a TIMESTAMP column (UTC, microseconds) that readers show in their own zone"
            )
        }
        if time != nil && to == .sqlite {
            throw ValidationError("--time does not apply to --to sqlite: points hold Unix seconds and the usage view shows ISO 8601 UTC")
        }
        if partitionBy != nil {
            _ = try partitionKeys()
            if to != .parquet {
                throw ValidationError("--partition-by writes a Parquet dataset: add --to parquet (and -o DIR/).")
            }
        }
    }

    @Option(
        name: .customLong("parquet-compression"),
        help: ArgumentHelp(
            "With --to parquet: compress pages with zstd (default) or not at all. Example: --parquet-compression none",
            valueName: ParquetCompression.choices
        )
    )
    var parquetCompression: ParquetCompression = .zstd

    @Option(
        name: .customLong("partition-by"),
        help: ArgumentHelp(
            "With --to parquet -o DIR/: write one Hive-partitioned dataset of every input, a folder level per key (source, resource, month, day; month and day in UTC, or in --tz), as in DIR/source=baishan/month=2025-03/ holding part-K-of-N-HASH.parquet; with --shard K/N a run writes and replaces only shard K's files, so N runs on N machines fill one tree. Example: --partition-by source,month",
            valueName: "keys"
        )
    )
    var partitionBy: String?

    /// `--partition-by` as keys, `nil` when not given.
    ///
    /// - Throws: `ValidationError` (exit 64) for an unknown, empty or repeated key.
    func partitionKeys() throws -> [PartitionKey]? {
        guard let partitionBy else { return nil }
        do {
            return try PartitionKey.list(partitionBy)
        } catch let diagnostic as Diagnostic {
            throw ValidationError(diagnostic.message + ".")
        }
    }

    /// The `--rates` rate card, read once before any input is decoded; a bad one ends the run.
    func loadRateCardOrExit() throws -> RateCard? { try rateCard.loadOrExit() }

    /// The library options these flags describe, `--time local` writing in `zone` (`--tz`), which
    /// is also the zone of `--to focus` billing months.
    func encodeOptions(zone: ZoneRules, rateCard: RateCard? = nil) -> EncodeOptions {
        var options = EncodeOptions()
        options.focus = FocusOptions(rateCard: rateCard, zone: zone)
        options.time = time
        options.influxPrecision = influxPrecision ?? .s
        options.zone = zone
        options.parquetCompression = parquetCompression
        return options
    }
}
