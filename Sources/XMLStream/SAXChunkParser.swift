internal import CLibXML2
import Synchronization
import UsageConvBytes
import UsageConvDiagnostics

/// One step of a streamed XML document, with its names and text as strings (`XMLStreamReader.next()`).
package enum XMLEvent: Equatable, Sendable {
    /// `<name type="..." nil="true">`; `isEmpty` for `<name/>` (no `.end` follows).
    case start(name: String, type: String?, isNil: Bool, isEmpty: Bool)
    /// `</name>`.
    case end
    /// Character data (CDATA merged in); whitespace between elements is not reported.
    case text(String)
}

/// One step of a streamed XML document in its compact form (`XMLStreamReader.nextToken()`).
///
/// Plain values only, so a batch of thousands is built and dropped without a retain or a release:
/// element names and `type` values are ids into the reader's name table (`XMLStreamReader.name(_:)`,
/// one `String` per distinct name for the whole document), text is a range of its batch's bytes
/// (`XMLStreamReader.text(of:)`).
package struct XMLToken: Sendable {
    /// What the token is.
    package enum Kind: UInt8, Sendable {
        /// A start tag (or, with `isEmpty`, a whole empty element).
        case start
        /// An end tag.
        case end
        /// Character data (CDATA merged in), never whitespace only.
        case text
    }

    /// What the token is.
    package var kind: Kind
    /// Start tags: `nil="true"`.
    package var isNil = false
    /// Start tags: `<name/>` or `<name></name>` (no `.end` follows).
    package var isEmpty = false
    /// Start tags: the caller's class of the name (`XMLStreamReader`'s `classify`), 0 otherwise.
    package var nameClass: UInt8 = 0
    /// Start tags: the local name's id.
    package var name: Int32 = -1
    /// Start tags: the `type` attribute's value as a name id, or -1 without one.
    package var type: Int32 = -1
    /// The line the token was seen on.
    package var line = 0
    /// Text: where its bytes start in the batch's text.
    var textStart = 0
    /// Text: how many bytes.
    var textCount = 0

    /// Whether the token has a `type` attribute.
    package var hasType: Bool { type >= 0 }
}

/// What one chunk of input produced: its tokens, then how parsing stands.
struct XMLEventBatch: Sendable {
    /// The chunk's tokens, in document order.
    var events: [XMLToken] = []
    /// The bytes of the chunk's text tokens, back to back.
    var text: [UInt8] = []
    /// Names first seen in this chunk, in id order (they follow the names of earlier batches).
    var newNames: [String] = []
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

/// The names both sides of a parse know before the first batch: the two attributes read.
enum XMLPredefinedName {
    /// `type`: id 0.
    static let type: Int32 = 0
    /// `nil`: id 1.
    static let isNil: Int32 = 1
    /// The table both sides start from.
    static let all = ["type", "nil"]
}

/// libxml2's SAX2 push parser over a `ByteSource`, one 64 KiB chunk per call.
///
/// Safe by construction: options `NONET | NOCDATA | BIG_LINES`, never `NOENT`, `DTDLOAD`,
/// `DTDATTR`, `DTDVALID`, `XINCLUDE`, `HUGE` or `RECOVER`; the entity loader refuses every URL;
/// a DOCTYPE stops the parser before its internal subset is read (so XXE never reads a file and
/// billion laughs never expands); nesting past 256 levels is refused (the push parser has no limit
/// of its own); every libxml2 error arrives through this parser's structured handler.
///
/// Cheap by construction: the callbacks run for every element of multi-gigabyte documents, on the
/// thread that bounds throughput, so they allocate nothing per element. Names are found by
/// libxml2's interned pointer in a small open-addressing table (a `String` is made once per
/// distinct name), `type` values by their bytes in a short list, and text is copied once, into
/// the batch's byte buffer.
///
/// Ownership and threads: the parser owns the libxml2 context and its state (behind one pointer:
/// plain pointer access avoids Swift's dynamic exclusivity checks on class properties, a fifth of
/// the time on this hot loop) and frees both in `deinit`. It is used by one thread at a time —
/// the reader's, or the pipeline thread that owns it — hence `@unchecked Sendable`.
final class SAXChunkParser: @unchecked Sendable {
    /// Name ids: by libxml2's interned pointer first, by text when a pointer is new.
    private struct NameTable {
        /// Open addressing on the pointer (a power of two long, at most half full); nil is free.
        var keys = [UnsafePointer<xmlChar>?](repeating: nil, count: 64)
        var ids = [Int32](repeating: -1, count: 64)
        var used = 0
        /// Every name and value seen, by text: the ids both sides of the pipeline agree on.
        var byText: [String: Int32]
        /// Attribute values (`integer`, `datetime`, ...) with their ids, a handful per document.
        var values: [(bytes: [UInt8], id: Int32)] = []

