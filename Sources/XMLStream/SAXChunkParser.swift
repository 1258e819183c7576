internal import CLibXML2
import UsageConvBytes
import UsageConvDiagnostics

/// One step of a streamed XML document.
package enum XMLEvent: Equatable, Sendable {
    /// `<name type="..." nil="true">`; `isEmpty` for `<name/>` (no `.end` follows).
    case start(name: String, type: String?, isNil: Bool, isEmpty: Bool)
    /// `</name>`.
    case end
    /// Character data (CDATA merged in); whitespace between elements is not reported.
    case text(String)
}

/// An event with the line it was seen on (a struct, not a tuple: tuples are destroyed generically).
struct QueuedXMLEvent: Sendable {
    var event: XMLEvent
    var line: Int
}

/// What one chunk of input produced: its events, then how parsing stands.
struct XMLEventBatch: Sendable {
    /// The chunk's events, in document order.
    var events: [QueuedXMLEvent] = []
    /// A refusal (DOCTYPE, entity, depth) or a read error; reported after `events`.
    var failure: Diagnostic? = nil
    /// libxml2's first error (message, code, line, column); reported after `events`.
    var parseError: XMLParseError? = nil
    /// Whether the document ended (no more batches follow).
    var ended = false
}

/// The first error libxml2 reported through the structured handler.
struct XMLParseError: Sendable {
    var message: String
    var code: Int32
    var line: Int
    var column: Int
}

/// libxml2's SAX2 push parser over a `ByteSource`, one 64 KiB chunk per call.
///
/// Safe by construction: options `NONET | NOCDATA | BIG_LINES`, never `NOENT`, `DTDLOAD`,
/// `DTDATTR`, `DTDVALID`, `XINCLUDE`, `HUGE` or `RECOVER`; the entity loader refuses every URL;
/// a DOCTYPE stops the parser before its internal subset is read (so XXE never reads a file and
/// billion laughs never expands); nesting past 256 levels is refused (the push parser has no limit
/// of its own); every libxml2 error arrives through this parser's structured handler.
///
/// Ownership and threads: the parser owns the libxml2 context and its state (behind one pointer:
/// plain pointer access avoids Swift's dynamic exclusivity checks on class properties, a fifth of
/// the time on this hot loop) and frees both in `deinit`. It is used by one thread at a time —
/// the reader's, or the pipeline thread that owns it — hence `@unchecked Sendable`.
final class SAXChunkParser: @unchecked Sendable {
    /// What the SAX callbacks write into, through their `user` pointer.
    private struct State {
        var parser: xmlParserCtxtPtr? = nil
        var batch = XMLEventBatch()
        var text: [UInt8] = []
        /// Element names by their interned pointer (libxml2's dictionary gives one per name).
        var names: [UnsafePointer<xmlChar>: String] = [:]
        var depth = 0

        static let maxDepth = 256

        var line: Int { parser.map { Int(xmlSAX2GetLineNumber(UnsafeMutableRawPointer($0))) } ?? 0 }

        mutating func name(_ pointer: UnsafePointer<xmlChar>) -> String {
            if let known = names[pointer] { return known }
            let name = pointer.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
            names[pointer] = name
            return name
        }

        mutating func flushText() {
            guard !text.isEmpty else { return }
            if text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                batch.events.append(QueuedXMLEvent(event: .text(String(decoding: text, as: UTF8.self)), line: line))
            }
            text.removeAll(keepingCapacity: true)
        }

