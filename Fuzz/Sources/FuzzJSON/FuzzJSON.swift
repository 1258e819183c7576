// libFuzzer target 1: the streaming JSON reader alone (`JSONReader` over `MemoryByteSource`).
//
// Input layout: byte 0 picks the source chunk size, byte 1 the reader options, the rest is the
// document. See README.md for the invariants; any broken one is a `fatalError`, which libFuzzer
// reports as a crash and saves as `crash-<sha1>`.
//
//   byte 0: n = byte % 65; 0 = the whole input in one read, 1...64 = at most n bytes per read.
//   byte 1: bit 0     lenient (allowComments)
//           bit 1     duplicate keys allowed (rejectDuplicateKeys = false)
//           bit 2     small maxDepth = k (otherwise the default 1000)
//           bits 3-5  k - 1, k in 1...8 (also the depth at which skip mode skips values)
//           bit 6     64-byte reader buffer (chunkSize) in the chunked runs, so tokens outgrow it
import UsageConvCore

/// One reader step, with everything chunk size must not change.
struct Event: Equatable, CustomStringConvertible {
    var token: JSONToken
    var depth: Int
    var number: JSONNumber? = nil
    var bytes: [UInt8]? = nil
    var skipped = false

    var description: String {
        var s = "\(token)@\(depth)"
        if let number { s += " n=\(number)" }
        if let bytes { s += " b=\(String(decoding: bytes, as: UTF8.self).debugDescription)" }
        if skipped { s += " (skipped)" }
        return s
    }

    /// Without the raw number text, which `nextNumberPair()` does not expose.
    var withoutNumberText: Event {
        var copy = self
        if token == .number { copy.bytes = nil }
        return copy
    }
}

enum Outcome: Equatable, CustomStringConvertible {
    case accepted
    case failed(Diagnostic.Code, offset: Int64?, line: Int?, column: Int?, path: String?)

    var code: Diagnostic.Code? {
        if case .failed(let code, _, _, _, _) = self { return code }
        return nil
    }

    var description: String {
        switch self {
        case .accepted: "accepted"
        case .failed(let code, let offset, let line, let column, let path):
            "failed \(code) at offset \(offset.map(String.init) ?? "-") \(line ?? 0):\(column ?? 0) \(path ?? "-")"
        }
    }
}

enum Mode: Equatable {
    /// `next()` only.
    case plain
    /// `nextNumberPair()` first whenever the reader could be inside an array.
    case pairs
    /// `skipValue(startingWith:)` on every container opened at this depth.
    case skip(Int)
}

struct Walk {
    var events: [Event] = []
    var outcome = Outcome.accepted
    var maxDepth = 0
    var warnings = 0
    var message = ""
}

