internal import CLibXML2

/// One step of a streamed XML document.
enum XMLEvent: Equatable {
    /// `<name type="..." nil="true">`; `isEmpty` for `<name/>` (no `.end` follows).
    case start(name: String, type: String?, isNil: Bool, isEmpty: Bool)
    /// `</name>`.
    case end
    /// Character data (CDATA merged in); whitespace between elements is not reported.
    case text(String)
}

/// A streaming XML pull reader on libxml2's `xmlTextReader`, safe by construction.
///
/// Bytes arrive through the project's own read callback (`xmlReaderForIO`), never through the
/// `*ForFile` functions (which gunzip silently), so files, stdin and archive entries share one
/// path and neither the text nor a tree is held. Options are `NONET | NOCDATA | BIG_LINES`,
/// never `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`, `XINCLUDE`, `HUGE` or `RECOVER`; the external
/// entity loader refuses every URL; a DOCTYPE or entity reference is an error, so XXE and
/// billion laughs end at the prolog. Every libxml2 error goes to this reader's own structured
/// handler and becomes a located `Diagnostic`; libxml2 never prints.
///
/// Ownership: the reader owns the `xmlTextReader` and frees it in `deinit`; names and values
/// from `xmlTextReaderConst*` belong to libxml2's dictionary and are copied, never freed.
final class XMLStreamReader {
    /// The read callback's and the error handler's context, owned by the reader.
    private final class Context {
        let source: any ByteSource
        var readError: Diagnostic? = nil
        var parseError: (message: String, code: Int32, line: Int, column: Int)? = nil
        var errorCount = 0
        init(source: any ByteSource) { self.source = source }
    }

    private let context: Context
    private var reader: xmlTextReaderPtr?
    /// Element names from the root to the current element, with the index among same-named siblings.
    private var stack: [(name: String, index: Int)] = []
    /// Per open element: how many children of each name were seen so far.
    private var childCounts: [[String: Int]] = [[:]]
    private var pendingEnd = false
    private var finished = false

    /// Opens a reader on `source`.
    init(source: any ByteSource) throws {
        _ = xmlInitialized
        context = Context(source: source)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let box = Unmanaged.passUnretained(context).toOpaque()
        reader = xmlReaderForIO(
            { pointer, buffer, length in
                guard let pointer, let buffer, length > 0 else { return -1 }
                let context = Unmanaged<Context>.fromOpaque(pointer).takeUnretainedValue()
                do {
                    return Int32(try context.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
                } catch let diagnostic as Diagnostic {
                    context.readError = diagnostic
                    return -1
                } catch {
                    context.readError = .error(.unreadableInput, "cannot read the input: \(error)")
                    return -1
                }
            },
            nil,
            box,
            nil,
            nil,
            options
        )
        guard let reader else { throw Diagnostic.error(.unreadableInput, "cannot start the XML reader (out of memory)") }
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { pointer, error in
                guard let pointer, let error else { return }
                let context = Unmanaged<Context>.fromOpaque(pointer).takeUnretainedValue()
                context.errorCount += 1
                guard context.parseError == nil else { return }
                var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
                while message.last == "\n" || message.last == " " { message.removeLast() }
                context.parseError = (message, error.pointee.code, Int(error.pointee.line), Int(error.pointee.int2))
            },
            box
        )
    }

    deinit {
        if let reader { xmlFreeTextReader(reader) }
    }

    /// The current position: the line (from the node, else the parser) and the element path.
    ///
    /// The path reads like `/vm_stats/vm_hourly_stat[4]/stat_time`. No column: libxml2 2.9 keeps none per node, and
    /// the parser's runs ahead; errors that libxml2 reports carry its exact line:column.
    var location: SourceLocation {
        let path = stack.isEmpty ? nil : self.path
        guard let reader else { return SourceLocation(path: path) }
        var line = Int(xmlTextReaderGetParserLineNumber(reader))
        if let node = xmlTextReaderCurrentNode(reader) {
            let nodeLine = Int(xmlGetLineNo(node))
            // Node lines saturate at 65,535 for some nodes; the parser's line is then the better guess.
            if nodeLine > 0 && nodeLine < 65_535 { line = nodeLine }
        }
        return SourceLocation(line: line, path: path)
    }

