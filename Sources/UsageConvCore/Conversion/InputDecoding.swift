/// Opens one input, sniffs it, picks (or checks) the decoder, and decodes it.
public enum InputDecoding {
    /// Decodes the file at `path` (`-` is standard input).
    ///
    /// - Parameters:
    ///   - path: the dump to read; `-` reads standard input.
    ///   - format: a decoder id to force (`--format`), or `nil` to pick by content.
    ///   - options: the decoder settings (`--resource`, `--label`, `--max-expanded-size`, ...).
    /// - Returns: the series and warnings, every location naming `path`.
    /// - Throws: `Diagnostic` located in `path`.
    public static func decode(path: String, format: String?, options: DecodeOptions) throws -> DecodeResult {
        let shown = path == "-" ? "<stdin>" : path
        do {
            let file = try FileByteSource(path: path)
            var result = try decode(source: file, format: format, options: options)
            result.warnings = result.warnings.map { $0.inFile(shown) }
            return result
        } catch let diagnostic as Diagnostic {
            throw diagnostic.inFile(shown)
        }
    }

    /// Decodes an already opened source (files, stdin, later archive entries); gzip-compressed
    /// content (magic 1f 8b, whatever the name) is inflated first, bounded by `options.maxExpandedSize`.
    public static func decode(source: any ByteSource, format: String?, options: DecodeOptions) throws -> DecodeResult {
        let prefix = try source.readBytes(upTo: ShapeSniffer.prefixLength)
        // A regular file shorter than the sniff was read to its end (`readBytes` stops only
        // there): the decoder need not ask the file again for the end it already met.
        let rest = prefix.count < ShapeSniffer.prefixLength && source.sizeHint != nil ? ReadToEnd(source) : source
        guard isGzip(prefix) else { return try decode(prefix: prefix, source: rest, format: format, options: options) }
        let inflated = try GzipByteSource(PrefixedByteSource(prefix: prefix, rest: rest), limit: options.maxExpandedSize)
        let inner = try inflated.readBytes(upTo: ShapeSniffer.prefixLength)
        // One level only: a .gz inside a .gz is not how dumps are archived, and unwrapping levels
        // without end would multiply the bomb ratio each time.
        if isGzip(inner) { throw nestedGzip }
        do {
            return try decode(prefix: inner, source: inflated, format: format, options: options)
        } catch var diagnostic as Diagnostic where !diagnostic.message.contains("gzip") {
            // Lines and columns count in the inflated text, not in the file on disk: say so.
            diagnostic.message += " (in the gzip-compressed data)"
            throw diagnostic
        }
    }

