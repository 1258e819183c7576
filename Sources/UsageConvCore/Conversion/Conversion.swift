/// The front half of usageconv's pipeline (DESIGN §1), as one value: inputs → decode (in
/// parallel) → located diagnostics → `--strict` → merge in dump order → transforms.
///
/// ``run(to:writing:progress:emit:)`` adds the back half (encoder, atomic output, report, exit
/// class); `convert`, `stats`, `plot` and `report` run through it, and the command-line tool only
/// prints its events and exits with its code.
///
/// ```swift
/// let conversion = Conversion(inputs: BatchInput.expand(["dumps/"]), transforms: plan)
/// let loaded = conversion.load()
/// for failure in loaded.failures { print(failure) }
/// ```
public struct Conversion: Sendable {
    /// The dumps to read, in the order the user named them (files, folder members, zip entries).
    public var inputs: [BatchInput]
    /// A decoder id to force (`--format`), or `nil` to pick each input's decoder by its content.
    public var format: String?
    /// Decoder settings shared by every input.
    public var options: DecodeOptions
    /// Whether any warning fails its input (`--strict`): exit 65 and nothing written.
    public var strict: Bool
    /// How a value at one time in two dumps is resolved when the series are merged (`--on-overlap`).
    public var overlap: DuplicatePolicy
    /// Clip, fill, resample and unit conversion, applied after the merge.
    public var transforms: TransformPlan
    /// How many inputs decode at once.
    public var jobs: Int
    /// Whether this is a batch run (a folder, a glob, a list or several inputs named): ``run(to:writing:progress:emit:)``
    /// ends it with the summary line, and any failed input gives exit 65 while the rest are still written.
    public var batch = false
    /// Whether a missing or unreadable input stops ``run(to:writing:progress:emit:)`` before anything
    /// is created (exit 66), so no half-converted batch is left to clean up.
    public var refusesUnreadable = false
    /// Where ``run(to:writing:progress:emit:)`` writes the per-input report as JSON (`--report`), or `nil`.
    public var reportPath: String? = nil
    /// The memory, in bytes, a conversion to a streamed format may use (`--memory-limit`).
    ///
    /// `nil` is the default of 64 MiB. For a format that ``OutputFormat/streamsPoints``, the point
    /// store takes 5/8 of it (points waiting, sort runs); beyond that, points wait in a temporary
    /// file next to the output.
    public var memoryLimit: Int64? = nil
    /// Whether a run into a format that streams points keeps them in a ``PointStore`` (always, from
    /// the command line); tests turn it off to compare with the pipeline that holds them in columns.
    var storesPoints = true

    /// A conversion of `inputs` with the defaults of the command line.
    public init(
        inputs: [BatchInput],
        format: String? = nil,
        options: DecodeOptions = DecodeOptions(),
        strict: Bool = false,
        overlap: DuplicatePolicy = .last,
        transforms: TransformPlan = TransformPlan(),
        jobs: Int = 1
    ) {
        self.inputs = inputs
        self.format = format
        self.options = options
        self.strict = strict
        self.overlap = overlap
        self.transforms = transforms
        self.jobs = jobs
    }

    /// What decoding one input gave.
    public struct Decoded: Sendable {
        /// The series and warnings; with `strict`, the warnings as errors and no series.
        public var result: DecodeResult?
        /// Why the input could not be converted, or `nil`.
        public var failure: Diagnostic?
        /// The input's size on disk (compressed size for archive entries), for progress and reports.
        public var bytes: Int64
    }

    /// Everything ``load(progress:)`` found, in input order, so a caller prints it in that order.
    public struct Loaded: Sendable {
        /// The series, merged across inputs, transformed, in output order; empty when ``fatal`` is set.
        public var series: [Series] = []
        /// Every warning: each input's in input order, then the merge's and the transforms'.
        public var warnings: [Diagnostic] = []
        /// The inputs that could not be converted.
        public var failures: [Diagnostic] = []
        /// One entry per input, for the batch summary and `--report`.
        public var entries: [BatchReport.Entry] = []
        /// Each input with what decoding it gave, in input order.
        public var decoded: [(input: BatchInput, outcome: Decoded)] = []
        /// The diagnostics that stop the whole run after decoding; nothing is written.
        ///
        /// A refused merge or transform, or (with `strict`) the merge's and transforms' warnings as errors.
        public var fatal: [Diagnostic] = []