        static let maxValues = 32

        init() {
            byText = [:]
            for (id, name) in XMLPredefinedName.all.enumerated() { byText[name] = Int32(id) }
        }

        static func slot(_ pointer: UnsafePointer<xmlChar>, mask: Int) -> Int {
            let bits = UInt(bitPattern: pointer) &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: bits >> 40) & mask
        }

        /// The id of the interned name at `pointer`; a new name is appended to `newNames`.
        mutating func id(of pointer: UnsafePointer<xmlChar>, newNames: inout [String]) -> Int32 {
            let mask = keys.count - 1
            var slot = Self.slot(pointer, mask: mask)
            while let key = keys[slot] {
                if key == pointer { return ids[slot] }
                slot = (slot + 1) & mask
            }
            let text = pointer.withMemoryRebound(to: CChar.self, capacity: 1) { String(cString: $0) }
            let id = intern(text, newNames: &newNames)
            keys[slot] = pointer
            ids[slot] = id
            used += 1
            if used * 2 > keys.count { grow() }
            return id
        }

        /// The id of an attribute value (not interned by libxml2: found by its bytes).
        mutating func id(ofValue bytes: UnsafeBufferPointer<UInt8>, newNames: inout [String]) -> Int32 {
            for known in values where known.bytes.count == bytes.count && known.bytes.last == bytes.last {
                let same = known.bytes.withUnsafeBufferPointer { stored in
                    for index in 0..<stored.count where stored[index] != bytes[index] { return false }
                    return true
                }
                if same { return known.id }
            }
            let id = intern(String(decoding: bytes, as: UTF8.self), newNames: &newNames)
            if values.count < Self.maxValues { values.append((Array(bytes), id)) }
            return id
        }

        mutating func intern(_ text: String, newNames: inout [String]) -> Int32 {
            if let id = byText[text] { return id }
            let id = Int32(truncatingIfNeeded: byText.count)
            byText[text] = id
            newNames.append(text)
            return id
        }

        mutating func grow() {
            let oldKeys = keys
            let oldIds = ids
            keys = [UnsafePointer<xmlChar>?](repeating: nil, count: oldKeys.count * 2)
            ids = [Int32](repeating: -1, count: oldKeys.count * 2)
            let mask = keys.count - 1
            for (index, key) in oldKeys.enumerated() {
                guard let key else { continue }
                var slot = Self.slot(key, mask: mask)
                while keys[slot] != nil { slot = (slot + 1) & mask }
                keys[slot] = key
                ids[slot] = oldIds[index]
            }
        }
    }

    /// What the SAX callbacks write into, through their `user` pointer.
    private struct State {
        var parser: xmlParserCtxtPtr? = nil
        var batch = XMLEventBatch()
        /// The batch's text bytes so far, in memory of the parser's own (an `Array` append costs
        /// more than the copy itself at two calls per element); copied into `batch.text` once
        /// per batch.
        var text = UnsafeMutablePointer<UInt8>.allocate(capacity: 64 * 1024)
        var textCapacity = 64 * 1024
        var textCount = 0
        /// Where text not yet flushed starts in `text` (`textCount` when there is none).
        var pendingText = 0
        /// Whether the text not yet flushed holds more than whitespace (checked as it arrives).
        var pendingIsSignificant = false
        var names = NameTable()
        var depth = 0

        static let maxDepth = 256

        /// The parser's current line (what `xmlSAX2GetLineNumber` returns, without the call).
        var line: Int {
            guard let input = parser?.pointee.input else { return 0 }
            return Int(input.pointee.line)
        }