        mutating func refuse(_ message: String) {
            if batch.failure == nil { batch.failure = .error(.malformedInput, message, at: SourceLocation(line: line)) }
            if let parser { xmlStopParser(parser) }
        }
    }

    private static let chunkSize = 64 * 1024

    private let source: any ByteSource
    private let state: UnsafeMutablePointer<State>
    private var handler = xmlSAXHandler()
    private var buffer = [UInt8](repeating: 0, count: SAXChunkParser.chunkSize)
    private var finished = false

    /// Prepares a parser on `source`; nothing is read until the first `nextBatch()`.
    init(source: any ByteSource) {
        _ = xmlInitialized
        self.source = source
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { user, localname, _, _, _, _, attributeCount, _, attributes in
            guard let user, let localname else { return }
            let state = user.assumingMemoryBound(to: State.self)
            state.pointee.flushText()
            state.pointee.depth += 1
            if state.pointee.depth > State.maxDepth {
                state.pointee.refuse("expected at most \(State.maxDepth) levels of nesting, found deeper (dumps are never this deep)")
                return
            }
            var type: String? = nil
            var isNil = false
            if let attributes, attributeCount > 0 {
                // Five pointers per attribute: local name, prefix, URI, value start, value end.
                for index in 0..<Int(attributeCount) {
                    guard let name = attributes[index * 5], let start = attributes[index * 5 + 3],
                        let end = attributes[index * 5 + 4]
                    else { continue }
                    let attribute = state.pointee.name(name)
                    guard attribute == "type" || attribute == "nil" else { continue }
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                    if attribute == "type" { type = value } else { isNil = value == "true" }
                }
            }
            let name = state.pointee.name(localname)
            state.pointee.batch.events.append(
                QueuedXMLEvent(event: .start(name: name, type: type, isNil: isNil, isEmpty: false), line: state.pointee.line)
            )
        }
        handler.endElementNs = { user, _, _, _ in
            guard let user else { return }
            let state = user.assumingMemoryBound(to: State.self)
            state.pointee.flushText()
            state.pointee.depth -= 1
            state.pointee.batch.events.append(QueuedXMLEvent(event: .end, line: state.pointee.line))
        }
        handler.characters = { user, characters, length in
            guard let user, let characters, length > 0 else { return }
            user.assumingMemoryBound(to: State.self).pointee.text.append(
                contentsOf: UnsafeBufferPointer(start: characters, count: Int(length))
            )
        }
        handler.internalSubset = { user, _, _, _ in
            user?.assumingMemoryBound(to: State.self).pointee.refuse(
                "expected no DOCTYPE in a dump, found one (DTDs and entities are refused: they are how XXE and billion-laughs attacks work)"
            )
        }
        handler.entityDecl = { user, _, _, _, _, _ in
            user?.assumingMemoryBound(to: State.self).pointee.refuse("expected no entity declarations in a dump, found one")
        }
        handler.reference = { user, _ in
            user?.assumingMemoryBound(to: State.self).pointee.refuse("expected no entity references in a dump, found one")
        }
        handler.serror = { user, error in
            guard let user, let error else { return }
            let state = user.assumingMemoryBound(to: State.self)
            guard state.pointee.batch.parseError == nil else { return }
            var message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
            while message.last == "\n" || message.last == " " { message.removeLast() }
            // One diagnostic, one line: libxml2 continues some messages on a second line ("Bytes: 0xFF ...").
            message = message.split(whereSeparator: \.isNewline).map { String($0.drop { $0 == " " }) }.joined(separator: "; ")
            state.pointee.batch.parseError = XMLParseError(
                message: message,
                code: error.pointee.code,
                line: Int(error.pointee.line),
                column: Int(error.pointee.int2)
            )
        }
    }

    deinit {
        // The parser first (it may still call back while freeing), then the state it points into.
        if let parser = state.pointee.parser { xmlFreeParserCtxt(parser) }
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Silences libxml2's per-thread generic messages on the calling thread.
    static func silenceThisThread() {
        _ = xmlInitialized
        clibxml2_silence_this_thread()
    }

    /// Parses the next chunk (or finishes the document at the end of input).
    ///
    /// Returns what the chunk produced; after a batch that ended or failed, empty ended batches.
    func nextBatch() -> XMLEventBatch {
        guard !finished else { return XMLEventBatch(ended: true) }
        let state = self.state
        state.pointee.batch = XMLEventBatch()
        state.pointee.batch.events.reserveCapacity(2048)
        do {
            try feed()
        } catch let diagnostic as Diagnostic {
            if state.pointee.batch.failure == nil { state.pointee.batch.failure = diagnostic }
        } catch {
            state.pointee.batch.failure = .error(.unreadableInput, "cannot read the input: \(error)")
        }
        let batch = state.pointee.batch
        state.pointee.batch = XMLEventBatch()
        if batch.ended || batch.failure != nil || batch.parseError != nil { finished = true }
        return batch
    }

    private func feed() throws {
        let count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        let state = self.state
        try buffer.withUnsafeBufferPointer { bytes in
            try bytes.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress else { return }
                if state.pointee.parser == nil {
                    guard count > 0 else { return }
                    // The first bytes let libxml2 detect the encoding (a UTF-16 BOM, say).
                    let head = Int32(min(count, 4))
                    guard let parser = xmlCreatePushParserCtxt(&handler, UnsafeMutableRawPointer(state), base, head, nil) else {
                        throw Diagnostic.error(.unreadableInput, "cannot start the XML parser (out of memory)")
                    }
                    state.pointee.parser = parser
                    xmlCtxtUseOptions(parser, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_BIG_LINES.rawValue))
                    if count > 4 { xmlParseChunk(parser, base + 4, Int32(count - 4), 0) }
                } else if let parser = state.pointee.parser, count > 0 {
                    xmlParseChunk(parser, base, Int32(count), 0)
                }
            }
        }
        if count == 0 {
            guard let parser = state.pointee.parser else {
                throw Diagnostic.error(.truncatedInput, "expected an XML element, found an empty input", at: SourceLocation(line: 1))
            }
            xmlParseChunk(parser, nil, 0, 1)
            state.pointee.flushText()
            state.pointee.batch.ended = true
        }
    }
}

/// `xmlInitParser()` and the refusing entity loader, once per process (tests run concurrently).
let xmlInitialized: Void = { clibxml2_initialize() }()
