import ArgumentParser
import UsageConvCore

/// The inputs of one run, loaded by the library's `Conversion`, with its diagnostics printed in
/// input order and its verdict turned into an exit status.
struct DecodedInputs {
    /// The series, merged across inputs, transformed, in output order.
    var series: [Series] = []
    /// Warnings to print (and to embed in JSON output).
    var warnings: [Diagnostic] = []
    /// Inputs that could not be converted.
    var failures: [Diagnostic] = []
    /// One entry per input, for the batch summary and `--report`.
    var entries: [BatchReport.Entry] = []

    /// The conversion these options describe.
    static func conversion(
        _ inputs: [BatchInput],
        decoding: DecodingOptions,
        transforms: TransformPlan = TransformPlan(),
        jobs: Int = 1,
        overlap: DuplicatePolicy = .last
    ) -> Conversion {
        Conversion(
            inputs: inputs,
            format: decoding.format,
            options: decoding.decodeOptions,
            strict: decoding.strict,
            overlap: overlap,
            transforms: transforms,
            jobs: jobs
        )
    }

    /// Decodes one input, as `convert` does for each file.
    static func decode(_ input: BatchInput, decoding: DecodingOptions) -> Conversion.Decoded {
        conversion([input], decoding: decoding).decode(input)
    }

    /// Decodes, merges and transforms every input, printing each failed input's diagnostics.
    ///
    /// - Throws: `ExitCode` when nothing can be written: every input failed, the merge or a
    ///   transform was refused, or `--strict` met a warning.
    static func load(
        _ inputs: [BatchInput],
        decoding: DecodingOptions,
        transforms: TransformPlan,
        jobs: Int,
        overlap: DuplicatePolicy,
        progress: ProgressLine? = nil
    ) throws -> DecodedInputs {
        let conversion = conversion(inputs, decoding: decoding, transforms: transforms, jobs: jobs, overlap: overlap)
        let loaded = conversion.load { bytes, failed in progress?.finished(bytes: bytes, failed: failed) }
        progress?.close()
        for (input, outcome) in loaded.decoded {
            guard let failure = outcome.failure else { continue }
            for warning in outcome.result?.warnings ?? [] { DiagnosticPrinter.print(warning) }
            guard outcome.result == nil else { continue }
            DiagnosticPrinter.print(failure)
            if failure.code == .unreadableInput,
                let name = DidYouMean.subcommand(
                    for: input.path,
                    among: UsageConvCommand.configuration.subcommands.map { $0._commandName }
                )
            {
                DiagnosticPrinter.printLine("usageconv: did you mean 'usageconv \(name)'?")
            }
        }
        for diagnostic in loaded.fatal { DiagnosticPrinter.print(diagnostic) }
        if loaded.nothingToWrite { throw ExitCode(loaded.exitCode(batch: false)) }
        return DecodedInputs(
            series: loaded.series,
            warnings: loaded.warnings,
            failures: loaded.failures,
            entries: loaded.entries
        )
    }
}
