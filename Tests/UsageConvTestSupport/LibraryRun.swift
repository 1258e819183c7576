import Foundation
import UsageConvCore

/// What an in-process run of the library's pipeline gave, in the shape the command line shows it,
/// so a test written against `CLIRunner` keeps its assertions when it moves in-process.
package struct LibraryRunResult: Sendable {
    /// The sysexits code the run ends with (what the executable exits with).
    package var status: Int32
    /// The encoded output (empty when nothing was written).
    package var output: [UInt8]
    /// Every error and warning, in the order they were reported.
    package var diagnostics: [Diagnostic]
    /// What the command line prints on standard error, line by line: `usageconv: ` and each
    /// diagnostic or note (file names that are not UTF-8 shown with `\xNN`).
    package var lines: [String]

    /// A result of `status`, `output` and `diagnostics` only (no notes).
    package init(status: Int32, output: [UInt8], diagnostics: [Diagnostic]) {
        self.status = status
        self.output = output
        self.diagnostics = diagnostics
        self.lines = diagnostics.map { FileName.display("usageconv: \($0)") }
    }

    /// A result of what a ``Conversion/run(to:as:options:progress:emit:)`` reported.
    package init(status: Int32, output: [UInt8], events: [Conversion.Event]) {
        self.status = status
        self.output = output
        diagnostics = []
        lines = []
        for event in events {
            switch event {
            case .diagnostic(let diagnostic), .unreadable(_, let diagnostic):
                diagnostics.append(diagnostic)
                lines.append(FileName.display("usageconv: \(diagnostic)"))
            case .note(let note): lines.append(FileName.display("usageconv: " + note))
            case .decodingFinished: break
            }
        }
    }

    /// The output as text.
    package var stdout: String { String(decoding: output, as: UTF8.self) }

    /// The lines as the command line prints them on standard error.
    package var stderr: String { lines.map { $0 + "\n" }.joined() }
}

extension LibraryRun {
    /// Encode options with `time` (`--time`).
    package static func encoding(time: TimeFormat) -> EncodeOptions {
        var options = EncodeOptions()
        options.time = time
        return options
    }

    /// Encode options with `precision` (`--influx-precision`).
    package static func encoding(influxPrecision precision: InfluxPrecision) -> EncodeOptions {
        var options = EncodeOptions()
        options.influxPrecision = precision
        return options
    }
}

/// Runs the library's pipeline in this process: ``Conversion/run(to:as:options:progress:emit:)``
/// into a temporary file, as `usageconv INPUTS --to FORMAT -o FILE` runs it.
package enum LibraryRun {
    /// Makes the package root the working directory, once, so relative fixture paths name the
    /// files they name for the executable (which `CLIRunner` starts in the root) and appear in
    /// messages the same way.
    package static let inRoot: Void = {
        let root = TestPaths.root.standardizedFileURL.path
        if URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path != root {
            _ = FileManager.default.changeCurrentDirectoryPath(root)
        }
    }()

    /// Converts `inputs` (files, folders, globs, relative to the package root) to `format`; several
    /// inputs make a batch run (its summary line, and exit 65 for any failed input).
    package static func convert(
        _ inputs: [String],
        format: String? = nil,
        options: DecodeOptions = DecodeOptions(),
        strict: Bool = false,
        overlap: DuplicatePolicy = .last,
        transforms: TransformPlan = TransformPlan(),
        to output: OutputFormat = .csv,
        encoding: EncodeOptions? = nil
    ) -> LibraryRunResult {
        _ = inRoot
        var conversion = Conversion(
            inputs: BatchInput.expand(inputs),
            format: format,
            options: options,
            strict: strict,
            overlap: overlap,
            transforms: transforms
        )
        conversion.batch = inputs.count > 1
        var encodeOptions = encoding ?? EncodeOptions()
        if encoding == nil { encodeOptions.zone = transforms.zone }
        return run(conversion, to: output, encoding: encodeOptions)
    }

    /// Runs `conversion` as `format` into a temporary file and reads it back.
    package static func run(
        _ conversion: Conversion,
        to format: OutputFormat = .csv,
        encoding options: EncodeOptions = EncodeOptions()
    ) -> LibraryRunResult {
        _ = inRoot
        let folder: TemporaryFolder
        do {
            folder = try TemporaryFolder()
        } catch {
            return LibraryRunResult(status: 73, output: [], diagnostics: [.error(.cannotCreateOutput, "\(error)", at: SourceLocation())])
        }
        let path = folder.file("output").path
        var events: [Conversion.Event] = []
        let status = conversion.run(to: .file(path), as: format, options: options) { events.append($0) }
        let output = (try? Data(contentsOf: URL(fileURLWithPath: path))).map { [UInt8]($0) } ?? []
        return LibraryRunResult(status: status, output: output, events: events)
    }
}

extension LibraryRun {
    /// Decodes `source` as one input named `name` and encodes its series as `format`, without the
    /// merge and transforms of a whole run: for comparing how one input's bytes decode when they
    /// arrive differently (a file of known size, a pipe of unknown size, small reads).
    ///
    /// With `strict`, a warning fails the input as `--strict` makes it (exit 65, nothing written).
    package static func decode(
        _ source: any ByteSource,
        named name: String,
        format: String? = nil,
        options: DecodeOptions = DecodeOptions(),
        strict: Bool = false,
        to output: OutputFormat = .csv
    ) -> LibraryRunResult {
        do {
            let result = try InputDecoding.decode(source: source, format: format, options: options)
            let warnings = result.warnings.map { $0.inFile(name) }
            if strict, !warnings.isEmpty {
                return LibraryRunResult(status: 65, output: [], diagnostics: warnings.map(\.asError))
            }
            let sink = MemorySink()
            try output.encoder(options: EncodeOptions()).encode(result.series, warnings: warnings, to: sink)
            return LibraryRunResult(status: 0, output: sink.bytes, diagnostics: warnings)
        } catch {
            let diagnostic = (error as? Diagnostic)?.inFile(name) ?? .error(.unreadableInput, "\(error)", at: SourceLocation(file: name))
            return LibraryRunResult(status: diagnostic.exitCode, output: [], diagnostics: [diagnostic])
        }
    }

    /// ``decode(_:named:format:options:strict:to:)`` of `bytes` as standard input gives them: no
    /// size known up front (so XML is parsed on its own thread), `chunk` bytes a read at most,
    /// named `<stdin>`.
    package static func decode(
        bytes: [UInt8],
        chunk: Int = 64 << 10,
        format: String? = nil,
        options: DecodeOptions = DecodeOptions(),
        strict: Bool = false,
        to output: OutputFormat = .csv
    ) -> LibraryRunResult {
        decode(MemoryByteSource(bytes, chunkLimit: chunk), named: "<stdin>", format: format, options: options, strict: strict, to: output)
    }

    /// ``decode(_:named:format:options:strict:to:)`` of the file at `path` (relative to the
    /// package root), opened as the executable opens a named file (its size known).
    package static func decode(
        path: String,
        format: String? = nil,
        options: DecodeOptions = DecodeOptions(),
        strict: Bool = false,
        to output: OutputFormat = .csv
    ) -> LibraryRunResult {
        _ = inRoot
        do {
            return decode(try FileByteSource(path: path), named: path, format: format, options: options, strict: strict, to: output)
        } catch {
            let diagnostic = (error as? Diagnostic)?.inFile(path) ?? .error(.unreadableInput, "\(error)", at: SourceLocation(file: path))
            return LibraryRunResult(status: diagnostic.exitCode, output: [], diagnostics: [diagnostic])
        }
    }
}
