/// `usageconv encode` as one call: usageconv's own series (CSV, TSV, JSON, NDJSON, gzip too) read,
/// written as a provider's dump, the output written atomically; the command line only shows the
/// events and exits with the code.
extension DumpEncoding {
    /// Reads the series at `path` (`-` is standard input) and writes them as `provider`'s dump to
    /// `output` (a file, written whole, or standard output for `nil` or `-`).
    ///
    /// - Parameters:
    ///   - path: the series to read; ignored with `errorBody`.
    ///   - provider: whose dump to write.
    ///   - options: the response shape, zeros left out, start or end labels.
    ///   - errorBody: write the provider's documented error response instead, reading nothing.
    ///   - output: the file to write, or `nil`/`-` for standard output.
    ///   - emit: called with each warning and the note naming the flags that decode the dump back.
    /// - Returns: the sysexits code: 0 written; 64 the output is the input; 65 the series cannot be
    ///   written as that dump; 66 the input is unreadable; 73, 74 the output cannot be written.
    public static func run(
        readingFrom path: String,
        as provider: DumpProvider,
        options: DumpEncodeOptions = .init(),
        errorBody: Bool = false,
        to output: String?,
        emit: (Conversion.Event) -> Void
    ) -> Int32 {
        let shown = path == "-" ? "<stdin>" : path
        if !errorBody, let overwritten = FileIdentity.overwrittenInput(by: output, among: [path]) {
            emit(.diagnostic(overwritten))
            return 64
        }
        let bytes: [UInt8]
        do {
            if errorBody {
                bytes = try self.errorBody(of: provider, options: options)
            } else {
                let text = try InputDecoding.readAll(FileByteSource(path: path))
                let series = try CanonicalSeriesReader.read(text)
                let dump = try encode(series, as: provider, options: options)
                for warning in dump.warnings { emit(.diagnostic(warning.inFile(shown))) }
                if !dump.decodeArguments.isEmpty {
                    emit(
                        .note(
                            "note: the \(provider.rawValue) payload does not say it all: decode it with "
                                + dump.decodeArguments.joined(separator: " ")
                        )
                    )
                }
                bytes = dump.bytes
            }
        } catch {
            let diagnostic = (error as? Diagnostic ?? .error(.unreadableInput, "\(error)")).inFile(shown)
            emit(.diagnostic(diagnostic))
            return diagnostic.exitCode
        }
        do {
            try Conversion.write(bytes, to: output)
            return 0
        } catch {
            emit(.diagnostic(error))
            return error.exitCode
        }
    }
}