        /// Whether nothing may be written: every input failed, or ``fatal`` is not empty.
        public var nothingToWrite: Bool {
            !fatal.isEmpty || (!decoded.isEmpty && failures.count == decoded.count)
        }

        /// The sysexits code of the run (0 when every input converted); see ``Conversion/exitCode(for:)``.
        public func exitCode(batch: Bool) -> Int32 {
            if let first = fatal.first { return fatalIsStrict ? 65 : first.exitCode }
            if failures.isEmpty { return 0 }
            if failures.count == decoded.count { return Conversion.exitCode(for: failures) }
            return batch ? Conversion.batchExitCode(for: failures) : Conversion.exitCode(for: failures)
        }

        /// Whether ``fatal`` holds the merge's and transforms' warnings failed by `--strict` (exit 65)
        /// rather than one refusal with its own exit code.
        public internal(set) var fatalIsStrict = false
    }

    /// Decodes one input: its diagnostics name the file (and the archive entry), a point far from
    /// the rest is named, and with ``strict`` a warning fails the input.
    public func decode(_ input: BatchInput) -> Decoded {
        var bytes = input.entry == nil ? 0 : input.size
        do {
            let source = try input.open()
            // The size the open file already gave (fstat), rather than another stat per input.
            if input.entry == nil { bytes = source.sizeHint ?? input.size }
            var file = try decode(source: source)
            file.warnings = file.warnings.map { located($0, in: input) }
            let failed = strictFailures(file.warnings)
            if let failure = failed.first {
                return Decoded(result: DecodeResult(series: [], warnings: failed), failure: failure, bytes: bytes)
            }
            return Decoded(result: file, failure: nil, bytes: bytes)
        } catch let diagnostic as Diagnostic {
            return Decoded(result: nil, failure: located(diagnostic, in: input), bytes: bytes == 0 ? input.size : bytes)
        } catch {
            return Decoded(
                result: nil,
                failure: .error(.unreadableInput, "\(error)", at: SourceLocation(file: input.path)),
                bytes: bytes == 0 ? input.size : bytes
            )
        }
    }

    /// Decodes one opened source with this conversion's decoder settings, plus the check for a
    /// point farther from the rest than one API call spans (named now, before a fill meets it);
    /// locations name no file.
    func decode(source: any ByteSource) throws -> DecodeResult {
        var result = try InputDecoding.decode(source: source, format: format, options: options)
        result.warnings += ConsistencyChecks.farPoints(result.series, source: result.series.first?.identity.source ?? "")
        return result
    }

    /// The file name (`<stdin>` for standard input) and archive entry that locate what `input`
    /// gave: the one place a conversion's diagnostics and series origins get them.
    func place(of input: BatchInput) -> (file: String, entry: String?) {
        (input.path == "-" ? "<stdin>" : input.path, input.entry?.label)
    }

    /// `diagnostic` located in `input` (see ``place(of:)``).
    func located(_ diagnostic: Diagnostic, in input: BatchInput) -> Diagnostic {
        let place = place(of: input)
        return diagnostic.inFile(place.file, entry: place.entry)
    }

    /// The warnings as errors when ``strict`` is set (the first is the failure), else none.
    ///
    /// The one place `--strict` is applied: to each input's warnings after decoding and to the
    /// merge's and transforms' warnings after combining.
    func strictFailures(_ warnings: [Diagnostic]) -> [Diagnostic] {
        strict ? warnings.map(\.asError) : []
    }

    /// The series of one or more inputs merged by ``overlap`` and transformed by ``transforms``,
    /// with the warnings of both steps.
    ///
    /// - Throws: `Diagnostic` for a refused merge (`--on-overlap error`) or transform.
    func combine(_ series: [Series]) throws(Diagnostic) -> (series: [Series], warnings: [Diagnostic]) {
        let merged: (series: [Series], warnings: [Diagnostic])
        do {
            merged = try SeriesMerger.merge(series, duplicates: overlap)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw .error(.unreadableInput, "\(error)", at: SourceLocation())
        }
        let transformed = try transforms.apply(to: merged.series)
        return (transformed.series, merged.warnings + transformed.warnings)
    }