func walk(_ body: [UInt8], _ options: JSONReaderOptions, chunk: Int, mode: Mode) -> Walk {
    let reader = JSONReader(source: MemoryByteSource(body, chunkLimit: chunk), options: options)
    var result = Walk()
    var steps = 0
    do {
        loop: while true {
            steps += 1
            // Every token but the last consumes at least one byte: more steps than bytes is a loop.
            guard steps <= body.count + 2 else { fatalError("reader produced more than \(body.count + 2) tokens from \(body.count) bytes") }
            if mode == .pairs, let (a, b) = reader.nextNumberPair() {
                let d = reader.depth
                result.events += [
                    Event(token: .beginArray, depth: d + 1),
                    Event(token: .number, depth: d + 1, number: a),
                    Event(token: .number, depth: d + 1, number: b),
                    Event(token: .endArray, depth: d),
                ]
                result.maxDepth = max(result.maxDepth, d + 1)
                guard reader.number == b else { fatalError("nextNumberPair(): reader.number \(reader.number) != second \(b)") }
                continue
            }
            let token = try reader.next()
            var event = Event(token: token, depth: reader.depth)
            result.maxDepth = max(result.maxDepth, reader.depth)
            switch token {
            case .endOfInput:
                result.events.append(event)
                break loop
            case .key:
                let key = reader.key
                event.bytes = Array(key.utf8)
                guard reader.isKey(named: key) else { fatalError("isKey(named: key) is false for the current key \(key.debugDescription)") }
            case .string:
                let bytes = reader.stringBytes()
                event.bytes = bytes
                guard String(validating: bytes, as: UTF8.self) != nil else {
                    fatalError("accepted string decodes to invalid UTF-8: \(bytes)")
                }
                guard Array(reader.stringValue().utf8) == bytes else { fatalError("stringValue() != stringBytes()") }
                _ = reader.iso8601Value()
                _ = reader.iso8601Value(defaultOffset: 3600)
            case .number:
                let number = reader.number
                event.number = number
                event.bytes = reader.tokenText()
                let int = try? reader.int64Value()
                let double = try? reader.doubleValue()
                let exact = try? reader.numberValue()
                if let double, !double.isFinite { fatalError("doubleValue() returned \(double)") }
                if let int, let exact, exact.exactInteger != int {
                    fatalError("int64Value() \(int) but numberValue() \(exact) (exactInteger \(exact.exactInteger.map(String.init) ?? "nil"))")
                }
                if let int, let double, Double(int) != double, int.magnitude < (1 << 53) {
                    fatalError("int64Value() \(int) but doubleValue() \(double)")
                }
            default:
                break
            }
            // The path costs O(depth) per call: exercise it, but not 1000 levels deep on every token.
            if reader.depth <= 32 { _ = reader.location }
            result.events.append(event)
            if case .skip(let level) = mode, token == .beginObject || token == .beginArray, reader.depth == level {
                try reader.skipValue(startingWith: token)
                result.events.append(Event(token: token, depth: reader.depth, skipped: true))
            }
        }
        // The end is sticky.
        let again = try reader.next()
        guard again == .endOfInput else { fatalError("next() after .endOfInput returned \(again)") }
        result.warnings = reader.warnings.count
    } catch let diagnostic as Diagnostic {
        let l = diagnostic.location
        result.outcome = .failed(diagnostic.code, offset: l?.offset, line: l?.line, column: l?.column, path: l?.path)
        result.message = diagnostic.message
        result.warnings = reader.warnings.count
        guard diagnostic.severity == .error else { fatalError("thrown diagnostic is not an error: \(diagnostic)") }
    } catch {
        fatalError("reader threw a non-Diagnostic error: \(error)")
    }
    return result
}

