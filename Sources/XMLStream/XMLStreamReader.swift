internal import CLibXML2
import UsageConvBytes
import UsageConvDiagnostics

/// A streaming XML pull reader: events from `SAXChunkParser`, with element paths and lines.
///
/// The project's own reader feeds 64 KiB chunks to libxml2's SAX2 push parser (never the
/// `*ForFile` functions, which gunzip silently), so files, stdin and archive entries share one
/// path and neither the text nor a tree is ever held. DESIGN.md §7 measured the push interface at
/// ~100 MB/s against ~55 for `xmlTextReader`. For inputs over 256 KiB the parser runs on its own
/// thread, two chunks ahead (`XMLParsePipeline`): parsing and decoding then use both cores.
/// Safety (no DTD, no entities, no network, a depth limit) is `SAXChunkParser`'s.
package final class XMLStreamReader {
    /// An open element: its name id and index among same-named siblings.
    private struct Open {
        var name: Int32
        var index: Int
        /// Which element this is, counting start tags from 1 (the document's parent is 0).
        var serial: Int
    }

    /// How many children named `name` the element at `depth` (`shallow` or deeper) has had so far.
    private struct ChildCount {
        var depth: Int
        var name: Int32
        var count: Int
    }

    /// The last element with one name at one depth: its parent (by serial) and its index there.
    private struct Sibling {
        var parent = -1
        var count = 0
    }

    /// Depths whose sibling indexes come from `siblings` (by name and depth: no search); deeper
    /// elements, which no dump has, use the `childCounts` search.
    private static let shallow = 16

    /// The reader's own state, behind a pointer (no dynamic exclusivity checks on the hot path).
    private struct State {
        var batch = XMLEventBatch()
        var cursor = 0
        var started = false
        var currentLine = 0
        var stack: [Open] = []
        /// Start tags so far.
        var serial = 0
        /// The last element of each name at each depth, at `name * shallow + depth`.
        ///
        /// Between two children of one parent no other parent is open at that depth, so a last
        /// element whose parent is the open one is the previous same-named child, and any other
        /// means there is none.
        var siblings: [Sibling] = []
        /// Children seen per open element deeper than `shallow`, as one flat list.
        var childCounts: [ChildCount] = []
        var pendingEnd = false
        /// Every name and `type` value so far, by id (the parser's ids, in the order it made them).
        var names: [String] = XMLPredefinedName.all
        /// The caller's class of each name, by id.
        var classes: [UInt8] = []

        mutating func pop() {
            if !stack.isEmpty { stack.removeLast() }
            let depth = stack.count + 1
            while let last = childCounts.last, last.depth >= depth { childCounts.removeLast() }
        }

        /// The index of a new child named `name` of the innermost open element, among its same-named siblings.
        mutating func siblingIndex(_ name: Int32) -> Int {
            let depth = stack.count
            let parent = stack.last?.serial ?? 0
            if depth < XMLStreamReader.shallow {
                let slot = Int(name) * XMLStreamReader.shallow + depth
                if slot >= siblings.count {
                    siblings.append(contentsOf: repeatElement(Sibling(), count: (Int(name) + 1) * XMLStreamReader.shallow - siblings.count))
                }
                let index = siblings[slot].parent == parent ? siblings[slot].count + 1 : 1
                siblings[slot] = Sibling(parent: parent, count: index)
                return index
            }
            var i = childCounts.count - 1
            while i >= 0 && childCounts[i].depth == depth {
                if childCounts[i].name == name {
                    childCounts[i].count += 1
                    return childCounts[i].count
                }
                i -= 1
            }
            childCounts.append(ChildCount(depth: depth, name: name, count: 1))
            return 1
        }

        var path: String {
            let steps = stack.map { $0.index > 1 ? "/\(names[Int($0.name)])[\($0.index)]" : "/\(names[Int($0.name)])" }
            guard !steps.isEmpty else { return "/" }
            // A hostile document can be hundreds of levels deep: keep both ends.
            guard steps.count > 12 else { return steps.joined() }
            return steps.prefix(4).joined() + "/...(\(steps.count - 8) more levels)..." + steps.suffix(4).joined()
        }
    }

    private static let pipelineThreshold: Int64 = 256 * 1024

    private let parser: SAXChunkParser?
    /// The parser, on this thread or the pipeline's: spent token arrays go back to it.
    private let chunks: SAXChunkParser
    private let pipeline: XMLParsePipeline?
    private let state: UnsafeMutablePointer<State>
    private let classify: @Sendable (String) -> UInt8

    /// Opens a reader on `source`; parsing starts at the first `next()` (or at once on the pipeline thread).
    ///
    /// `classify` sorts element names into the caller's classes, once per distinct name; start
    /// tokens carry the class (`XMLToken.nameClass`), so a decoder dispatches on a byte rather
    /// than comparing or hashing strings per element.
    package init(source: any ByteSource, classify: @escaping @Sendable (String) -> UInt8 = { _ in 0 }) throws {
        let chunks = SAXChunkParser(source: source)
        self.chunks = chunks
        if let size = source.sizeHint, size <= Self.pipelineThreshold {
            parser = chunks
            pipeline = nil
        } else {
            parser = nil
            pipeline = XMLParsePipeline(chunks)
        }
        self.classify = classify
        state = .allocate(capacity: 1)
        state.initialize(to: State())
        state.pointee.classes = XMLPredefinedName.all.map(classify)
    }

    deinit {
        pipeline?.cancel()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// The position of the current event: its line and the element path
    /// (`/vm_stats/vm_hourly_stat[4]/stat_time`).
    ///
    /// No column: SAX events carry none; errors that libxml2 reports carry its exact line:column.
    package var location: SourceLocation {
        SourceLocation(line: state.pointee.currentLine, path: state.pointee.stack.isEmpty ? nil : state.pointee.path)
    }

    /// The current event's line alone: cheap enough for every element.
    package var line: SourceLocation { SourceLocation(line: state.pointee.currentLine) }

    /// The current event's line number (`line` without building a location).
    package var currentLine: Int { state.pointee.currentLine }

    /// The element path of the current element.
    var path: String { state.pointee.path }

    /// The name (or `type` value) with this id, as the document spells it.
    package func name(_ id: Int32) -> String { state.pointee.names[Int(id)] }

    /// The caller's class (`classify`) of the name or `type` value with this id.
    package func nameClass(_ id: Int32) -> UInt8 { state.pointee.classes[Int(id)] }

    /// The bytes of the text token just read.
    ///
    /// Call it before the next `nextToken()` (which may move to the next batch); the slice itself
    /// stays valid after that, since it keeps its batch's bytes alive.
    package func text(of token: XMLToken) -> ArraySlice<UInt8> {
        state.pointee.batch.text[token.textStart..<(token.textStart + token.textCount)]
    }

    /// The next event with its names and text as strings, or nil at the end of a well-formed document.
    package func next() throws -> XMLEvent? {
        guard let token = try nextToken() else { return nil }
        switch token.kind {
        case .start:
            let type = token.hasType ? name(token.type) : nil
            return .start(name: name(token.name), type: type, isNil: token.isNil, isEmpty: token.isEmpty)
        case .end:
            return .end
        case .text:
            return .text(String(decoding: text(of: token), as: UTF8.self))
        }
    }

    /// The next token, or nil at the end of a well-formed document.
    ///
    /// `<a/>` (start and end in a row) comes as one start token with `isEmpty`.
    package func nextToken() throws -> XMLToken? {
        let state = self.state
        if state.pointee.pendingEnd {
            state.pointee.pendingEnd = false
            state.pointee.pop()
        }
        while state.pointee.cursor == state.pointee.batch.events.count {
            // A batch's events are handed out before its error, so a caller sees everything up
            // to the defect (what `--lenient` keeps).
            if state.pointee.started {
                try checkErrors()
                if state.pointee.batch.ended { return nil }
            }
            state.pointee.started = true
            let spent = state.pointee.batch.events
            state.pointee.batch = XMLEventBatch()
            chunks.recycle(spent)
            state.pointee.batch = pipeline?.next() ?? parser?.nextBatch() ?? XMLEventBatch(ended: true)
            state.pointee.cursor = 0
            if !state.pointee.batch.newNames.isEmpty {
                state.pointee.names += state.pointee.batch.newNames
                state.pointee.classes += state.pointee.batch.newNames.map(classify)
            }
        }
        var token = state.pointee.batch.events[state.pointee.cursor]
        state.pointee.cursor += 1
        state.pointee.currentLine = token.line
        switch token.kind {
        case .start:
            let name = token.name
            token.nameClass = state.pointee.classes[Int(name)]
            let index = state.pointee.siblingIndex(name)
            state.pointee.serial += 1
            state.pointee.stack.append(Open(name: name, index: index, serial: state.pointee.serial))
            // `<a/>` arrives as start + end; fold it into one event, as callers expect.
            let cursor = state.pointee.cursor
            if cursor < state.pointee.batch.events.count, state.pointee.batch.events[cursor].kind == .end {
                state.pointee.cursor += 1
                state.pointee.pendingEnd = true
                token.isEmpty = true
            }
            return token
        case .end:
            state.pointee.pop()
            return token
        case .text:
            return token
        }
    }

    /// The batch's refusal or libxml2 error, if any (even when parsing otherwise ended normally).
    private func checkErrors() throws {
        let state = self.state
        if var failure = state.pointee.batch.failure {
            if failure.location?.line != nil { failure.location?.path = state.pointee.stack.isEmpty ? nil : state.pointee.path }
            throw failure
        }
        guard let error = state.pointee.batch.parseError else { return }
        let line = error.line > 0 ? error.line : state.pointee.currentLine
        let at = SourceLocation(line: line, column: error.column > 0 ? error.column : nil)
        // Fed to the end, libxml2's push parser reports a document cut short as "Extra content at
        // the end of the document" (XML_ERR_DOCUMENT_END); say what is really wrong.
        if let open = state.pointee.stack.last.map({ state.pointee.names[Int($0.name)] }),
            error.code == XML_ERR_DOCUMENT_END.rawValue || error.message.hasPrefix("Premature end of data")
        {
            throw Diagnostic.error(
                .truncatedInput,
                "expected </\(open)> before the end of input, found the end: the document is truncated or its root is never closed (still open: \(state.pointee.path))",
                at: at
            )
        }
        throw Diagnostic.error(.malformedInput, Self.explain(error.message), at: at)
    }

    /// libxml2's message, reworded where a user needs to know more.
    static func explain(_ message: String) -> String {
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
}
