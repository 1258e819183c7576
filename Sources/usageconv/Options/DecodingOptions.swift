import ArgumentParser
import UsageConvCore

/// Flags every command that reads dumps shares (`convert`, `stats`, `plot`, `report`, `validate`):
/// which decoder, how far gzip may inflate, and whether warnings fail.
struct InputOptions: ParsableArguments {
    @Option(
        name: .customLong("format"),
        help: ArgumentHelp(
            "Force the input decoder instead of detecting it from content. Example: --format baishan",
            discussion: "Decoders: \(DecoderRegistry.names.joined(separator: ", ")) (see 'usageconv formats').",
            valueName: "name"
        )
    )
    var format: String?

    @Flag(help: "Treat every warning as an error: exit 65 (and, when converting, write nothing). Example: --strict")
    var strict = false

    @Option(
        name: .customLong("max-expanded-size"),
        help: ArgumentHelp(
            "The most bytes a gzip-compressed input may inflate to (default 1G); more fails as a possible gzip bomb. Example: --max-expanded-size 4G",
            valueName: "bytes"
        )
    )
    var maxExpandedSize: ByteCount?

    /// `--max-expanded-size` in bytes, or the default bound.
    var maxExpandedSizeBytes: Int64 { maxExpandedSize?.bytes ?? GzipByteSource.defaultLimit }

    func validate() throws {
        if let format, DecoderRegistry.decoder(named: format) == nil {
            throw ValidationError("Unknown --format '\(format)'. Expected one of: \(DecoderRegistry.names.joined(separator: ", ")).")
        }
    }
}

/// Flags that say how inputs are read.
struct DecodingOptions: ParsableArguments {
    /// `--format`, `--strict` and `--max-expanded-size`, which `validate` takes too.
    @OptionGroup var input: InputOptions

    /// The decoder `--format` forces, or `nil` to detect each input's.
    var format: String? { input.format }

    /// Whether `--strict` turns warnings into errors.
    var strict: Bool { input.strict }

    @Flag(help: "Accept documented defects (comments in JSON) with one warning each. Example: --lenient")
    var lenient = false

    @Option(
        name: .customLong("on-duplicate"),
        help: ArgumentHelp(
            "Resolve two different values at one time in one series. Example: --on-duplicate error",
            valueName: DuplicatePolicy.choices
        )
    )
    var onDuplicate: DuplicatePolicy = .last

    @Option(
        help: ArgumentHelp(
            "Name the resource when the dump has none (Baishan: default 'all'; SwiftFederation customer dumps: default 'customer'). Example: --resource cdn.example.com",
            valueName: "name"
        )
    )
    var resource: String?

    @Option(
        help: ArgumentHelp(
            "What a Baishan or flat SwiftFederation dump holds: bandwidth (bit/s) or traffic (bytes). Example: --metric traffic",
            valueName: "bandwidth|traffic"
        )
    )
    var metric: String?

    @Option(
        help: ArgumentHelp(
            "Time each point covers, instead of inferring it from the spacing: seconds, or a duration as --resample takes it (Ns, Nm, Nh, Nd, Nw). Example: --step 5m",
            valueName: "duration"
        )
    )
    var step: String?

    /// `--step` in seconds (`5m` is 300, `3600` is 3600); `nil` when absent or not a fixed length.
    var stepSeconds: Int64? {
        guard let step, let interval = CalendarInterval(parsing: step), interval.unit != .months else { return nil }
        return interval.nominalSeconds
    }

    @Option(help: "Whether times label interval starts or ends (Baishan stat_is_forward=1 is end). Example: --label end")
    var label: DecodeOptions.Label = .start

    @Option(
        name: .customLong("assume-unit"),
        help: ArgumentHelp(
            "The unit of samples whose dump does not state it (InterServer: B/s unless fetched with metric=bits). Example: --assume-unit bit/s",
            valueName: "B/s|bit/s"
        )
    )
    var assumeUnit: String?

    func validate() throws {
        if let assumeUnit, !["B/s", "bit/s"].contains(assumeUnit) {
            throw ValidationError("--assume-unit must be 'B/s' or 'bit/s', not '\(assumeUnit)'.")
        }
        if let metric, metric != "bandwidth" && metric != "traffic" {
            throw ValidationError("--metric must be 'bandwidth' or 'traffic', not '\(metric)'.")
        }
        if let step, stepSeconds == nil {
            throw ValidationError("--step expects seconds or a duration like 300, 90s, 5m, 1h or 1d, found '\(step)'")
        }
        if lenient && strict {
            throw ValidationError(
                "--lenient and --strict contradict each other: lenient accepts defects with warnings, strict rejects warnings."
            )
        }
    }

    /// The library options these flags describe.
    var decodeOptions: DecodeOptions {
        var options = DecodeOptions()
        options.lenient = lenient
        options.duplicates = onDuplicate
        options.resource = resource
        options.metric = metric
        options.step = stepSeconds
        options.label = label
        options.assumedUnit = assumeUnit
        options.maxExpandedSize = input.maxExpandedSizeBytes
        return options
    }

    /// The library's pipeline over `inputs` with these flags (`--strict`, `--format`, decoder
    /// settings), the transform plan, `jobs` inputs at a time (default: every core) and the
    /// `--on-overlap` policy.
    func conversion(
        _ inputs: [BatchInput],
        transforms: TransformPlan,
        jobs: Int? = nil,
        overlap: DuplicatePolicy = .last
    ) -> Conversion {
        Conversion(
            inputs: inputs,
            format: format,
            options: decodeOptions,
            strict: strict,
            overlap: overlap,
            transforms: transforms,
            jobs: jobs ?? Conversion.processorCount
        )
    }

    /// Runs the library's pipeline over `inputs` into `output` (`stats`, `plot`, `report`),
    /// printing its events, and ends the run with its exit code unless it succeeded.
    func run(_ inputs: [BatchInput], transforms: TransformPlan, to output: Conversion.Output, writing content: Conversion.Content) throws {
        let status = conversion(inputs, transforms: transforms).run(to: output, writing: content) { DiagnosticPrinter.show($0) }
        if status != 0 { throw ExitCode(status) }
    }
}
