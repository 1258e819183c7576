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

    /// The library options these flags describe.
    var encodeOptions: EncodeOptions {
        var options = EncodeOptions()
        options.time = time
        return options
    }
}
