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

    /// Converts each input into its own file under `folder`.
    func mirror(_ inputs: [BatchInput], into folder: String, started: Double) throws {
        // Plan every output first: two inputs may not write one file, and no output may be an input.
        var owners: [[UInt8]: String] = [:]  // by bytes: NFC and NFD names are different files
        var planned: [(input: BatchInput, target: String, conflict: Diagnostic?)] = []
        let inputIdentities = Set(inputs.compactMap { FileIdentity(path: $0.path) })
        for input in inputs {
            let target = input.mirroredPath(under: folder, ext: output.to.fileExtension)
            var conflict: Diagnostic? = nil
            if PathText.components(input.relative).contains("..") {
                // Only a glob with `..` after a wildcard names an input this way; its output
                // would land outside DIR, which no output may.
                conflict = .error(
                    .usage,
                    "its output would be outside \(folder) (its name below the pattern's root has '..'): name it without '..'",
                    at: SourceLocation(file: input.shown)
                )
            } else if let owner = owners[FileName.bytes(target)] {
                conflict = .error(
                    .usage,
                    "its output \(target) is already written for \(owner): rename one of them",
                    at: SourceLocation(file: input.shown)
                )
            } else if let identity = FileIdentity(path: target), inputIdentities.contains(identity) {
                conflict = .error(
                    .usage,
                    "its output \(target) is an input: an output may never overwrite an input",
                    at: SourceLocation(file: input.shown)
                )
            } else {
                owners[FileName.bytes(target)] = input.shown
            }
            planned.append((input, target, conflict))
        }
        if DirectoryWalker.isDirectory(folder) {
            // A run killed with SIGKILL left its temp files: remove those no live process owns.
            let stale = TemporaryFiles.removeStale(under: folder)
            if !stale.isEmpty {
                DiagnosticPrinter.printLine(
                    "usageconv: \(folder): removed \(stale.count) temporary file\(stale.count == 1 ? "" : "s") left by an interrupted run"
                )
            }
        } else {
            if let failure = Self.makeFolders(folder) {
                DiagnosticPrinter.print(failure)
                throw ExitCode(73)
            }
        }
        let progress = ProgressLine(total: inputs.count, enabled: batch.progress)
        let work = planned
        let entries = parallelMap(count: work.count, lanes: batch.jobs ?? Self.cores) { index in
            let entry = convert(work[index].input, to: work[index].target, conflict: work[index].conflict)
            progress.finished(bytes: entry.bytes, failed: entry.status == .failed)
            return entry
        }
        progress.close()
        for entry in entries {
            if let error = entry.error { DiagnosticPrinter.print(error) }
            for warning in entry.warnings { DiagnosticPrinter.print(warning) }
        }
        let report = BatchReport(entries: entries, seconds: ProgressLine.now() - started)
        try Self.finish(report, reportPath: batch.report)
        let failures = entries.compactMap(\.error)
        if !failures.isEmpty { throw ExitCode(Conversion.batchExitCode(for: failures)) }
    }

    /// One input to one output file; never throws (the outcome is the entry).
    func convert(_ input: BatchInput, to target: String, conflict: Diagnostic?) -> BatchReport.Entry {
        let bytes = input.entry.map { Int64(clamping: $0.compressedSize) } ?? FileByteSource.size(of: input.path) ?? 0
        let name = input.shown
        if let conflict { return .init(input: name, status: .failed, error: conflict, bytes: bytes) }
        if batch.skipExisting, let written = FileByteSource.modificationTime(of: target),
            let source = FileByteSource.modificationTime(of: input.path), written >= source
        {
            return .init(input: name, output: target, status: .skipped)
        }
        let decoded = DecodedInputs.decode(input, decoding: decoding)
        guard let result = decoded.result, decoded.failure == nil else {
            let failure = decoded.failure ?? .error(.unreadableInput, "not converted", at: SourceLocation(file: name))
            return .init(input: name, status: .failed, error: failure, warnings: decoded.result?.warnings ?? [], bytes: bytes)
        }
        do {
            let merged = try SeriesMerger.merge(result.series, duplicates: batch.onOverlap)
            let transformed = try plan.apply(to: merged.series)
            let warnings = result.warnings + merged.warnings + transformed.warnings
            if decoding.strict, let first = warnings.first {
                return .init(input: name, status: .failed, error: first.asError, bytes: bytes)
            }
            if let parent = PathText.parent(target), let failure = Self.makeFolders(parent) {
                return .init(input: name, status: .failed, error: failure, warnings: warnings, bytes: bytes)
            }
            if output.to.isDatabase {
                let database = try SQLiteLoader(path: target)
                _ = try database.load(transformed.series, overlap: batch.onOverlap)
                try database.commit()
            } else {
                let file = try AtomicFile(path: target)
                let encoder = output.to.encoder(options: output.encodeOptions(zone: plan.zone, rateCard: rateCard))
                try encoder.encode(transformed.series, warnings: warnings, to: file.sink)
                try file.commit()
            }
            let points = transformed.series.reduce(0) { $0 + $1.count }
            return .init(input: name, output: target, status: .converted, warnings: warnings, bytes: bytes, points: points)
        } catch let diagnostic as Diagnostic {
            let located = diagnostic.location?.file == nil ? diagnostic.inFile(name) : diagnostic
            return .init(input: name, status: .failed, error: located, bytes: bytes)
        } catch {
            return .init(
                input: name,
                status: .failed,
                error: .error(.ioFailure, "\(error)", at: SourceLocation(file: target)),
                bytes: bytes
            )
        }
    }

    /// `12 points added, 0 replaced, 3 unchanged, 0 kept`: what a SQLite load did.
    static func summary(_ counts: SQLiteLoader.Counts) -> String {
        "\(counts.added) points added, \(counts.replaced) replaced, \(counts.unchanged) already there, \(counts.kept) kept as the database had them"
    }

    /// `mkdir -p`; the error (exit 73) when a folder cannot be made.
    static func makeFolders(_ path: String) -> Diagnostic? {
        guard !path.isEmpty, !DirectoryWalker.isDirectory(path) else { return nil }
        var prefix = PathText.hasPrefix(path, "/") ? "/" : ""
        for component in PathText.components(path) {
            prefix += (prefix.isEmpty || PathText.hasSuffix(prefix, "/") ? "" : "/") + component
            if DirectoryWalker.isDirectory(prefix) { continue }
            if FileName.withCString(prefix, { mkdir($0, 0o777) }) != 0 && errno != EEXIST {
                return .error(
                    .cannotCreateOutput,
                    "cannot create the output folder: \(FileByteSource.errorText(errno))",
                    at: SourceLocation(file: prefix)
                )
            }
        }
        return nil
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