    /// Converts one dump already opened or read (`validate --expect` reads each fixture once, for
    /// its schema and its decoder) exactly as a run converts a single input: decoded, merged,
    /// transformed, then encoded as `format` into `sink`.
    ///
    /// - Returns: the warnings (the input's, the merge's and the transforms').
    /// - Throws: `Diagnostic` without a file name (the caller knows what it read): the input's
    ///   error, a refused merge or transform, with ``strict`` the first warning, or the sink's.
    public func convert(
        _ source: any ByteSource,
        to sink: any OutputSink,
        as format: OutputFormat = .csv,
        options encoding: EncodeOptions = EncodeOptions()
    ) throws -> [Diagnostic] {
        let file = try decode(source: source)
        let combined = try combine(file.series)
        let warnings = file.warnings + combined.warnings
        if let failure = strictFailures(warnings).first { throw failure }
        try format.encoder(options: encoding).encode(combined.series, warnings: warnings, to: sink)
        return warnings
    }

    /// Decodes every input (``jobs`` at a time), merges series that appear in several, and applies
    /// ``transforms``.
    ///
    /// Dumps are merged in the order of their own latest time, then path, so with `--on-overlap
    /// last` the later-fetched dump wins wherever archived windows overlap, whatever order the
    /// folder listed them in.
    ///
    /// - Parameter progress: called once per input as it finishes, with its size and whether it failed.
    public func load(progress: (@Sendable (_ bytes: Int64, _ failed: Bool) -> Void)? = nil) -> Loaded {
        var loaded = Loaded()
        let outcomes = parallelMap(count: inputs.count, lanes: jobs) { index in
            let outcome = decode(inputs[index])
            progress?(outcome.bytes, outcome.failure != nil)
            return outcome
        }
        var parts: [(latest: Int64, path: String, series: [Series])] = []
        for (input, outcome) in zip(inputs, outcomes) {
            loaded.decoded.append((input, outcome))
            if let failure = outcome.failure {
                loaded.failures.append(failure)
                loaded.entries.append(.init(input: input.shown, status: .failed, error: failure, bytes: outcome.bytes))
                continue
            }
            guard let file = outcome.result else { continue }
            let points = file.series.reduce(0) { $0 + $1.pointCount }
            loaded.warnings += file.warnings
            loaded.entries.append(
                .init(input: input.path, status: .converted, warnings: file.warnings, bytes: outcome.bytes, points: points)
            )
            let latest = file.series.compactMap(\.lastPointTime).max() ?? Int64.min
            // Each series remembers its dump, so an --on-overlap error can name both files.
            let place = place(of: input)
            let stamped = file.series.map { series in
                var series = series
                series.origin = (series.origin ?? SourceLocation()).inFile(place.file, entry: place.entry)
                return series
            }
            parts.append((latest, input.path, stamped))
        }
        if loaded.nothingToWrite { return loaded }
        parts.sort { a, b in
            a.latest != b.latest ? a.latest < b.latest : a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
        }
        do {
            let combined = try combine(parts.flatMap(\.series))
            let failed = strictFailures(combined.warnings)
            if !failed.isEmpty {
                loaded.fatal = failed
                loaded.fatalIsStrict = true
                return loaded
            }
            loaded.series = combined.series
            loaded.warnings += combined.warnings
        } catch {
            loaded.fatal = [error]
        }
        return loaded
    }

    /// The exit code for a batch run (many inputs) with these failures: output trouble (74, 73),
    /// else 65 for any input that failed, missing ones included (the rest were converted).
    public static func batchExitCode(for failures: [Diagnostic]) -> Int32 {
        let codes = Set(failures.map(\.exitCode))
        for code: Int32 in [74, 73] where codes.contains(code) { return code }
        return 65
    }

    /// The exit code for a run with these failures: output trouble (74, 73) and bad data (65)
    /// outrank missing inputs (66).
    public static func exitCode(for failures: [Diagnostic]) -> Int32 {
        let codes = Set(failures.map(\.exitCode))
        for code: Int32 in [74, 73, 65] where codes.contains(code) { return code }
        return codes.sorted().first ?? 65
    }
}
