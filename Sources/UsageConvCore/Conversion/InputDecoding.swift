/// Opens one input, sniffs it, picks (or checks) the decoder, and decodes it.
public enum InputDecoding {
    /// Decodes the file at `path` (`-` is standard input).
    ///
    /// - Parameters:
    ///   - format: a decoder id to force (`--format`), or `nil` to pick by content.
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

    /// Decodes an already opened source (files, stdin, later archive entries).
    public static func decode(source: any ByteSource, format: String?, options: DecodeOptions) throws -> DecodeResult {
        let prefix = try source.readBytes(upTo: ShapeSniffer.prefixLength)
        let shape = ShapeSniffer.shape(of: prefix)
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
            if shape.syntax == .empty {
                throw Diagnostic.error(.truncatedInput, "expected a \(forced.id) dump, found an empty input")
            }
            decoder = forced
        } else {
            decoder = try DecoderRegistry.select(for: shape)
        }
        // A forced decoder that would not have bid on this payload (not an empty `[]`) is probably on someone else's dump.
        let foreign = format != nil && decoder.confidence(for: shape) == 0 && shape.order.count > 1
        let lookalike = DecoderRegistry.all.filter { $0.id != decoder.id }.max { $0.confidence(for: shape) < $1.confidence(for: shape) }
        let looksLike = lookalike.flatMap { $0.confidence(for: shape) > 0 ? " (it looks like \(article($0.id)) dump)" : nil } ?? ""
        do {
            let result = try decoder.decode(PrefixedByteSource(prefix: prefix, rest: source), options: options)
            if foreign && result.series.allSatisfy({ $0.count == 0 }) {
                throw Diagnostic.error(
                    .wrongType,
                    "this is not \(article(decoder.id)) dump\(looksLike): none of its data was found in \(shape.summary)",
                    at: SourceLocation(path: "$")
                )
            }
            return result
        } catch let diagnostic as Diagnostic
            where foreign && diagnostic.code != .providerError && !diagnostic.message.hasPrefix("this is not")
        {
            // Say so plainly, keeping the decoder's own expected-vs-found and location.
            var copy = diagnostic
            copy.message = "this is not \(article(decoder.id)) dump\(looksLike): \(diagnostic.message)"
            throw copy
        } catch let diagnostic as Diagnostic where format != nil && diagnostic.code == .wrongType && diagnostic.location?.path == "$" {
            var copy = diagnostic
            if !copy.message.hasPrefix("this is not") { copy.message = "this is not \(article(decoder.id)) dump: \(diagnostic.message)" }
            throw copy
        }
    }

    /// "a baishan", "an onapp".
    static func article(_ id: String) -> String {
        (id.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + id
    }
}
