import Glibc

/// The whole pipeline as one call: inputs → decode → merge → transforms → encoder → output, with
/// the output created first, committed only when complete, and the run's verdict as a sysexits
/// code. A caller (the command line, a test, another program) only shows the events and exits.
///
/// ```swift
/// let conversion = Conversion(inputs: BatchInput.expand(["dumps/"]))
/// let status = conversion.run(to: .file("usage.csv"), as: .csv) { event in print(event) }
/// ```
extension Conversion {
    /// Where a run's output goes.
    public enum Output: Sendable {
        /// Standard output (no `-o`, or `-o -`).
        case standardOutput
        /// One file holding every input's series merged (`-o FILE`, `--merge FILE`), replaced only
        /// by a complete new one; with `--to sqlite`, the database loaded in one transaction.
        case file(String)
        /// One output per input under `folder`, mirroring the input tree (`-o DIR/`), each written
        /// atomically; with `skipExisting`, an input whose output is at least as new is left alone.
        case mirror(folder: String, skipExisting: Bool = false)
        /// A Hive-partitioned Parquet dataset under `folder`, one folder level per key
        /// (`--to parquet -o DIR/ --partition-by KEYS --shard K/N`): shard K of N's files are
        /// replaced as a whole, or, when an input failed, left as they were. Page compression and
        /// the zone of `month` and `day` come from the ``EncodeOptions``.
        case dataset(folder: String, keys: [PartitionKey], shardIndex: Int = 1, shardCount: Int = 1)

        /// The output a path names, as `-o` reads it: none or `-` is standard output, a path ending
        /// in `/` or naming an existing folder is a mirror folder, anything else one file.
        public static func named(_ path: String?, skipExisting: Bool = false) -> Output {
            guard let path, path != "-" else { return .standardOutput }
            return isFolder(path) ? .mirror(folder: path, skipExisting: skipExisting) : .file(path)
        }

        /// One file at `path`, or standard output for none or `-` (`--merge`, `plot -o`, `report -o`):
        /// a folder path is not mirrored into but fails as a file would.
        public static func single(_ path: String?) -> Output {
            guard let path, path != "-" else { return .standardOutput }
            return .file(path)
        }

        /// Whether `path` names a folder target: it ends with `/` or is an existing directory.
        public static func isFolder(_ path: String) -> Bool {
            path != "-" && (path.hasSuffix("/") || DirectoryWalker.isDirectory(path))
        }
    }

    /// What a run writes: every series in an output format, or a rendering of the whole result.
    ///
    /// New output formats plug in as an ``OutputFormat`` case and its encoder
    /// (``OutputFormat/encoder(options:)``); the run itself does not change.
    public enum Content {
        /// Rows of `format` through its encoder, with `options` (`--time`, `--tz`, rate card, ...).
        case format(OutputFormat, EncodeOptions)
        /// A view of the whole result (a statistics table, a chart, an HTML page) rendered from what
        /// was loaded: warnings of its own (shown after the conversion's) and the bytes to write.
        ///
        /// Only ``Output/standardOutput`` and ``Output/file(_:)`` take a rendering.
        case rendering((Loaded) throws -> Rendered)
    }

    /// What a ``Content/rendering(_:)`` made of the run.
    public struct Rendered: Sendable {
        /// Warnings the view adds (coverage below 100%, ...), shown after the conversion's own.
        public var warnings: [Diagnostic]
        /// The bytes to write.
        public var bytes: [UInt8]

        /// A rendering of `bytes` with `warnings`.
        public init(warnings: [Diagnostic] = [], bytes: [UInt8]) {
            self.warnings = warnings
            self.bytes = bytes
        }
    }