    /// Whether bytes start with the gzip magic number 1f 8b.
    public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        LeadingBytes(bytes.prefix(2)) == .gzip
    }

    /// The error for gzip data inside gzip data.
    static var nestedGzip: Diagnostic {
        Diagnostic.error(
            .unknownFormat,
            "expected a JSON or XML dump inside the gzip-compressed data, found gzip-compressed data again: "
                + "nested gzip is not read (decompress the outer level first)"
        )
    }

    /// Reads a whole input into memory, inflating it first when it is gzip-compressed (validation
    /// reads each dump twice, schema then decoder); `limit` bounds both the raw and inflated sizes.
    ///
    /// - Throws: `Diagnostic` from reading or inflating (`.truncatedInput`, `.malformedInput`, `.sizeLimit`).
    public static func readAll(_ source: any ByteSource, limit: Int64 = GzipByteSource.defaultLimit) throws -> [UInt8] {
        let count = Int(clamping: limit)
        // One byte past the limit, so an input that is too large fails instead of stopping short.
        let probe = count < Int.max ? count + 1 : count
        let bytes = try source.readBytes(upTo: probe)
        guard bytes.count <= count else {
            throw Diagnostic.error(.sizeLimit, "expected at most \(GzipByteSource.describe(limit)) of input, found more")
        }
        guard isGzip(bytes) else { return bytes }
        let inner = try GzipByteSource(MemoryByteSource(bytes), limit: limit).readBytes(upTo: probe)
        if isGzip(inner) { throw nestedGzip }
        return inner
    }

    /// Picks (or checks) the decoder for a sniffed prefix and decodes the prefix and the rest.
    private static func decode(prefix: [UInt8], source: any ByteSource, format: String?, options: DecodeOptions) throws -> DecodeResult {
        let shape = ShapeSniffer.shape(of: prefix)
        let bids = DecoderRegistry.bids(for: shape)
        let decoder: any UsageDecoder
        if let format {
            guard let forced = DecoderRegistry.decoder(named: format) else {
                throw Diagnostic.error(
                    .usage,
                    "unknown --format \(format); expected one of \(DecoderRegistry.names.joined(separator: ", "))"
                )
            }
            if shape.syntax == .html {
                throw Diagnostic.error(.providerError, "\(forced.id) API error: the dump is \(shape.summary), not data")
            }
            if shape.syntax == .empty { try refuseBlank(prefix, source: source, expected: article(forced.id) + " dump") }
            decoder = forced
        } else {
            if shape.syntax == .empty { try refuseBlank(prefix, source: source, expected: "a provider dump") }
            decoder = try DecoderRegistry.select(for: shape, bids: bids)
        }
        let confidence = bids.first { $0.decoder.id == decoder.id }?.confidence ?? decoder.confidence(for: shape)
        // A forced decoder that would not have bid on this payload (not an empty `[]`) is probably on someone else's dump.
        let foreign = format != nil && confidence == 0 && shape.order.count > 1
        let lookalike = bids.filter { $0.decoder.id != decoder.id }.max { $0.confidence < $1.confidence }
        let looksLike = lookalike.flatMap { $0.confidence > 0 ? " (it looks like \(article($0.decoder.id)) dump)" : nil } ?? ""
        if format != nil && shape.syntax == .xml && confidence == 0 {
            throw Diagnostic.error(
                .wrongType,
                "this is not \(article(decoder.id)) dump\(looksLike): expected JSON, found \(shape.summary)",
                at: SourceLocation(line: 1, column: 1)
            )
        }
        do {
            var result = try decoder.decode(PrefixedByteSource(prefix: prefix, rest: source), options: options)
            if foreign && result.series.allSatisfy({ $0.pointCount == 0 }) {
                throw Diagnostic.error(
                    .wrongType,
                    "this is not \(article(decoder.id)) dump\(looksLike): none of its data was found in \(shape.summary)",
                    at: SourceLocation(path: "$")
                )
            }
            // Every decoder's empty dump says so once (a series without points already has).
            if result.series.allSatisfy({ $0.pointCount == 0 }) && !result.warnings.contains(where: { $0.code == .emptySeries }) {
                result.warnings.append(.warning(.emptySeries, "the dump has no points (\(shape.summary))"))
            }
            return result
        } catch let diagnostic as Diagnostic
            where foreign && diagnostic.code != .providerError && !diagnostic.message.hasPrefix("this is not")
        {
            // Say so plainly, keeping the decoder's own expected-vs-found and location.
            var copy = diagnostic
            copy.message = "this is not \(article(decoder.id)) dump\(looksLike): \(diagnostic.message)"
            throw copy
        } catch var diagnostic as Diagnostic where format == nil && diagnostic.code == .providerError && isSharedErrorBody(shape) {
            // `{code, message}` is how both SwiftFederation and InterServer answer a failed call;
            // without --format, naming one of them would be a guess.
            let code = shape.scalars["$.code"].map { " \($0)" } ?? ""
            let message = shape.scalars["$.message"].map { ": \($0)" } ?? ""
            diagnostic.message =
                "API error\(code)\(message) (a {code, message} error body, the form both swiftfederation and interserver "
                + "answer failed calls with; --format swiftfederation or --format interserver names the provider)"
            throw diagnostic
        } catch let diagnostic as Diagnostic where format != nil && diagnostic.code == .wrongType && diagnostic.location?.path == "$" {
            var copy = diagnostic
            if !copy.message.hasPrefix("this is not") { copy.message = "this is not \(article(decoder.id)) dump: \(diagnostic.message)" }
            throw copy
        }
    }

    /// Whether the dump is only an error body `{code, message}` whose code does not say whose it
    /// is: SwiftFederation documents dotted string codes (`Signature.NotMatch`), InterServer
    /// plain ones (`Unauthorized`), and either may answer with the other form. (A numeric code
    /// stays InterServer's, as its 404 body has one.)
    static func isSharedErrorBody(_ shape: InputShape) -> Bool {
        guard shape.has("$", .object), shape.has("$.message", .string), shape.kind("$.data") == nil,
            shape.topLevelCount <= 3, shape.has("$.code", .string), let code = shape.scalars["$.code"]
        else { return false }
        return !code.contains(".")
    }

    /// What to check when a dump holds nothing: how it was saved.
    static let blankHint =
        "check the command that saved it (a failed request saved with curl without --fail, output redirected "
        + "before the download ended, a full disk)"

    /// Refuses an input whose sniffed prefix is only whitespace, always throwing.
    ///
    /// A whole prefix of whitespace is read on, chunk by chunk, to the first other byte: a gzip
    /// bomb of spaces then trips its expansion bound (the one message `validate` gives too)
    /// instead of passing for an empty input, and a dump starting after more than a prefix of
    /// whitespace gets a located error rather than a misleading "empty".
    ///
    /// - Throws: `Diagnostic`: `.truncatedInput` for no bytes or only whitespace, `.malformedInput`
    ///   for content after too much whitespace, or the source's own error (`.sizeLimit` for a bomb).
    private static func refuseBlank(_ prefix: [UInt8], source: any ByteSource, expected: String) throws -> Never {
        if prefix.isEmpty {
            throw Diagnostic.error(.truncatedInput, "expected \(expected), found an empty input (0 bytes): \(blankHint)")
        }
        var total = prefix.count
        if total >= ShapeSniffer.prefixLength {
            while true {
                let chunk = try source.readBytes(upTo: 64 << 10)
                if chunk.isEmpty { break }
                if let index = chunk.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                    throw Diagnostic.error(
                        .malformedInput,
                        "expected \(expected) within its first \(ShapeSniffer.prefixLength >> 10) KiB, found "
                            + "\(total + index) bytes of whitespace before its first other byte (remove the leading whitespace)",
                        at: SourceLocation(offset: Int64(total + index))
                    )
                }
                total += chunk.count
            }
        }
        throw Diagnostic.error(.truncatedInput, "expected \(expected), found only whitespace (\(total) bytes): \(blankHint)")
    }

    /// "a baishan", "an onapp".
    static func article(_ id: String) -> String {
        (id.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + id
    }
}

/// The rest of a regular file the sniff read to its end: nothing, without another `read(2)`
/// (one per input saved in a batch of small dumps), and the file's size for whoever asks.
private final class ReadToEnd: ByteSource {
    let sizeHint: Int64?

    init(_ file: any ByteSource) {
        sizeHint = file.sizeHint
    }

    func read(into buffer: inout OutputSpan<UInt8>) throws {}
}