    /// The element path of the current element.
    var path: String {
        stack.isEmpty ? "/" : stack.map { $0.index > 1 ? "/\($0.name)[\($0.index)]" : "/\($0.name)" }.joined()
    }

    /// The next event, or nil at the end of a well-formed document.
    func next() throws -> XMLEvent? {
        guard let reader, !finished else { return nil }
        if pendingEnd {
            pendingEnd = false
            pop()
        }
        while true {
            let status = xmlTextReaderRead(reader)
            try checkErrors()
            if status == 0 {
                finished = true
                return nil
            }
            guard status == 1 else {
                throw Diagnostic.error(.malformedInput, "malformed XML", at: location)
            }
            switch xmlTextReaderNodeType(reader) {
            case 1:  // element
                let name = copy(xmlTextReaderConstLocalName(reader))
                let index = (childCounts[childCounts.count - 1][name] ?? 0) + 1
                childCounts[childCounts.count - 1][name] = index
                stack.append((name, index))
                childCounts.append([:])
                var type: String? = nil
                var isNil = false
                if xmlTextReaderHasAttributes(reader) == 1 {
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        let attribute = copy(xmlTextReaderConstLocalName(reader))
                        if attribute == "type" {
                            type = copy(xmlTextReaderConstValue(reader))
                        } else if attribute == "nil" {
                            isNil = copy(xmlTextReaderConstValue(reader)) == "true"
                        }
                    }
                    xmlTextReaderMoveToElement(reader)
                }
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                if isEmpty { pendingEnd = true }
                return .start(name: name, type: type, isNil: isNil, isEmpty: isEmpty)
            case 15:  // end element
                pop()
                return .end
            case 3, 4:  // text, CDATA
                return .text(copy(xmlTextReaderConstValue(reader)))
            case 10:
                throw Diagnostic.error(
                    .malformedInput,
                    "expected no DOCTYPE in a dump, found one (DTDs and entities are refused: they are how XXE and billion-laughs attacks work)",
                    at: location
                )
            case 5, 6:
                throw Diagnostic.error(
                    .malformedInput,
                    "expected no entity references in a dump, found one (entities are refused)",
                    at: location
                )
            default:
                continue  // whitespace, comments, processing instructions, the XML declaration
            }
        }
    }

    /// The first libxml2 error, if any was reported (even when the read loop ended normally).
    private func checkErrors() throws {
        if let error = context.readError { throw error }
        if let error = context.parseError {
            var at = SourceLocation(line: error.line, column: max(error.column, 1), path: path)
            if error.line == 0 { at = location }
            // libxml2's push parser, fed to the end, reports a document cut short as "Extra content
            // at the end of the document" (XML_ERR_DOCUMENT_END); say what is really wrong.
            if error.code == XML_ERR_DOCUMENT_END.rawValue, let open = stack.last {
                throw Diagnostic.error(
                    .truncatedInput,
                    "expected </\(open.name)> before the end of input, found the end: the document is truncated or its root is never closed (still open: \(path))",
                    at: at
                )
            }
            throw Diagnostic.error(.malformedInput, Self.explain(error.message), at: at)
        }
    }

    /// libxml2's message, reworded where a user needs to know more.
    static func explain(_ message: String) -> String {
        if message.hasPrefix("Premature end of data in tag ") || message.hasPrefix("EndTag: '</' not found") {
            return "the input ends before every element is closed (\(message)); the file is truncated or its root is never closed"
        }
        if message.hasPrefix("Excessive depth in document") {
            return "expected at most 256 levels of nesting, found deeper (libxml2's safety limit; dumps are never this deep)"
        }
        if message.hasPrefix("Detected an entity reference loop") || message.contains("amplification") {
            return "expected no entity expansion, found an entity reference loop (a billion-laughs document)"
        }
        if message.hasPrefix("Document is empty") || message.hasPrefix("Start tag expected") {
            return "expected an XML element, found none (\(message))"
        }
        return message
    }

    private func pop() {
        if !stack.isEmpty { stack.removeLast() }
        if childCounts.count > 1 { childCounts.removeLast() }
    }

    private func copy(_ text: UnsafePointer<xmlChar>?) -> String {
        guard let text else { return "" }
        return text.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
    }
}

/// `xmlInitParser()` and the refusing entity loader, once per process (tests run concurrently).
private let xmlInitialized: Void = { clibxml2_initialize() }()
