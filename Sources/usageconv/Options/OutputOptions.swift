import ArgumentParser
import UsageConvCore

/// Flags that say what is written where.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("to"), help: "Output format. Example: --to json")
    var to: OutputFormat = .csv

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp(
            "Write to this file (atomically: complete or not at all) instead of standard output. Example: -o usage.csv",
            valueName: "file"
        )
    )
    var output: String?

    @Option(
        help: ArgumentHelp(
            "Write times as ISO 8601 UTC or Unix seconds (default: iso for csv/tsv/ndjson, epoch for json). Example: --time epoch",
            valueName: "iso|epoch"
        )
    )
    var time: TimeFormat?

    @Option(
        help: ArgumentHelp(
            "Write --to influx timestamps in this unit (default: s); /write?precision= must say the same (InfluxDB 1.x spells us as u). Example: --influx-precision ms",
            valueName: "s|ms|us|ns"
        )
    )
    var influxPrecision: InfluxPrecision?

    func validate() throws {
        if influxPrecision != nil && to != .influx {
            throw ValidationError("--influx-precision applies to --to influx only")
        }
        if time != nil && (to == .openmetrics || to == .influx) {
            throw ValidationError("--time does not apply to --to \(to.rawValue): its timestamps are Unix time by definition")
        }
    }

    /// The library options these flags describe.
    var encodeOptions: EncodeOptions {
        var options = EncodeOptions()
        options.time = time
        options.influxPrecision = influxPrecision ?? .s
        return options
    }
}
