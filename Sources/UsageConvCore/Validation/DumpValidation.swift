/// Checks a dump kept as a test fixture: its schema (XML: an XSD through libxml2; JSON: a JSON
/// Schema 2020-12), then whether its provider's decoder reads it without a single error or warning
/// (the payload's own consistency: totals, sorted unique times, steps, documented shapes).
public enum DumpValidation {
    /// One finding: which check found it (`xsd`, `decode`) and the located diagnostic.
    public struct Finding: Sendable {
        /// The check: `xsd` or `schema` for schema validity, `json` for well-formedness, `decode` for
        /// the provider decoder's checks.
        public var rule: String
        /// The located error or warning.
        public var diagnostic: Diagnostic

        /// Creates a finding.
        public init(rule: String, diagnostic: Diagnostic) {
            self.rule = rule
            self.diagnostic = diagnostic
        }
    }

    /// The bundled XSD for OnApp vm_stats XML, parsed once.
    public static func bundledOnAppSchema() throws -> XMLSchemaValidator {
        try XMLSchemaValidator(xsd: BundledSchemas.onappVMStatsXSD, name: "onapp-vm-stats.xsd")
    }

    /// Validates the bytes of one dump (`shown` names it in locations); gzip-compressed bytes are
    /// inflated first (at most `maxExpandedSize` bytes) and their contents validated.
    ///
    /// - Parameters:
    ///   - bytes: the dump as stored (possibly gzip-compressed).
    ///   - shown: the name locations give it (a path, or `archive.zip:entry`).
    ///   - schemas: the XSD and JSON Schemas to check against.
    ///   - format: a decoder to force, as `--format` does.
    ///   - maxExpandedSize: the most bytes a gzip-compressed dump may inflate to.
    public static func validate(
        bytes: [UInt8],
        shown: String,
        schemas: DumpSchemas,
        format: String?,
        maxExpandedSize: Int64 = GzipByteSource.defaultLimit
    ) throws -> [Finding] {
        if InputDecoding.isGzip(bytes) {
            let inflated: [UInt8]
            do {
                inflated = try InputDecoding.readAll(MemoryByteSource(bytes), limit: maxExpandedSize)
            } catch let diagnostic as Diagnostic {
                // A truncated, corrupt or bomb-like .gz is a defect of the dump (exit 65), not an unreadable file.
                return [Finding(rule: "gzip", diagnostic: diagnostic.inFile(shown))]
            }
            return try validate(bytes: inflated, shown: shown, schemas: schemas, format: format)
        }
        var findings: [Finding] = []
        let shape = ShapeSniffer.shape(of: Array(bytes.prefix(ShapeSniffer.prefixLength)))
        if shape.syntax == .xml {
            for diagnostic in schemas.xsd.validate(MemoryByteSource(bytes)) {
                findings.append(Finding(rule: "xsd", diagnostic: diagnostic.inFile(shown)))
            }
            // A document that is not even well-formed has said all there is to say.
            if findings.contains(where: { $0.diagnostic.code == .malformedInput && $0.diagnostic.severity == .error }) {
                return findings
            }
        }
        // usageconv's own JSON output (goldens kept beside fixtures): its schema, no decoder.
        if schemas.customJSON == nil, isUsageconvOutput(bytes), let text = BundledJSONSchemas.byName["usageconv-series"] {
            var own = schemas
            own.customJSON = try JSONSchemaValidator(schema: Array(text.utf8))
            return try validate(bytes: bytes, shown: shown, schemas: own, format: format)
        }
        // A rate card for --to focus --rates (kept beside the fixtures it prices): its schema,
        // then usageconv's own reading of it (which also checks that tier bounds increase).
        if schemas.customJSON == nil, isRateCard(bytes), let text = BundledJSONSchemas.byName["rate-card"] {
            var own = schemas
            own.customJSON = try JSONSchemaValidator(schema: Array(text.utf8))
            findings += try validate(bytes: bytes, shown: shown, schemas: own, format: format)
            if !findings.contains(where: { $0.diagnostic.severity == .error }) {
                do {
                    _ = try RateCard.parse(bytes: bytes)
                } catch let diagnostic as Diagnostic {
                    findings.append(Finding(rule: "decode", diagnostic: diagnostic.inFile(shown)))
                }
            }
            return findings
        }
        // Which provider's dump this is decides the schema and whether the decoder's checks apply.
        let decoder: (any UsageDecoder)? = format.flatMap(DecoderRegistry.decoder(named:)) ?? (try? DecoderRegistry.select(for: shape))
        if shape.syntax != .xml && shape.syntax != .html {
            let schema = schemas.customJSON ?? decoder.flatMap { schemas.providerJSON[$0.id] }
            if let schema {
                do {
                    for violation in try schema.validate(bytes) {
                        let place = "#" + violation.instancePointer
                        findings.append(
                            Finding(
                                rule: "schema",
                                diagnostic: Diagnostic.error(
                                    .invalidValue,
                                    "\(violation.keyword): \(violation.message)",
                                    at: SourceLocation(file: shown, path: place)
                                )
                            )
                        )
                    }
                } catch {
                    // Not well-formed JSON: the syntax error (line:column) is the finding, unless the
                    // decoder's lenient pass below can list every documented defect instead.
                    findings.append(Finding(rule: "json", diagnostic: error.inFile(shown)))
                    if decoder == nil { return findings }
                }
            }
            // A chosen schema on a document no decoder claims (`--schema true.json` as a
            // well-formedness check of any JSON) has no decoder checks to add.
            if schemas.customJSON != nil && decoder == nil { return findings }
        }
        do {
            let result = try InputDecoding.decode(source: MemoryByteSource(bytes), format: format, options: DecodeOptions())
            for warning in result.warnings { findings.append(Finding(rule: "decode", diagnostic: warning.inFile(shown))) }
            let source = result.series.first?.identity.source ?? decoder?.id ?? ""
            for warning in ConsistencyChecks.check(result.series, source: source) {
                findings.append(Finding(rule: "consistency", diagnostic: warning.inFile(shown)))
            }
        } catch let diagnostic as Diagnostic {
            if diagnostic.code == .providerError {
                // An error body kept as a fixture is a faithful dump of the API's error response:
                // worth saying, not a defect of the fixture.
                findings.append(
                    Finding(
                        rule: "decode",
                        // An HTML page has no position to point at: the finding names the file.
                        diagnostic: .warning(
                            .providerError,
                            diagnostic.message,
                            at: (diagnostic.location ?? SourceLocation()).inFile(shown)
                        )
                    )
                )
            } else if diagnostic.code == .unknownFormat && isEmptyArray(bytes) {
                // `[]` is what several providers answer for "no data"; only --format can say whose.
                findings.append(Finding(rule: "decode", diagnostic: diagnostic.inFile(shown).asWarning))
            } else if let lenient = lenientFindings(bytes, shown: shown, format: format) {
                // Strict decoding stops at the first defect; the lenient pass names every one the
                // docs are known for (each comment, each placeholder, each inverted interval).
                findings.removeAll { $0.rule == "json" }
                findings += lenient
            } else if !findings.contains(where: { $0.rule == "json" && $0.diagnostic.location?.position == diagnostic.location?.position })
            {
                findings.append(Finding(rule: "decode", diagnostic: diagnostic.inFile(shown)))
            }
        }
        return findings
    }