    /// Something a run has to say, in the order it is to be shown (standard error, for the tool).
    public enum Event: Sendable {
        /// An error or warning, located in its file (`FILE[:ENTRY]: LOCATION: message`).
        case diagnostic(Diagnostic)
        /// An input that could not be read at all (missing, a permission): shown like
        /// ``diagnostic(_:)``; a caller may add a hint (a misspelt subcommand name).
        case unreadable(BatchInput, Diagnostic)
        /// A line of its own that is no diagnostic: the batch summary, what a database load or a
        /// dataset write did, temporary files removed.
        case note(String)
        /// Every input is decoded: a progress display ends here, before the events that follow.
        case decodingFinished
    }

    /// The processors this machine has: the default number of inputs decoded at once.
    public static var processorCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Runs the whole pipeline into `output` as `format`; see ``run(to:writing:progress:emit:)``.
    public func run(
        to output: Output,
        as format: OutputFormat = .csv,
        options: EncodeOptions = EncodeOptions(),
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)? = nil,
        emit: (Event) -> Void
    ) -> Int32 {
        run(to: output, writing: .format(format, options), progress: progress, emit: emit)
    }

    /// Runs the whole pipeline: checks the inputs, creates the output, decodes every input
    /// (``jobs`` at a time), merges, transforms, encodes, commits, writes ``reportPath``, and says
    /// everything on the way through `emit`, in the order to show it.
    ///
    /// - The output is created before anything is decoded, so an unwritable target fails at once
    ///   (73), and an output that is one of the inputs is refused (64).
    /// - With ``refusesUnreadable``, a missing or unreadable input stops the run before anything
    ///   is created (66).
    /// - A file is written atomically: a run that fails (every input bad, `--strict`, a refused
    ///   merge, a write error) leaves no file and an existing one as it was.
    /// - ``batch`` runs end with the summary line and exit 65 for any failed input (the rest are
    ///   still written); otherwise the worst failure decides (``exitCode(for:)``).
    ///
    /// Into a format that ``OutputFormat/streamsPoints`` (CSV, TSV, NDJSON), points flow through a
    /// ``PointStore`` bounded by ``memoryLimit``: decoders append to it (points beyond the limit wait
    /// in a temporary file next to the output, removed when the run ends or is interrupted), a
    /// series out of time order or shared by several dumps is merge-sorted there, and transforms
    /// and the encoder read each series back a page at a time, so memory does not grow with the
    /// input. The other formats, the database and the renderings take the series in columns.
    ///
    /// - Parameters:
    ///   - output: where the result goes.
    ///   - content: an output format, or a rendering of the whole result.
    ///   - progress: called once per input as it finishes (from any thread), with its size and
    ///     whether it failed.
    ///   - emit: called with each event, in order, on the calling thread.
    /// - Returns: the sysexits code: 0 converted; 64 usage; 65 bad data; 66 an input unreadable;
    ///   73 the output cannot be created; 74 writing failed.
    public func run(
        to output: Output,
        writing content: Content,
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)? = nil,
        emit: (Event) -> Void
    ) -> Int32 {
        let clock = ContinuousClock()
        let started = clock.now
        func seconds() -> Double {
            let elapsed = (clock.now - started).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        if refusesUnreadable, let code = refuseUnreadable(emit: emit) { return code }
        switch (output, content) {
        case (.mirror(let folder, let skipExisting), .format(let format, let options)):
            return runMirror(into: folder, as: format, options: options, skipExisting: skipExisting, progress: progress, emit: emit) {
                seconds()
            }
        case (.dataset(let folder, let keys, let index, let count), .format(_, let options)):
            var dataset = ParquetDataset(folder: folder, keys: keys, shardIndex: index, shardCount: count)
            dataset.compression = options.parquetCompression
            dataset.zone = options.zone
            return runDataset(dataset, shownAs: folder, progress: progress, emit: emit) { seconds() }
        case (.standardOutput, _), (.file, _):
            var path: String? = nil
            if case .file(let named) = output { path = named }
            return runOne(to: path, writing: content, progress: progress, emit: emit) { seconds() }
        case (.mirror, .rendering), (.dataset, .rendering):
            emit(.diagnostic(.error(.usage, "a rendering is written to one file or standard output, not to a folder")))
            return 64
        }
    }

    /// Refuses the run when an input is missing or unreadable: each named, then one line; `nil`
    /// when every input can be read.
    private func refuseUnreadable(emit: (Event) -> Void) -> Int32? {
        let missing = inputs.compactMap { input in input.unreadable.map { (input, $0) } }
        guard !missing.isEmpty else { return nil }
        for (input, diagnostic) in missing { emit(.unreadable(input, diagnostic)) }
        emit(.note("\(missing.count) of \(inputs.count) inputs cannot be read: nothing converted, nothing written"))
        return 66
    }

    /// Loads every input, ending any progress display, and emits each failed input's
    /// diagnostics in input order, then the run's fatal ones; `nil` when something may be written.
    private func loadAnnounced(
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)?,
        emit: (Event) -> Void
    ) -> (loaded: Loaded, stop: Int32?) {
        announce(load(progress: progress), emit: emit)
    }

    /// Ends any progress display and emits each failed input's diagnostics in input order, then
    /// the run's fatal ones; `nil` when something may be written.
    private func announce(_ loaded: Loaded, emit: (Event) -> Void) -> (loaded: Loaded, stop: Int32?) {
        emit(.decodingFinished)
        for (input, outcome) in loaded.decoded {
            guard let failure = outcome.failure else { continue }
            // With --strict the warnings are the failure: each shown, the first being it.
            for warning in outcome.result?.warnings ?? [] { emit(.diagnostic(warning)) }
            guard outcome.result == nil else { continue }
            emit(failure.code == .unreadableInput ? .unreadable(input, failure) : .diagnostic(failure))
        }
        for diagnostic in loaded.fatal { emit(.diagnostic(diagnostic)) }
        return (loaded, loaded.nothingToWrite ? loaded.exitCode(batch: false) : nil)
    }

    /// Standard output (`path` nil) or one file: every input merged into one output.
    private func runOne(
        to path: String?,
        writing content: Content,
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)?,
        emit: (Event) -> Void,
        seconds: () -> Double
    ) -> Int32 {
        if let overwritten = FileIdentity.overwrittenInput(by: path, among: inputs.map(\.path)) {
            emit(.diagnostic(overwritten))
            return 64
        }
        var isDatabase = false
        var conversion = self
        var store: PointStore? = nil
        if case .format(let format, _) = content {
            isDatabase = format.isDatabase
            if format.streamsPoints && storesPoints {
                // Points beyond the memory limit wait next to the output: on its file system, which
                // has room for the output anyway (standard output's wait in the temporary folder).
                // The store takes 5/8 of the limit; the rest is the readers' and encoder's buffers
                // and the program itself (about 24 MiB measured on 1 GB dumps), so a run's peak
                // resident set stays within the limit.
                let limit = (memoryLimit ?? Int64(PointStore.defaultMemoryLimit)) / 8 * 5
                let folder = path.map { PathText.parent($0).map { $0.isEmpty ? "/" : $0 } ?? "." }
                store = PointStore(memoryLimit: Int(clamping: limit), directory: folder)
                conversion.options.pointStore = store
            }
        }
        defer { store?.close() }
        // Create the output first: an unwritable folder, or a file that is no database usageconv
        // can load into, fails now (73), not after a long decode.
        var file: AtomicFile? = nil
        var database: SQLiteLoader? = nil
        if let path {
            do {
                if isDatabase { database = try SQLiteLoader(path: path) } else { file = try AtomicFile(path: path) }
            } catch {
                let diagnostic = Self.diagnostic(error, code: .cannotCreateOutput, at: path)
                emit(.diagnostic(diagnostic))
                return diagnostic.exitCode
            }
        }
        defer {
            file?.abort()
            database?.abort()
        }
        // A single-series dump into a file is encoded while it is decoded (see LiveEncoding).
        var attempt: LiveEncoding? = nil
        if case .format(let format, let options) = content, store != nil, conversion.encodesWhileDecoding(format),
            let mark = OutputMark.start(of: file?.sink.descriptor ?? 1)
        {
            let live = LiveEncoding(format: format, options: options, target: file?.sink ?? FileDescriptorSink.standardOutput(), mark: mark)
            conversion.options.liveSeries = live.channel
            if file == nil { InterruptCleanup.rewindOnInterrupt(mark) }
            attempt = live
        }
        defer { if let attempt { InterruptCleanup.forget(attempt.mark) } }
        var loaded: Loaded
        var live: LiveLoad? = nil
        if let attempt {
            live = conversion.loadEncoding(with: attempt, outputName: path ?? "<stdout>", progress: progress)
            loaded = live?.loaded ?? Loaded()
        } else {
            loaded = conversion.load(progress: progress)
        }
        let stop: Int32?
        (loaded, stop) = conversion.announce(loaded, emit: emit)
        if let failure = live?.rewindFailure {
            if stop == nil { for warning in loaded.warnings { emit(.diagnostic(warning)) } }
            emit(.diagnostic(failure))
            return max(stop ?? 0, failure.exitCode)
        }
        if let stop { return stop }
        for warning in loaded.warnings { emit(.diagnostic(warning)) }
        do {
            if let attempt, live?.verdict == .streamed {
                do {
                    if let failure = live?.writeFailure { throw failure }
                    try attempt.sink.finish()
                } catch {
                    // What was written of a series that could not be written whole is taken back.
                    try? attempt.rewind(name: path ?? "<stdout>")
                    throw error
                }
                try file?.commit()
            } else if let database {
                let counts = try database.load(loaded.series, overlap: overlap)
                try database.commit()
                emit(.note("\(database.path): " + counts.summary))
            } else {
                let target: any OutputSink & Sendable = file?.sink ?? FileDescriptorSink.standardOutput()
                // Counted for the mark, if any: an interrupt then cuts these rows back too.
                let sink = PipelinedSink(attempt?.mark.counting(target) ?? target)
                switch content {
                case .format(let format, let options):
                    try format.encoder(options: options).encode(loaded.series, warnings: loaded.warnings, to: sink)
                case .rendering(let render):
                    let rendered = try render(loaded)
                    for warning in rendered.warnings { emit(.diagnostic(warning)) }
                    try sink.write(rendered.bytes[...])
                }
                try sink.finish()
                try file?.commit()
            }
        } catch {
            file?.abort()
            database?.abort()
            let diagnostic = Self.diagnostic(error, code: .ioFailure, at: path)
            emit(.diagnostic(diagnostic))
            return diagnostic.exitCode
        }
        if batch || reportPath != nil {
            if let code = finish(BatchReport(entries: loaded.entries, seconds: seconds()), emit: emit) { return code }
        }
        guard !loaded.failures.isEmpty else { return 0 }
        return batch ? Self.batchExitCode(for: loaded.failures) : Self.exitCode(for: loaded.failures)
    }

    /// `-o DIR/`: one output per input, mirroring the input tree.
    private func runMirror(
        into folder: String,
        as format: OutputFormat,
        options: EncodeOptions,
        skipExisting: Bool,
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)?,
        emit: (Event) -> Void,
        seconds: () -> Double
    ) -> Int32 {
        let mirrored: Mirrored
        do {
            mirrored = try mirror(into: folder, as: format, options: options, skipExisting: skipExisting, progress: progress)
        } catch {
            emit(.diagnostic(error))
            return 73
        }
        emit(.decodingFinished)
        let stale = mirrored.removedTemporaryFiles.count
        if stale > 0 {
            emit(.note("\(folder): removed \(stale) temporary file\(stale == 1 ? "" : "s") left by an interrupted run"))
        }
        for entry in mirrored.entries {
            if let error = entry.error { emit(.diagnostic(error)) }
            for warning in entry.warnings { emit(.diagnostic(warning)) }
        }
        if let code = finish(BatchReport(entries: mirrored.entries, seconds: seconds()), emit: emit) { return code }
        return mirrored.failures.isEmpty ? 0 : Self.batchExitCode(for: mirrored.failures)
    }

    /// Every input into one Hive-partitioned Parquet dataset, replacing this shard's files.
    ///
    /// A run where some input failed leaves the dataset as it was (exit 65): replacing a shard's
    /// files with a part of its rows would lose data silently.
    private func runDataset(
        _ dataset: ParquetDataset,
        shownAs folder: String,
        progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)?,
        emit: (Event) -> Void,
        seconds: () -> Double
    ) -> Int32 {
        let shard = "\(dataset.shardIndex)/\(dataset.shardCount)"
        let (loaded, stop) = loadAnnounced(progress: progress, emit: emit)
        if let stop { return stop }
        for warning in loaded.warnings { emit(.diagnostic(warning)) }
        if !loaded.failures.isEmpty {
            emit(
                .note(
                    "\(folder): the dataset was left as it was (shard \(shard)): an input failed; fix or remove it and run this shard again"
                )
            )
        } else {
            do {
                let outcome = try dataset.write(loaded.series)
                emit(
                    .note(
                        "\(folder): shard \(shard) wrote \(Self.count(outcome.written.count, "file")), removed \(Self.count(outcome.removed.count, "earlier one"))"
                    )
                )
                if let other = outcome.foreign.first {
                    emit(
                        .diagnostic(
                            .warning(
                                .usage,
                                "\(outcome.foreign.count) files of another --shard count are in the dataset (\(other)); readers count their rows too: remove them",
                                at: SourceLocation(file: folder)
                            )
                        )
                    )
                }
            } catch {
                let diagnostic = Self.diagnostic(error, code: .ioFailure, at: folder)
                emit(.diagnostic(diagnostic))
                return diagnostic.exitCode
            }
        }
        if let code = finish(BatchReport(entries: loaded.entries, seconds: seconds()), emit: emit) { return code }
        return loaded.failures.isEmpty ? 0 : Self.batchExitCode(for: loaded.failures)
    }

    /// Emits the summary line and writes the report to ``reportPath`` atomically; the exit code
    /// when the report cannot be written.
    private func finish(_ report: BatchReport, emit: (Event) -> Void) -> Int32? {
        emit(.note(report.summary))
        guard let reportPath else { return nil }
        do {
            try Self.write(report.json, to: reportPath)
            return nil
        } catch {
            emit(.diagnostic(error))
            return error.exitCode
        }
    }

    /// Writes `bytes` whole to the file at `path` (created, then renamed over any old one) or,
    /// for `nil` or `-`, to standard output.
    ///
    /// - Throws: `Diagnostic` `.cannotCreateOutput` (73) or `.ioFailure` (74).
    static func write(_ bytes: [UInt8], to path: String?) throws(Diagnostic) {
        do {
            guard let path, path != "-" else {
                try FileDescriptorSink.standardOutput().write(bytes[...])
                return
            }
            let file = try AtomicFile(path: path)
            try file.sink.write(bytes[...])
            try file.commit()
        } catch {
            throw diagnostic(error, code: .ioFailure, at: path)
        }
    }

    /// `error` as a diagnostic: itself when it is one, else `code` at `path`.
    private static func diagnostic(_ error: any Error, code: Diagnostic.Code, at path: String?) -> Diagnostic {
        error as? Diagnostic ?? .error(code, "\(error)", at: SourceLocation(file: path))
    }

    /// `n` and `noun`, plural unless one.
    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}

extension SQLiteLoader.Counts {
    /// `12 points added, 0 replaced, 3 already there, 0 kept as the database had them`: what a load did.
    public var summary: String {
        "\(added) points added, \(replaced) replaced, \(unchanged) already there, \(kept) kept as the database had them"
    }
}
