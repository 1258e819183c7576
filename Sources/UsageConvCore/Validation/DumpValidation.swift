/// Checks a dump kept as a test fixture: its schema (XML: an XSD through libxml2), then whether its
/// provider's decoder reads it without a single error or warning (the payload's own consistency:
/// totals, sorted unique times, steps, documented shapes).
///
/// JSON Schema validation of JSON dumps is a separate piece of work; JSON files get the decoder's checks.
public enum DumpValidation {
    /// One finding: which check found it (`xsd`, `decode`) and the located diagnostic.
    public struct Finding: Sendable {
        /// The check: `xsd` for schema validity, `decode` for the provider decoder's checks.
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
    ///   - xsd: the schema for XML input (nil: the bundled OnApp schema).
    ///   - format: a decoder to force, as `--format` does.
    public static func validate(bytes: [UInt8], shown: String, xsd: XMLSchemaValidator?, format: String?) throws -> [Finding] {
        var findings: [Finding] = []
        let shape = ShapeSniffer.shape(of: Array(bytes.prefix(ShapeSniffer.prefixLength)))
        if shape.syntax == .xml {
            let schema = try xsd ?? bundledOnAppSchema()
            for diagnostic in schema.validate(MemoryByteSource(bytes)) {
                findings.append(Finding(rule: "xsd", diagnostic: diagnostic.inFile(shown)))
            }
            // A document that is not even well-formed has said all there is to say.
            if findings.contains(where: { $0.diagnostic.code == .malformedInput && $0.diagnostic.severity == .error }) {
                return findings
            }
        }
        do {
            let result = try InputDecoding.decode(source: MemoryByteSource(bytes), format: format, options: DecodeOptions())
            for warning in result.warnings { findings.append(Finding(rule: "decode", diagnostic: warning.inFile(shown))) }
        } catch let diagnostic as Diagnostic {
            findings.append(Finding(rule: "decode", diagnostic: diagnostic.inFile(shown)))
        }
        return findings
    }
}
