internal import CLibXML2
import UsageConvBytes
import UsageConvDiagnostics

/// Validates XML against an XSD with libxml2's schema support, streaming (`xmlTextReader` with a
/// schema validation context), with the same safety as conversion: our own read callback, options
/// `NONET | NOCDATA | BIG_LINES`, the refusing entity loader, any DOCTYPE or entity reference an error.
///
/// Every finding is collected (not just the first) as a `Diagnostic` with libxml2's line:column.
/// Ownership: the validator owns the parsed schema (`xmlSchemaFree` in `deinit`); each run owns its
/// reader and validation context and frees both before returning.
public final class XMLSchemaValidator {
    /// Findings of one run, written by libxml2's error callbacks through an unretained pointer.
    private final class Findings {
        let source: any ByteSource
        var diagnostics: [Diagnostic] = []
        var readError: Diagnostic? = nil
        init(source: any ByteSource) { self.source = source }
    }

    private let schema: xmlSchemaPtr
    /// The schema's name in messages (`onapp-vm-stats.xsd`).
    public let name: String

    /// Parses an XSD from its text; a schema that does not parse is a usage error naming its first problem.
    public init(xsd: String, name: String) throws {
        _ = xmlInitialized
        self.name = name
        var text = Array(xsd.utf8)
        let errors = Findings(source: MemoryByteSource([UInt8]()))
        let box = Unmanaged.passUnretained(errors).toOpaque()
        let parsed: xmlSchemaPtr? = text.withUnsafeMutableBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let context = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else { return nil }
                defer { xmlSchemaFreeParserCtxt(context) }
                xmlSchemaSetParserStructuredErrors(context, { user, error in XMLSchemaValidator.record(user, error) }, box)
                return xmlSchemaParse(context)
            }
        }
        guard let parsed else {
            let first = errors.diagnostics.first?.message ?? "it does not parse"
            throw Diagnostic.error(.usage, "the schema \(name) is not a usable XSD: \(first)")
        }
        schema = parsed
    }

    deinit {
        xmlSchemaFree(schema)
    }

    /// Validates the document in `source`; an empty result means valid.
    public func validate(_ source: any ByteSource) -> [Diagnostic] {
        let findings = Findings(source: source)
        let box = Unmanaged.passUnretained(findings).toOpaque()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue)
        // The validation context outlives the reader: freeing the reader unplugs it from the context.
        guard let context = xmlSchemaNewValidCtxt(schema) else { return [.error(.unreadableInput, "cannot start the validator")] }
        defer { xmlSchemaFreeValidCtxt(context) }
        guard
            let reader = xmlReaderForIO(
                { pointer, buffer, length in
                    guard let pointer, let buffer, length > 0 else { return -1 }
                    let findings = Unmanaged<Findings>.fromOpaque(pointer).takeUnretainedValue()
                    do {
                        return Int32(try findings.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
                    } catch let diagnostic as Diagnostic {
                        findings.readError = diagnostic
                        return -1
                    } catch {
                        findings.readError = .error(.unreadableInput, "cannot read the input: \(error)")
                        return -1
                    }
                },
                nil,
                box,
                nil,
                nil,
                options
            )
        else { return [.error(.unreadableInput, "cannot start the XML reader (out of memory)")] }
        defer { xmlFreeTextReader(reader) }
        // The handler first: the reader hands it on to the validation context it attaches.
        xmlTextReaderSetStructuredErrorHandler(reader, { user, error in XMLSchemaValidator.record(user, error) }, box)
        xmlSchemaSetValidStructuredErrors(context, { user, error in XMLSchemaValidator.record(user, error) }, box)
        guard xmlTextReaderSchemaValidateCtxt(reader, context, 0) == 0 else {
            return [.error(.usage, "cannot attach the schema \(name) to the reader")]
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status != 1 { break }
            let type = xmlTextReaderNodeType(reader)
            if type == 10 || type == 5 || type == 6 {
                let line = xmlGetLineNo(xmlTextReaderCurrentNode(reader))
                findings.diagnostics.append(
                    .error(
                        .malformedInput,
                        "expected no DOCTYPE or entities in a dump, found one (refused: XXE and billion laughs)",
                        at: SourceLocation(line: Int(max(line, 1)))
                    )
                )
                break
            }
        }
        if let readError = findings.readError { findings.diagnostics.append(readError) }
        return findings.diagnostics
    }

    /// Turns one libxml2 error into a finding with its line:column.
    private static func record(_ user: UnsafeMutableRawPointer?, _ error: UnsafePointer<xmlError>?) {
        guard let user, let error else { return }
        let findings = Unmanaged<Findings>.fromOpaque(user).takeUnretainedValue()
        var message = error.pointee.message.map { String(cString: $0) } ?? "invalid"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        let location = SourceLocation(
            line: error.pointee.line > 0 ? Int(error.pointee.line) : nil,
            column: error.pointee.int2 > 0 ? Int(error.pointee.int2) : nil
        )
        let isWarning = error.pointee.level == XML_ERR_WARNING
        let code: Diagnostic.Code = error.pointee.domain == Int32(XML_FROM_SCHEMASV.rawValue) ? .invalidValue : .malformedInput
        findings.diagnostics.append(isWarning ? .warning(code, message, at: location) : .error(code, message, at: location))
    }
}
