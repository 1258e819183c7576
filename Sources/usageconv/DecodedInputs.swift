import ArgumentParser
import UsageConvCore

/// The inputs of one run, decoded (in parallel), merged and transformed; failures already printed.
struct DecodedInputs {
    /// The series, merged across inputs, transformed, in output order.
    var series: [Series] = []
    /// Warnings to print (and to embed in JSON output).
    var warnings: [Diagnostic] = []
    /// Inputs that could not be converted.
    var failures: [Diagnostic] = []
    /// One entry per input, for the batch summary and `--report`.
    var entries: [BatchReport.Entry] = []

    /// What decoding one input gave.
    struct Decoded: Sendable {
        var result: DecodeResult?
        var failure: Diagnostic?
        var bytes: Int64
    }

    /// Decodes one input, as `convert` does for each file.
    static func decode(_ input: BatchInput, decoding: DecodingOptions) -> Decoded {
        let bytes = input.entry.map { Int64(clamping: $0.compressedSize) } ?? FileByteSource.size(of: input.path) ?? 0
        do {
            var file: DecodeResult
            if let entry = input.entry {
                // An archive entry: the same decoding, named `archive.zip:entry` in every message.
                let name = entry.isUnsafe ? entry.displayName : entry.name
                do {
                    var result = try InputDecoding.decode(source: input.open(), format: decoding.format, options: decoding.decodeOptions)
                    result.warnings = result.warnings.map { $0.inFile(input.path, entry: name) }
                    file = result
                } catch let diagnostic as Diagnostic {
                    throw diagnostic.inFile(input.path, entry: name)
                }
            } else {
                file = try InputDecoding.decode(path: input.path, format: decoding.format, options: decoding.decodeOptions)
            }
            // A point farther from the rest than one API call spans: named now, before a fill meets it.
            let source = file.series.first?.identity.source ?? ""
            file.warnings += ConsistencyChecks.farPoints(file.series, source: source).map {
                $0.inFile(input.path, entry: input.entry?.name)
            }
            if decoding.strict, let first = file.warnings.first {
                return Decoded(
                    result: DecodeResult(series: [], warnings: file.warnings.map(\.asError)),
                    failure: first.asError,
                    bytes: bytes
                )
            }
            return Decoded(result: file, failure: nil, bytes: bytes)
        } catch let diagnostic as Diagnostic {
            return Decoded(result: nil, failure: diagnostic, bytes: bytes)
        } catch {
            return Decoded(result: nil, failure: .error(.unreadableInput, "\(error)", at: SourceLocation(file: input.path)), bytes: bytes)
        }
    }

    /// Decodes every input (`jobs` at a time), merges series that appear in several, and applies
    /// `transforms`.
    ///
    /// Dumps are merged in the order of their own latest time, then path, so with `--on-overlap
    /// last` the later-fetched dump wins wherever archived windows overlap, whatever order the
    /// folder listed them in.
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
        var result = DecodedInputs()
        let decoded = parallelMap(count: inputs.count, lanes: jobs) { index in
            let outcome = decode(inputs[index], decoding: decoding)
            progress?.finished(bytes: outcome.bytes, failed: outcome.failure != nil)
            return outcome
        }
        progress?.close()
        var parts: [(latest: Int64, path: String, series: [Series])] = []
        for (input, outcome) in zip(inputs, decoded) {
            let points = outcome.result?.series.reduce(0) { $0 + $1.count } ?? 0
            if let failure = outcome.failure {
                for warning in outcome.result?.warnings ?? [] { DiagnosticPrinter.print(warning) }
                if outcome.result == nil {
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
                result.failures.append(failure)
                result.entries.append(.init(input: input.shown, status: .failed, error: failure, bytes: outcome.bytes))
                continue
            }
            guard let file = outcome.result else { continue }
            result.warnings += file.warnings
            result.entries.append(
                .init(input: input.path, status: .converted, warnings: file.warnings, bytes: outcome.bytes, points: points)
            )
            let latest = file.series.compactMap(\.times.last).max() ?? Int64.min
            // Each series remembers its dump, so an --on-overlap error can name both files.
            let entry = input.entry.map { $0.isUnsafe ? $0.displayName : $0.name }
            let located = file.series.map { series in
                var series = series
                series.origin = (series.origin ?? SourceLocation()).inFile(input.path, entry: entry)
                return series
            }
            parts.append((latest, input.path, located))
        }
        if result.failures.count == inputs.count && !inputs.isEmpty {
            throw ExitCode(exitCode(for: result.failures))
        }
        parts.sort { a, b in a.latest != b.latest ? a.latest < b.latest : a.path.utf8.lexicographicallyPrecedes(b.path.utf8) }
        do {
            let merged = try SeriesMerger.merge(parts.flatMap(\.series), duplicates: overlap)
            let transformed = try transforms.apply(to: merged.series)
            let late = merged.warnings + transformed.warnings
            if decoding.strict && !late.isEmpty {
                for warning in late { DiagnosticPrinter.print(warning.asError) }
                throw ExitCode(65)
            }
            result.series = transformed.series
            result.warnings += late
        } catch let diagnostic as Diagnostic {
            DiagnosticPrinter.print(diagnostic)
            throw ExitCode(diagnostic.exitCode)
        }
        return result
    }

    /// The exit code for a batch run (many inputs) with these failures: output trouble (74, 73),
    /// else 65 for any input that failed, missing ones included (the rest were converted).
    static func batchExitCode(for failures: [Diagnostic]) -> Int32 {
        let codes = Set(failures.map(\.exitCode))
        for code: Int32 in [74, 73] where codes.contains(code) { return code }
        return 65
    }

    /// The exit code for a run with these failures: output trouble (74, 73) and bad data (65)
    /// outrank missing inputs (66).
    static func exitCode(for failures: [Diagnostic]) -> Int32 {
        let codes = Set(failures.map(\.exitCode))
        for code: Int32 in [74, 73, 65] where codes.contains(code) { return code }
        return codes.sorted().first ?? 65
    }
}