        /// Appends character data (whitespace between elements included) to the pending text.
        mutating func append(_ characters: UnsafePointer<xmlChar>, count: Int) {
            if textCount + count > textCapacity {
                let capacity = max(textCapacity * 2, textCount + count)
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
                grown.update(from: text, count: textCount)
                text.deallocate()
                text = grown
                textCapacity = capacity
            }
            (text + textCount).update(from: characters, count: count)
            textCount += count
            if !pendingIsSignificant {
                for index in 0..<count {
                    let byte = characters[index]
                    if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                        pendingIsSignificant = true
                        break
                    }
                }
            }
        }

        /// Ends the text since the last tag: a token when it holds more than whitespace, else dropped.
        mutating func flushText() {
            guard textCount > pendingText else { return }
            if pendingIsSignificant {
                batch.events.append(XMLToken(kind: .text, line: line, textStart: pendingText, textCount: textCount - pendingText))
                pendingText = textCount
                pendingIsSignificant = false
            } else {
                textCount = pendingText
            }
        }

        /// Moves the batch's text into `batch.text`; text still open (an element cut in two by
        /// the chunk's end) stays, at the start, for the next batch.
        mutating func closeBatchText() {
            batch.text = [UInt8](UnsafeBufferPointer(start: text, count: pendingText))
            let open = textCount - pendingText
            // Forward, byte by byte: the regions may overlap, and the target is the lower one.
            for index in 0..<open { text[index] = text[pendingText + index] }
            textCount = open
            pendingText = 0
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
    /// Token arrays the reader has finished with, emptied, for the next batches to fill: a
    /// chunk's tokens take about 190 KiB, which glibc would map and unmap (page faults, system
    /// time) for every chunk if each batch allocated its own.
    private let spareEvents = Mutex<[[XMLToken]]>([])

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
            var token = XMLToken(kind: .start)
            if let attributes, attributeCount > 0 {
                // Five pointers per attribute: local name, prefix, URI, value start, value end.
                for index in 0..<Int(attributeCount) {
                    guard let name = attributes[index * 5], let start = attributes[index * 5 + 3],
                        let end = attributes[index * 5 + 4]
                    else { continue }
                    let attribute = state.pointee.names.id(of: name, newNames: &state.pointee.batch.newNames)
                    let value = UnsafeBufferPointer(start: start, count: end - start)
                    if attribute == XMLPredefinedName.type {
                        token.type = state.pointee.names.id(ofValue: value, newNames: &state.pointee.batch.newNames)
                    } else if attribute == XMLPredefinedName.isNil {
                        token.isNil = value.count == 4 && value[0] == 0x74 && value[1] == 0x72 && value[2] == 0x75 && value[3] == 0x65
                    }
                }
            }
            token.name = state.pointee.names.id(of: localname, newNames: &state.pointee.batch.newNames)
            token.line = state.pointee.line
            state.pointee.batch.events.append(token)
        }
        handler.endElementNs = { user, _, _, _ in
            guard let user else { return }
            let state = user.assumingMemoryBound(to: State.self)
            state.pointee.flushText()
            state.pointee.depth -= 1
            state.pointee.batch.events.append(XMLToken(kind: .end, line: state.pointee.line))
        }
        handler.characters = { user, characters, length in
            guard let user, let characters, length > 0 else { return }
            user.assumingMemoryBound(to: State.self).pointee.append(characters, count: Int(length))
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
        state.pointee.text.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Takes back a batch's token array (from any thread) for a later batch to reuse its memory.
    func recycle(_ events: consuming [XMLToken]) {
        // The first call hands back the reader's initial, never-filled array.
        guard events.capacity >= 1024 else { return }
        events.removeAll(keepingCapacity: true)
        let spare = events
        spareEvents.withLock { spares in
            if spares.count < 4 { spares.append(spare) }
        }
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
        // A 64 KiB chunk of a dump holds about 3,000 tokens: one allocation, no regrowth.
        if let spare = spareEvents.withLock({ $0.popLast() }) {
            state.pointee.batch.events = spare
        } else {
            state.pointee.batch.events.reserveCapacity(4096)
        }
        do {
            try feed()
        } catch let diagnostic as Diagnostic {
            if state.pointee.batch.failure == nil { state.pointee.batch.failure = diagnostic }
        } catch {
            state.pointee.batch.failure = .error(.unreadableInput, "cannot read the input: \(error)")
        }
        state.pointee.closeBatchText()
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
