/// `usageconv INPUTS... -o DIR/`: one output per input, mirroring the input tree, converted in
/// parallel, each written atomically.
extension Conversion {
    /// What mirroring the inputs into a folder did.
    public struct Mirrored: Sendable {
        /// One entry per input, in input order: converted (with its output), skipped or failed.
        public var entries: [BatchReport.Entry]
        /// Temporary files an interrupted earlier run left in the folder, removed before writing.
        public var removedTemporaryFiles: [String]

        /// The inputs that failed, as their diagnostics.
        public var failures: [Diagnostic] { entries.compactMap(\.error) }
    }

    /// Converts each input into its own file under `folder` (made if missing), named after the
    /// input's path below its root with `format`'s extension.
    ///
    /// Every output is planned first: two inputs may not write one file, no output may be an
    /// input, and no output may land outside `folder`; such an input fails alone. Each input is
    /// decoded, merged with itself by ``overlap``, transformed and written atomically (a SQLite
    /// target is loaded in one transaction), ``jobs`` at a time.
    ///
    /// - Parameters:
    ///   - folder: the output folder (`-o DIR/`).
    ///   - format: the output format of every file.
    ///   - options: the encoders' settings.
    ///   - skipExisting: whether an input whose output is at least as new is skipped (`--skip-existing`).
    ///   - progress: called as each input finishes, with its size and whether it failed.
    /// - Throws: `Diagnostic` `.cannotCreateOutput` when `folder` cannot be made (nothing written).
    public func mirror(
        into folder: String,
        as format: OutputFormat,
        options: EncodeOptions,
        skipExisting: Bool = false,
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)? = nil
    ) throws(Diagnostic) -> Mirrored {
        let planned = plan(into: folder, ext: format.fileExtension)
        var removed: [String] = []
        if DirectoryWalker.isDirectory(folder) {
            // A run killed with SIGKILL left its temp files: remove those no live process owns.
            removed = TemporaryFiles.removeStale(under: folder)
        } else {
            try OutputFolders.make(folder)
        }
        let entries = parallelMap(count: planned.count, lanes: jobs) { index in
            let entry = convert(
                planned[index].input,
                to: planned[index].target,
                conflict: planned[index].conflict,
                as: format,
                options: options,
                skipExisting: skipExisting
            )
            progress?(entry.bytes, entry.status == .failed)
            return entry
        }
        return Mirrored(entries: entries, removedTemporaryFiles: removed)
    }

    /// Each input's output path under `folder`, or why it may not be written.
    private func plan(into folder: String, ext: String) -> [(input: BatchInput, target: String, conflict: Diagnostic?)] {
        var owners: [[UInt8]: String] = [:]  // by bytes: NFC and NFD names are different files
        var planned: [(input: BatchInput, target: String, conflict: Diagnostic?)] = []
        let inputIdentities = Set(inputs.compactMap { FileIdentity(path: $0.path) })
        for input in inputs {
            let target = input.mirroredPath(under: folder, ext: ext)
            let key = FileName.bytes(target)
            var conflict: Diagnostic? = nil
            if PathText.components(input.relative).contains("..") {
                // Only a glob with `..` after a wildcard names an input this way; its output
                // would land outside DIR, which no output may.
                conflict = .error(
                    .usage,
                    "its output would be outside \(folder) (its name below the pattern's root has '..'): name it without '..'",
                    at: SourceLocation(file: input.shown)
                )
            } else if let owner = owners[key] {
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
                owners[key] = input.shown
            }
            planned.append((input, target, conflict))
        }
        return planned
    }

    /// One input to one output file; never throws (the outcome is the entry).
    private func convert(
        _ input: BatchInput,
        to target: String,
        conflict: Diagnostic?,
        as format: OutputFormat,
        options: EncodeOptions,
        skipExisting: Bool
    ) -> BatchReport.Entry {
        let name = input.shown
        if let conflict { return .init(input: name, status: .failed, error: conflict, bytes: input.size) }
        if skipExisting, let written = FileByteSource.modificationTime(of: target),
            let source = FileByteSource.modificationTime(of: input.path), written >= source
        {
            return .init(input: name, output: target, status: .skipped)
        }
        let decoded = decode(input)
        let bytes = decoded.bytes
        guard let result = decoded.result, decoded.failure == nil else {
            let failure = decoded.failure ?? .error(.unreadableInput, "not converted", at: SourceLocation(file: name))
            return .init(input: name, status: .failed, error: failure, warnings: decoded.result?.warnings ?? [], bytes: bytes)
        }
        do {
            let combined = try combine(result.series)
            let warnings = result.warnings + combined.warnings
            if let failure = strictFailures(warnings).first {
                return .init(input: name, status: .failed, error: failure, bytes: bytes)
            }
            if let parent = PathText.parent(target) {
                do {
                    try OutputFolders.make(parent)
                } catch {
                    return .init(input: name, status: .failed, error: error, warnings: warnings, bytes: bytes)
                }
            }
            if format.isDatabase {
                let database = try SQLiteLoader(path: target)
                _ = try database.load(combined.series, overlap: overlap)
                try database.commit()
            } else {
                let file = try AtomicFile(path: target)
                try format.encoder(options: options).encode(combined.series, warnings: warnings, to: file.sink)
                try file.commit()
            }
            let points = combined.series.reduce(0) { $0 + $1.count }
            return .init(input: name, output: target, status: .converted, warnings: warnings, bytes: bytes, points: points)
        } catch let diagnostic as Diagnostic {
            return .init(input: name, status: .failed, error: located(diagnostic, in: input), bytes: bytes)
        } catch {
            return .init(
                input: name,
                status: .failed,
                error: .error(.ioFailure, "\(error)", at: SourceLocation(file: target)),
                bytes: bytes
            )
        }
    }
}
