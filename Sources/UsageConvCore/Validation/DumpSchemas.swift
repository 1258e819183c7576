/// The schemas `usageconv validate` checks dumps against: an XSD for XML, and for JSON either one
/// schema the user chose (`--schema`) or the bundled schema of the provider the dump belongs to.
public struct DumpSchemas {
    /// The XSD for XML dumps.
    public var xsd: XMLSchemaValidator
    /// A JSON Schema chosen with `--schema`, replacing the per-provider ones.
    public var customJSON: JSONSchemaValidator?
    /// The bundled provider schemas, compiled, by decoder id.
    public var providerJSON: [String: JSONSchemaValidator]

    /// The bundled schemas (OnApp XSD, one JSON Schema per provider).
    public init(formatAssertion: Bool = false) throws {
        xsd = try XMLSchemaValidator(xsd: BundledSchemas.onappVMStatsXSD, name: "onapp-vm-stats.xsd")
        var options = JSONSchemaValidator.Options()
        options.formatAssertion = formatAssertion
        var compiled: [String: JSONSchemaValidator] = [:]
        for decoder in DecoderRegistry.all {
            guard let name = decoder.facts.schemaName, let text = BundledJSONSchemas.byName[name] else { continue }
            compiled[decoder.id] = try JSONSchemaValidator(schema: Array(text.utf8), options: options)
        }
        providerJSON = compiled
        customJSON = nil
    }

    /// The names `--schema` takes besides files: each decoder's id (`baishan`, as `usageconv
    /// formats` lists it) for its provider's schema, then every bundled schema's own name
    /// (`surfercloud-throughput-daily-billing`, `usageconv-series`).
    public static var bundledNames: [String] {
        let decoders = DecoderRegistry.all.filter { Self.bundledSchema(of: $0.id) != nil }.map(\.id)
        return decoders + BundledJSONSchemas.byName.keys.sorted()
    }

    /// The bundled schema name a decoder's dumps are checked against (`baishan` →
    /// `baishan-stat-bandwidth`), when it declares one that is bundled.
    public static func bundledSchema(of decoderID: String) -> String? {
        guard let name = DecoderRegistry.decoder(named: decoderID)?.facts.schemaName,
            BundledJSONSchemas.byName[name] != nil
        else { return nil }
        return name
    }

    /// Reads `--schema`: an `.xsd` file, a JSON Schema file, or one of `bundledNames`.
    ///
    /// A name wins over a file of that name in the working folder, as a bundled name always
    /// means the same schema.
    public mutating func choose(_ schema: String, formatAssertion: Bool) throws {
        var options = JSONSchemaValidator.Options()
        options.formatAssertion = formatAssertion
        let name = Self.bundledSchema(of: schema.lowercased()) ?? schema
        if let text = BundledJSONSchemas.byName[name] {
            customJSON = try JSONSchemaValidator(schema: Array(text.utf8), options: options)
            return
        }
        let bytes: [UInt8]
        do {
            bytes = try FileByteSource(path: schema).readBytes(upTo: 64 << 20)
        } catch let diagnostic as Diagnostic {
            var copy = diagnostic
            copy.message +=
                " (--schema takes an .xsd file, a JSON Schema file, or one of: "
                + Self.bundledNames.joined(separator: ", ") + ")"
            throw copy.inFile(schema)
        }
        if schema.hasSuffix(".xsd") || ShapeSniffer.shape(of: Array(bytes.prefix(ShapeSniffer.prefixLength))).syntax == .xml {
            xsd = try XMLSchemaValidator(xsd: String(decoding: bytes, as: UTF8.self), name: schema)
        } else {
            do {
                customJSON = try JSONSchemaValidator(schema: bytes, options: options)
            } catch {
                throw error.inFile(schema)
            }
        }
    }
}
