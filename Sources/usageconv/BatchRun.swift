import ArgumentParser
import Glibc
import UsageConvCore

/// `usageconv INPUTS... -o DIR/`: one output per input, mirroring the input tree, converted in
/// parallel, each written atomically.
struct BatchRun {
    let decoding: DecodingOptions
    let plan: TransformPlan
    let output: OutputOptions
    let batch: BatchOptions
    /// The `--rates` rate card for `--to focus`.
    var rateCard: RateCard? = nil

    /// The processors this machine has.
    static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Whether `-o` names a folder: it ends with `/` or is an existing directory.
    static func isFolderTarget(_ path: String) -> Bool {
        path != "-" && (path.hasSuffix("/") || DirectoryWalker.isDirectory(path))
    }

    /// Converts each input into its own file under `folder`, printing each input's diagnostics.
    func mirror(_ inputs: [BatchInput], into folder: String, started: Double) throws {
        let conversion = DecodedInputs.conversion(
            inputs,
            decoding: decoding,
            transforms: plan,
            jobs: batch.jobs ?? Self.cores,
            overlap: batch.onOverlap
        )
        let progress = ProgressLine(total: inputs.count, enabled: batch.progress)
        let mirrored: Conversion.Mirrored
        do {
            mirrored = try conversion.mirror(
                into: folder,
                as: output.to,
                options: output.encodeOptions(zone: plan.zone, rateCard: rateCard),
                skipExisting: batch.skipExisting
            ) { bytes, failed in progress.finished(bytes: bytes, failed: failed) }
        } catch {
            DiagnosticPrinter.print(error)
            throw ExitCode(73)
        }
        progress.close()
        let stale = mirrored.removedTemporaryFiles.count
        if stale > 0 {
            DiagnosticPrinter.printLine(
                "usageconv: \(folder): removed \(stale) temporary file\(stale == 1 ? "" : "s") left by an interrupted run"
            )
        }
        for entry in mirrored.entries {
            if let error = entry.error { DiagnosticPrinter.print(error) }
            for warning in entry.warnings { DiagnosticPrinter.print(warning) }
        }
        let report = BatchReport(entries: mirrored.entries, seconds: ProgressLine.now() - started)
        try Self.finish(report, reportPath: batch.report)
        if !mirrored.failures.isEmpty { throw ExitCode(Conversion.batchExitCode(for: mirrored.failures)) }
    }

    /// `12 points added, 0 replaced, 3 unchanged, 0 kept`: what a SQLite load did.
    static func summary(_ counts: SQLiteLoader.Counts) -> String {
        "\(counts.added) points added, \(counts.replaced) replaced, \(counts.unchanged) already there, \(counts.kept) kept as the database had them"
    }

    /// Prints the summary line and writes `--report`.
    static func finish(_ report: BatchReport, reportPath: String?) throws {
        DiagnosticPrinter.printLine("usageconv: " + report.summary)
        guard let reportPath else { return }
        do {
            let file = try AtomicFile(path: reportPath)
            try file.sink.write(report.json[...])
            try file.commit()
        } catch let diagnostic as Diagnostic {
            DiagnosticPrinter.print(diagnostic)
            throw ExitCode(diagnostic.exitCode)
        }
    }
}
