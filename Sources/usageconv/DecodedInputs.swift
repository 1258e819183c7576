import ArgumentParser
import UsageConvCore

/// The inputs of one run, decoded, merged and transformed; failures already printed.
struct DecodedInputs {
    /// The series, merged across inputs, transformed, in output order.
    var series: [Series] = []
    /// Warnings to print (and to embed in JSON output).
    var warnings: [Diagnostic] = []
    /// Inputs that could not be converted.
    var failures: [Diagnostic] = []

    /// Decodes every input, merges series that appear in several, and applies `transforms`.
    ///
    /// - Throws: `ExitCode` when nothing can be written: every input failed, the merge or a
    ///   transform was refused, or `--strict` met a warning.
    static func load(_ inputs: [String], decoding: DecodingOptions, transforms: TransformPlan) throws -> DecodedInputs {
        var result = DecodedInputs()
        var decoded: [Series] = []
        let options = decoding.decodeOptions
        for path in inputs {
            do {
                let file = try InputDecoding.decode(path: path, format: decoding.format, options: options)
                if decoding.strict && !file.warnings.isEmpty {
                    for warning in file.warnings { DiagnosticPrinter.print(warning.asError) }
                    result.failures.append(file.warnings[0].asError)
                    continue
                }
                decoded += file.series
                result.warnings += file.warnings
            } catch let diagnostic as Diagnostic {
                DiagnosticPrinter.print(diagnostic)
                if diagnostic.code == .unreadableInput,
                    let name = DidYouMean.subcommand(
                        for: path,
                        among: UsageConvCommand.configuration.subcommands.map { $0._commandName }
                    )
                {
                    DiagnosticPrinter.printLine("usageconv: did you mean 'usageconv \(name)'?")
                }
                result.failures.append(diagnostic)
            }
        }
        if result.failures.count == inputs.count { throw ExitCode(exitCode(for: result.failures)) }
        do {
            let merged = try SeriesMerger.merge(decoded, duplicates: decoding.onDuplicate)
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

    /// The exit code for a run with these failures: bad data (65) outranks missing inputs (66).
    static func exitCode(for failures: [Diagnostic]) -> Int32 {
        let codes = Set(failures.map(\.exitCode))
        if codes.contains(65) { return 65 }
        return codes.sorted().first ?? 65
    }
}
