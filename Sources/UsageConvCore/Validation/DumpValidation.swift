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
    }

    /// The bundled XSD for OnApp vm_stats XML, parsed once.
    public static func bundledOnAppSchema() throws -> XMLSchemaValidator {
        try XMLSchemaValidator(xsd: BundledSchemas.onappVMStatsXSD, name: "onapp-vm-stats.xsd")
    }

    /// Validates the bytes of one dump (`shown` names it in locations).
    ///
    /// - Parameters:
    ///   - schemas: the XSD and JSON Schemas to check against.
    ///   - format: a decoder to force, as `--format` does.
    public static func validate(bytes: [UInt8], shown: String, schemas: DumpSchemas, format: String?) throws -> [Finding] {
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
                    // Not well-formed JSON: the syntax error (line:column) is the one finding.
                    return [Finding(rule: "json", diagnostic: error.inFile(shown))]
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
            // An error body kept as a fixture is a faithful dump of the API's error response:
            // worth saying, not a defect of the fixture.
            let kept =
                diagnostic.code == .providerError
                ? Diagnostic.warning(.providerError, diagnostic.message, at: diagnostic.location) : diagnostic
            findings.append(Finding(rule: "decode", diagnostic: kept.inFile(shown)))
        }
        return findings
    }
}