func require(_ condition: Bool, _ what: String, _ body: [UInt8], _ a: Walk, _ b: Walk) {
    guard !condition else { return }
    var lines = ["invariant broken: \(what)", "input (\(body.count) bytes): \(String(decoding: body.prefix(300), as: UTF8.self).debugDescription)"]
    lines.append("A: \(a.outcome) \(a.message.debugDescription), \(a.events.count) events")
    lines.append("B: \(b.outcome) \(b.message.debugDescription), \(b.events.count) events")
    if let i = (0..<min(a.events.count, b.events.count)).first(where: { a.events[$0] != b.events[$0] }) {
        lines.append("first differing event #\(i): A \(a.events[i]) | B \(b.events[i])")
    }
    fatalError(lines.joined(separator: "\n"))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let chunkByte = all.count > 0 ? all[0] : 0
    let flags = all.count > 1 ? all[1] : 0
    let body = Array(all.dropFirst(2))

    let chunk = chunkByte % 65 == 0 ? Int.max : Int(chunkByte % 65)
    let k = Int((flags >> 3) & 7) + 1
    var options = JSONReaderOptions()
    options.allowComments = flags & 1 != 0
    options.rejectDuplicateKeys = flags & 2 == 0
    if flags & 4 != 0 { options.maxDepth = k }
    var chunked = options
    if flags & 64 != 0 { chunked.chunkSize = 64 }

    // Reference: whole input, default buffer.
    let reference = walk(body, options, chunk: .max, mode: .plain)
    require(reference.maxDepth <= options.maxDepth, "depth \(reference.maxDepth) beyond maxDepth \(options.maxDepth)", body, reference, reference)
    if reference.outcome == .accepted {
        require(reference.events.last?.token == .endOfInput, "accepted without .endOfInput", body, reference, reference)
        require(reference.maxDepth == 0 || reference.events.contains { $0.depth == reference.maxDepth }, "depth", body, reference, reference)
    }

    // 1. Chunk size never changes tokens, values, the outcome or the error location.
    let chunkedWalk = walk(body, chunked, chunk: chunk, mode: .plain)
    require(
        chunkedWalk.events == reference.events && chunkedWalk.outcome == reference.outcome && chunkedWalk.warnings == reference.warnings,
        "chunk \(chunk) (buffer \(chunked.chunkSize)) differs from the whole-input read", body, chunkedWalk, reference
    )

    // 2. The [number, number] fast path is only a faster way to the same tokens.
    let pairs = walk(body, chunked, chunk: chunk, mode: .pairs)
    require(
        pairs.events.map(\.withoutNumberText) == reference.events.map(\.withoutNumberText) && pairs.outcome == reference.outcome,
        "nextNumberPair() walk (chunk \(chunk)) differs from next()", body, pairs, reference
    )

    // 3. Skipping validates exactly as much as walking.
    let skipped = walk(body, chunked, chunk: chunk, mode: .skip(k))
    require(skipped.outcome == reference.outcome, "skipValue walk at depth \(k) (chunk \(chunk)) has another outcome", body, skipped, reference)

    // 4. Lenient accepts everything strict accepts, with the same tokens; lenient without a
    //    skipped comment is strict.
    var toggled = options
    toggled.allowComments.toggle()
    let other = walk(body, toggled, chunk: .max, mode: .plain)
    let (strict, lenient) = options.allowComments ? (other, reference) : (reference, other)
    if strict.outcome == .accepted {
        require(lenient.outcome == .accepted && lenient.events == strict.events && lenient.warnings == 0, "lenient rejects strict JSON", body, lenient, strict)
    }
    if lenient.outcome == .accepted && lenient.warnings == 0 {
        require(strict.outcome == .accepted && strict.events == lenient.events, "strict rejects lenient JSON without comments", body, strict, lenient)
    }

    // 5. Duplicate-key rejection only ever adds a .duplicateKey error.
    var dup = options
    dup.rejectDuplicateKeys.toggle()
    let dupWalk = walk(body, dup, chunk: .max, mode: .plain)
    let (rejecting, allowing) = options.rejectDuplicateKeys ? (reference, dupWalk) : (dupWalk, reference)
    if rejecting.outcome == .accepted {
        require(allowing.outcome == .accepted && allowing.events == rejecting.events, "allowing duplicates rejects", body, allowing, rejecting)
    }
    if allowing.outcome == .accepted {
        require(
            rejecting.outcome == .accepted && rejecting.events == allowing.events || rejecting.outcome.code == .duplicateKey,
            "rejecting duplicates fails with something else", body, rejecting, allowing
        )
    }

    // 6. A depth limit is a clean .depthLimit error exactly when the document is deeper.
    if options.maxDepth < 1000 {
        var deep = options
        deep.maxDepth = 1000
        let unlimited = walk(body, deep, chunk: .max, mode: .plain)
        if unlimited.outcome == .accepted {
            if unlimited.maxDepth > options.maxDepth {
                require(reference.outcome.code == .depthLimit, "depth \(unlimited.maxDepth) > \(options.maxDepth) without .depthLimit", body, reference, unlimited)
            } else {
                require(reference.events == unlimited.events && reference.outcome == .accepted, "shallow document read differently", body, reference, unlimited)
            }
        }
    }
    return 0
}
