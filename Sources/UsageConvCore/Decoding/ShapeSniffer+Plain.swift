/// The sniff of a whole small JSON input in one pass over its bytes.
///
/// A batch of small dumps spends most of its time sniffing: `readerShape` walks every token of
/// the prefix through the JSON reader (a 5 KB dump is its own prefix) only to skip all but the
/// first element of each array, then the decoder reads the same tokens again. Plain JSON (no
/// escapes, no text outside ASCII, no comments, no syntax error, nothing cut off) needs none of
/// the reader's machinery to be skipped, so this pass tokenises it directly and builds the shape
/// with the same rules. Anything else gives `nil` and goes to the reader, which then finds the
/// same shape (or locates the error) as before; for every input this accepts, the shape is the
/// one `readerShape` builds (`ShapeSnifferPlainTests` checks both over fixtures and random documents).
extension ShapeSniffer {
    /// The shape of `bytes`, a whole JSON document, or `nil` when it is not plain JSON.
    static func plainShape(_ bytes: [UInt8]) -> InputShape? {
        var tokens = PlainJSONTokens(bytes)
        // The same rules as `readerShape`; a key is its range in `bytes` until a path needs it.
        var skeleton = ShapeSkeleton<Range<Int>> { Array(bytes[$0]) }
        while true {
            guard let token = tokens.next() else { return nil }
            if token == .end { break }
            let text = tokens.text
            skeleton.take(token, depth: tokens.depth, key: { text }) { String(decoding: bytes[text], as: UTF8.self) }
        }
        return skeleton.shape
    }
}

/// The tokens of plain JSON (see `ShapeSniffer.plainShape`), validated as strictly as the JSON
/// reader validates them: `next()` is `nil` wherever the reader would throw, warn, or decode
/// anything (escapes, UTF-8, comments), and wherever the input ends early.
struct PlainJSONTokens {
    /// A token: the reader's, without values (what `ShapeSkeleton` takes from either sniff).
    enum Token: UInt8 {
        case beginObject, beginArray, endObject, endArray, key, string, number, bool, null, end
    }

    /// Where the walk is, as in the reader: what may come next.
    private enum State {
        case start, afterKey, arrayStart, objectStart, afterValue, done
    }

    /// Deeper input goes to the reader (its limit is 1000 levels; no dump nests near this).
    static let maxDepth = 256

    private let bytes: [UInt8]
    private var position = 0
    private var state = State.start
    /// The open containers, innermost last: `true` for an object.
    private var containers: [Bool] = []
    /// The last key's, string's or number's text (without quotes).
    private(set) var text = 0..<0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        containers.reserveCapacity(16)
        // The reader skips a UTF-8 byte order mark at the very start.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
    }

    /// The nesting depth after the last token (0 at top level), as `JSONReader.depth`.
    var depth: Int { containers.count }

    /// The next token, or `nil` when the input is not plain JSON from here on.
    mutating func next() -> Token? {
        skipWhitespace()
        let end = bytes.count
        switch state {
        case .done:
            return .end
        case .start, .afterKey:
            guard position < end else { return nil }
            return value()
        case .arrayStart:
            guard position < end else { return nil }
            if bytes[position] == UInt8(ascii: "]") { return close() }
            return value()
        case .objectStart:
            guard position < end else { return nil }
            if bytes[position] == UInt8(ascii: "}") { return close() }
            return key()
        case .afterValue:
            guard let isObject = containers.last else {
                if position < end { return nil }
                state = .done
                return .end
            }
            guard position < end else { return nil }
            let c = bytes[position]
            if c == UInt8(ascii: ",") {
                position += 1
                skipWhitespace()
                if isObject { return key() }
                guard position < end, bytes[position] != UInt8(ascii: "]") else { return nil }
                return value()
            }
            if isObject && c == UInt8(ascii: "}") || !isObject && c == UInt8(ascii: "]") { return close() }
            return nil
        }
    }

    private mutating func skipWhitespace() {
        position = Self.whitespaceEnd(bytes, from: position)
    }

    /// The index of the first byte at or after `start` that is not JSON white space.
    private static func whitespaceEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i < bytes.count {
            let c = bytes[i]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return i }
            i += 1
        }
        return i
    }

    private mutating func value() -> Token? {
        switch bytes[position] {
        case UInt8(ascii: "{"): return open(object: true)
        case UInt8(ascii: "["): return open(object: false)
        case UInt8(ascii: "\""):
            guard string() else { return nil }
            state = .afterValue
            return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard number() else { return nil }
            state = .afterValue
            return .number
        case UInt8(ascii: "t"): return literal("true", .bool)
        case UInt8(ascii: "f"): return literal("false", .bool)
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return nil
        }
    }

    private mutating func open(object: Bool) -> Token? {
        guard containers.count < Self.maxDepth else { return nil }
        containers.append(object)
        position += 1
        state = object ? .objectStart : .arrayStart
        return object ? .beginObject : .beginArray
    }

    private mutating func close() -> Token {
        position += 1
        let isObject = containers.removeLast()
        state = .afterValue
        return isObject ? .endObject : .endArray
    }

    private mutating func key() -> Token? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), string() else { return nil }
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        state = .afterKey
        return .key
    }

    /// A string of printable ASCII without escapes, from the opening quote at `position`.
    private mutating func string() -> Bool {
        guard let end = Self.stringEnd(bytes, from: position) else { return false }
        text = (position + 1)..<end
        position = end + 1
        return true
    }

    /// A number: the run of number bytes the reader takes, which must be all RFC 8259 grammar.
    private mutating func number() -> Bool {
        guard let end = Self.numberEnd(bytes, from: position) else { return false }
        text = position..<end
        position = end
        return true
    }

    /// The index of the quote closing the string opened at `start`, or `nil` when the string
    /// holds a control byte (an error), an escape or a byte past ASCII (the reader's to decode).
    ///
    /// Static over a borrowed array, so the loop holds no reference to `self`.
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return i }
            if c < 0x20 || c >= 0x80 || c == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return nil
    }

    /// The end of the number at `start`, or `nil` where the reader rejects it.
    ///
    /// The reader takes the whole run of number bytes (digits, `.`, `-`, `+`, `e`, `E`) and
    /// requires all of it to be RFC 8259 grammar. The grammar's every step is decided by the next
    /// byte, so one greedy pass that then finds no number byte after the number is the same test.
    private static func numberEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        let count = bytes.count
        func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }
        var i = start
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < count, isDigit(bytes[i]) else { return nil }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            repeat { i += 1 } while i < count && isDigit(bytes[i])
        }
        if i < count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < count, isDigit(bytes[i]) else { return nil }
            repeat { i += 1 } while i < count && isDigit(bytes[i])
        }
        if i < count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < count, isDigit(bytes[i]) else { return nil }
            repeat { i += 1 } while i < count && isDigit(bytes[i])
        }
        if i < count {
            let c = bytes[i]
            if isDigit(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: "e")
                || c == UInt8(ascii: "E")
            {
                return nil
            }
        }
        return i
    }

    private mutating func literal(_ word: String, _ token: Token) -> Token? {
        let count = word.utf8.count
        guard position + count <= bytes.count, bytes[position..<(position + count)].elementsEqual(word.utf8) else { return nil }
        position += count
        state = .afterValue
        return token
    }
}