    /// The findings of a `--lenient` decode, with each defect it recovered from as an error;
    /// `nil` when even lenient decoding fails.
    static func lenientFindings(_ bytes: [UInt8], shown: String, format: String?) -> [Finding]? {
        var options = DecodeOptions()
        options.lenient = true
        guard let result = try? InputDecoding.decode(source: MemoryByteSource(bytes), format: format, options: options) else { return nil }
        return result.warnings.map { warning in
            guard warning.code == .lenientRecovery else { return Finding(rule: "decode", diagnostic: warning.inFile(shown)) }
            var defect = warning.asError
            defect.message += " (accepted only with --lenient)"
            return Finding(rule: "decode", diagnostic: defect.inFile(shown))
        }
    }

    /// Whether the bytes are `[]` with optional white space.
    static func isEmptyArray(_ bytes: [UInt8]) -> Bool {
        bytes.filter { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } == Array("[]".utf8)
    }

    /// Whether the bytes are a JSON object whose first member is `"format": "usageconv-rates/1"`
    /// (white space anywhere, as people write rate cards by hand).
    static func isRateCard(_ bytes: [UInt8]) -> Bool {
        let reader = JSONReader(bytes: Array(bytes.prefix(4096)))
        guard (try? reader.next()) == .beginObject, (try? reader.next()) == .key, reader.isKey("format"),
            (try? reader.next()) == .string
        else { return false }
        return reader.stringValue() == RateCard.formatName
    }

    /// Whether the bytes start like `--to json` output: `{"format":"usageconv/1"`.
    static func isUsageconvOutput(_ bytes: [UInt8]) -> Bool {
        let tag = Array(#"{"format":"\#(ColumnarJSONEncoder.formatTag)""#.utf8)
        let start = bytes.firstIndex { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 } ?? bytes.count
        return bytes.count - start >= tag.count && Array(bytes[start..<(start + tag.count)]) == tag
    }
}
