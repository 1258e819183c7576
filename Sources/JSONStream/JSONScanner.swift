import Glibc
import UsageConvBytes
import UsageConvDiagnostics
import UsageConvValues

/// The reader's state and scanning code, kept in a value type.
///
/// As a struct, the hot loops need no dynamic exclusivity checks (a class property access costs a
/// runtime check per byte otherwise).
/// `JSONReader` owns one and frees its buffer.
@usableFromInline struct JSONScanner {
    enum State {
        case start
        case afterValue
        case arrayStart
        case objectStart
        case afterKey
        case done
    }

    struct KeyEntry {
        var start: Int
        var length: Int
        var hash: UInt32
    }

    let source: any ByteSource
    let options: JSONReaderOptions

    // Buffer: bytes [0, count) are valid; `pos` is the next unread byte; `baseOffset` is the
    // absolute input offset of buffer[0]. Only `pos` and `tokenStart` survive a refill.
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var count = 0
    var pos = 0
    var baseOffset: Int64 = 0
    var atEOF = false

    var line = 1
    var lineStart: Int64 = 0

    var tokenStart = 0
    var tokenOffset: Int64 = 0
    var tokenLine = 1
    var tokenLineStart: Int64 = 0
    var textStart = 0
    var textEnd = 0
    var textHasEscapes = false

    var state = State.start
    var containers: [Bool] = []  // true = object
    var indices: [Int] = []  // per level: current array index, or current key entry (-1: none)
    var keyArena: [UInt8] = []
    var keyEntries: [KeyEntry] = []
    var keyBase: [Int] = []  // per level: first key entry of that object
    var largeObjectKeys: [Int: Set<[UInt8]>] = [:]

    /// The last number token, valid after `next()` returned `.number`.
    var number = JSONNumber(
        isNegative: false,
        significand: 0,
        exponent: 0,
        isExact: true,
        isIntegerLiteral: true
    )
    /// Comments skipped in lenient mode, one warning each.
    var warnings: [Diagnostic] = []

    init(source: any ByteSource, options: JSONReaderOptions) {
        self.source = source
        self.options = options
        capacity = max(options.chunkSize, 64)
        buffer = .allocate(capacity: capacity)
    }

    func deallocate() {
        buffer.deallocate()
    }

    // MARK: - Public walk API

    /// The nesting depth after the last token (0 at top level).
    var depth: Int { containers.count }

    /// Returns the next token, validating structure and syntax as it goes.
    ///
    /// - Throws: `Diagnostic` (`.malformedInput`, `.truncatedInput`, `.duplicateKey`, `.depthLimit`,
    ///   `.unreadableInput`).
    mutating func next() throws -> JSONToken {
        if state == .start && baseOffset == 0 && pos == 0 { try skipByteOrderMark() }
        try skipWhitespace()
        markToken()
        switch state {
        case .done:
            return .endOfInput
        case .start:
            guard pos < count else {
                throw error(.truncatedInput, "expected a JSON value, found end of input (the input is empty)")
            }
            return try value()
        case .afterKey:
            guard pos < count else { throw truncated("a value after ':'") }
            return try value()
        case .arrayStart:
            guard pos < count else { throw truncated("a value or ']'") }
            if buffer[pos] == UInt8(ascii: "]") { return closeContainer() }
            return try value()
        case .objectStart:
            guard pos < count else { throw truncated("a key or '}'") }
            if buffer[pos] == UInt8(ascii: "}") { return closeContainer() }
            return try key(afterComma: false)
        case .afterValue:
            guard let isObject = containers.last else {
                if pos < count {
                    throw error(.malformedInput, "expected end of input after the JSON value, found \(found())")
                }
                state = .done
                return .endOfInput
            }
            guard pos < count else { throw truncated(isObject ? "',' or '}'" : "',' or ']'") }
            let c = buffer[pos]
            if c == UInt8(ascii: ",") {
                pos += 1
                try skipWhitespace()
                markToken()
                if isObject { return try key(afterComma: true) }
                indices[indices.count - 1] += 1
                guard pos < count else { throw truncated("a value after ','") }
                if buffer[pos] == UInt8(ascii: "]") {
                    throw error(.malformedInput, "expected a value after ',', found ']' (trailing commas are not JSON)")
                }
                return try value()
            }
            if isObject && c == UInt8(ascii: "}") || !isObject && c == UInt8(ascii: "]") { return closeContainer() }
            throw error(.malformedInput, "expected \(isObject ? "',' or '}'" : "',' or ']'"), found \(found())")
        }
    }

    /// Skips the rest of the value whose first token was `token` (a no-op for scalars).
    mutating func skipValue(startingWith token: JSONToken) throws {
        guard token == .beginObject || token == .beginArray else { return }
        let target = depth - 1
        while depth > target {
            if try next() == .endOfInput { return }
        }
    }

    /// Reads one whole value and discards it.
    mutating func skipNextValue() throws {
        try skipValue(startingWith: try next())
    }

    /// Whether the last `.key` token is exactly `name` (compares bytes; no allocation).
    mutating func isKey(_ name: StaticString) -> Bool {
        guard let entry = currentKeyEntry else { return false }
        guard entry.length == name.utf8CodeUnitCount else { return false }
        let pointer = name.utf8Start
        for i in 0..<entry.length where keyArena[entry.start + i] != pointer[i] { return false }
        return true
    }

    /// Whether the last `.key` token is exactly `name`.
    mutating func isKey(named name: String) -> Bool {
        guard let entry = currentKeyEntry, entry.length == name.utf8.count else { return false }
        return keyArena[entry.start..<(entry.start + entry.length)].elementsEqual(name.utf8)
    }

    /// The last `.key` token's text.
    var key: String {
        mutating get {
            guard let entry = currentKeyEntry else { return "" }
            return String(decoding: keyArena[entry.start..<(entry.start + entry.length)], as: UTF8.self)
        }
    }

    /// The last `.string` token's text, escapes decoded.
    mutating func stringValue() -> String {
        String(decoding: stringBytes(), as: UTF8.self)
    }

    /// The last `.string` token's UTF-8 bytes, escapes decoded.
    mutating func stringBytes() -> [UInt8] {
        if !textHasEscapes { return Array(UnsafeBufferPointer(start: buffer + textStart, count: textEnd - textStart)) }
        var out: [UInt8] = []
        decodeEscapes(from: textStart, to: textEnd, into: &out)
        return out
    }

    /// Whether the last `.string` token is exactly `text`.
    mutating func stringEquals(_ text: StaticString) -> Bool {
        if textHasEscapes { return stringBytes().elementsEqual(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
        guard textEnd - textStart == text.utf8CodeUnitCount else { return false }
        return memcmp(buffer + textStart, text.utf8Start, text.utf8CodeUnitCount) == 0
    }

    /// The raw text of the last `.number` (or the raw inside of the last `.string`).
    mutating func tokenText() -> [UInt8] {
        Array(UnsafeBufferPointer(start: buffer + textStart, count: textEnd - textStart))
    }

    /// Calls `body` with the raw bytes of the last `.string` or `.number` (valid only inside `body`).
    mutating func withTokenBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: buffer + textStart, count: textEnd - textStart))
    }

    /// Whether the last `.string` token contained escapes (its raw bytes differ from its text).
    var lastStringHasEscapes: Bool { textHasEscapes }

    /// The last number as an Int64, or a located error (`1.5`, `1e30`, `1e400` are rejected).
    mutating func int64Value() throws -> Int64 {
        if let value = number.int64 { return value }
        let text = String(decoding: tokenText(), as: UTF8.self)
        if number.isIntegral {
            throw error(.numberOutOfRange, "expected an integer within 64 bits, found \(text)")
        }
        throw error(.invalidNumber, "expected an integer, found \(text)")
    }

    /// The last number as a finite Double, or a `.numberOutOfRange` error (`1e400`).
    mutating func doubleValue() throws -> Double {
        let n = number
        if n.isExact && n.significand < (1 << 53) && n.exponent >= -22 && n.exponent <= 22 {
            let s = Double(n.significand)
            let v = n.exponent >= 0 ? s * Number.power10(n.exponent) : s / Number.power10(-n.exponent)
            return n.isNegative ? -v : v
        }
        let text = String(decoding: tokenText(), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error(.numberOutOfRange, "number \(text) is out of range for a 64-bit float")
        }
        return value
    }

    /// The last number as a `Number`: exact when it has at most 19 significant digits.
    ///
    /// More significant digits than that (money like `99999999999999999.99`) is a
    /// `.numberOutOfRange` error rather than a silently rounded value, and so is an exponent no
    /// `Double` reaches (`1e400`, `1e-400`). Exact digits with an exponent past the decimal
    /// range (`1e300`) become that `Double`, whose shortest text is the same number.
    mutating func numberValue() throws -> Number {
        let n = number
        if n.isExact && abs(n.exponent) <= Number.maxDecimalExponent {
            if n.significand <= UInt64(Int64.max) {
                let s = Int64(n.significand)
                return Number(significand: n.isNegative ? -s : s, exponent: n.exponent)
            }
            if n.isNegative && n.significand == UInt64(Int64.max) + 1 {
                return Number(significand: Int64.min, exponent: n.exponent)
            }
        }
        let text = String(decoding: tokenText(), as: UTF8.self)
        if n.isIntegerLiteral {
            throw error(.numberOutOfRange, "integer \(text) has more digits than can be kept exactly (at most 19)")
        }
        if !n.isExact || n.significand > UInt64(Int64.max) {
            throw error(.numberOutOfRange, "number \(text) has more significant digits than can be kept exactly (at most 19)")
        }
        guard let value = Double(text), value.isFinite, value != 0 || n.significand == 0 else {
            throw error(.numberOutOfRange, "number \(text) is out of range (no 64-bit float reaches it)")
        }
        return Number(value)
    }

    /// The last `.string` as Unix seconds, if it is ISO 8601 (see `UnixTime.parseISO8601`).
    ///
    /// The common `YYYY-MM-DDTHH:MM:SSZ` form is read in place with the date part cached, since
    /// consecutive points share a day; other forms (and that form when it is invalid, for the
    /// same nil) take the general parser.
    mutating func iso8601Value(defaultOffset: Int64? = nil) -> Int64? {
        if textEnd - textStart == 20 && !textHasEscapes, let time = JSONScanner.canonicalTime(buffer + textStart, &dateCache) {
            return time
        }
        return UnixTime.parseISO8601(stringBytes(), defaultOffset: defaultOffset)
    }

    /// The day of the last canonical timestamp read (`iso8601Value`, the bulk readers).
    var dateCache = DateCache()

    // MARK: - Locations

    /// The location of the last token: offset, line, column and JSON path.
    var location: SourceLocation {
        mutating get {
            SourceLocation(
                line: tokenLine,
                column: Int(tokenOffset - tokenLineStart) + 1,
                offset: tokenOffset,
                path: path
            )
        }
    }

    /// The JSON path of the last token (`$[0].volumes[1].value`).
    var path: String {
        mutating get {
            var out = "$"
            for level in containers.indices {
                if containers[level] {
                    let index = indices[level]
                    guard index >= 0 else { continue }
                    let entry = keyEntries[index]
                    out += JSONPath.member(Array(keyArena[entry.start..<(entry.start + entry.length)]))
                } else {
                    out += "[\(indices[level])]"
                }
            }
            return out
        }
    }

    /// A located error at the last token.
    mutating func error(_ code: Diagnostic.Code, _ message: String) -> Diagnostic {
        .error(code, message, at: location)
    }

    /// A located warning at the last token.
    mutating func warning(_ code: Diagnostic.Code, _ message: String) -> Diagnostic {
        .warning(code, message, at: location)
    }

    // MARK: - Scanning

    var currentKeyEntry: KeyEntry? {
        mutating get {
            guard let isObject = containers.last, isObject, let index = indices.last, index >= 0 else { return nil }
            return keyEntries[index]
        }
    }

    mutating func markToken() {
        tokenStart = pos
        tokenOffset = baseOffset + Int64(pos)
        tokenLine = line
        tokenLineStart = lineStart
    }

    mutating func found() -> String {
        guard pos < count else { return "end of input" }
        var end = pos
        while end < count && end - pos < 24 {
            let c = buffer[end]
            if c == UInt8(ascii: ",") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                if end == pos { end += 1 }
                break
            }
            end += 1
        }
        return InputQuote.quote(UnsafeBufferPointer(start: buffer + pos, count: end - pos))
    }

    mutating func truncated(_ expected: String) -> Diagnostic {
        error(.truncatedInput, "expected \(expected), found end of input (the input is truncated)")
    }

    /// Moves [keep, count) to the front, reads more; false at end of input.
    mutating func refill(keepingFrom keep: Int) throws -> Bool {
        if atEOF { return false }
        let kept = count - keep
        if keep > 0 {
            memmove(buffer, buffer + keep, kept)
            baseOffset += Int64(keep)
            pos -= keep
            tokenStart -= keep
            count = kept
        }
        if kept == capacity {
            // One token longer than the buffer: grow (memory follows the token, not the text).
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: kept)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + kept, count: capacity - kept))
        if n == 0 {
            atEOF = true
            return false
        }
        count = kept + n
        return true
    }

    mutating func skipByteOrderMark() throws {
        while count < 4 && !atEOF { _ = try refill(keepingFrom: 0) }
        if count >= 2 && (buffer[0] == 0xFF && buffer[1] == 0xFE || buffer[0] == 0xFE && buffer[1] == 0xFF) {
            markToken()
            throw error(.malformedInput, "expected UTF-8 JSON, found a UTF-16 byte order mark")
        }
        if count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF {
            pos = 3
            lineStart = 3
        }
    }

    mutating func skipWhitespace() throws {
        while true {
            while pos < count {
                let c = buffer[pos]
                if c == 0x20 || c == 0x09 || c == 0x0D {
                    pos += 1
                } else if c == 0x0A {
                    pos += 1
                    line += 1
                    lineStart = baseOffset + Int64(pos)
                } else if c == UInt8(ascii: "/") {
                    try skipComment()
                } else {
                    return
                }
            }
            tokenStart = pos
            if !(try refill(keepingFrom: pos)) { return }
        }
    }

    mutating func skipComment() throws {
        markToken()
        guard options.allowComments else {
            throw error(
                .malformedInput,
                "expected a JSON value or punctuation, found a comment (JSON has no comments; --lenient skips them)"
            )
        }
        while pos + 1 >= count {
            if !(try refill(keepingFrom: tokenStart)) { break }
        }
        guard pos + 1 < count, buffer[pos + 1] == UInt8(ascii: "/") || buffer[pos + 1] == UInt8(ascii: "*") else {
            throw error(.malformedInput, "expected a JSON value or punctuation, found \(found())")
        }
        let startLocation = location
        let block = buffer[pos + 1] == UInt8(ascii: "*")
        var text: [UInt8] = [UInt8(ascii: "/"), buffer[pos + 1]]
        var previous: UInt8 = 0
        pos += 2
        scan: while true {
            while pos < count {
                let c = buffer[pos]
                if !block && (c == 0x0A || c == 0x0D) { break scan }
                pos += 1
                if text.count < 60 { text.append(c) }
                if block && c == UInt8(ascii: "/") && previous == UInt8(ascii: "*") { break scan }
                if c == 0x0A {
                    line += 1
                    lineStart = baseOffset + Int64(pos)
                }
                previous = c
            }
            tokenStart = pos
            if !(try refill(keepingFrom: pos)) {
                if block { throw truncated("'*/' closing the comment") }
                break scan
            }
        }
        while let last = text.last, last == 0x20 || last == 0x09 { text.removeLast() }
        warnings.append(.warning(.lenientRecovery, "skipped a comment (JSON has none): \(InputQuote.quote(text))", at: startLocation))
    }

    mutating func value() throws -> JSONToken {
        let c = buffer[pos]
        switch c {
        case UInt8(ascii: "{"):
            try push(object: true)
            pos += 1
            state = .objectStart
            return .beginObject
        case UInt8(ascii: "["):
            try push(object: false)
            pos += 1
            state = .arrayStart
            return .beginArray
        case UInt8(ascii: "\""):
            try scanString()
            state = .afterValue
            return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
            state = .afterValue
            return .number
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            throw error(.malformedInput, "expected a JSON value, found \(found())")
        }
    }

    mutating func push(object: Bool) throws {
        if containers.count >= options.maxDepth {
            throw error(.depthLimit, "expected at most \(options.maxDepth) levels of nesting, found deeper input")
        }
        containers.append(object)
        if object {
            indices.append(-1)
            keyBase.append(keyEntries.count)
        } else {
            indices.append(0)
            keyBase.append(-1)
        }
    }

    mutating func closeContainer() -> JSONToken {
        pos += 1
        let isObject = containers.removeLast()
        indices.removeLast()
        let base = keyBase.removeLast()
        if isObject {
            if base < keyEntries.count {
                keyArena.removeSubrange(keyEntries[base].start...)
                keyEntries.removeSubrange(base...)
            }
            largeObjectKeys[containers.count] = nil
        }
        state = .afterValue
        return isObject ? .endObject : .endArray
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        while count - tokenStart < n {
            if !(try refill(keepingFrom: tokenStart)) { break }
        }
        let available = min(n, count - tokenStart)
        if available < n || memcmp(buffer + tokenStart, word.utf8Start, n) != 0 {
            if available < n && memcmp(buffer + tokenStart, word.utf8Start, available) == 0 {
                throw truncated("'\(word)'")
            }
            pos = tokenStart
            throw error(.malformedInput, "expected a JSON value, found \(found())")
        }
        pos = tokenStart + n
        state = .afterValue
    }

    mutating func key(afterComma: Bool) throws -> JSONToken {
        guard pos < count else { throw truncated("a key") }
        guard buffer[pos] == UInt8(ascii: "\"") else {
            if afterComma && buffer[pos] == UInt8(ascii: "}") {
                throw error(.malformedInput, "expected a key after ',', found '}' (trailing commas are not JSON)")
            }
            throw error(.malformedInput, "expected a string key, found \(found())")
        }
        try scanString()
        var keyBytes: [UInt8] = []
        let start = keyArena.count
        if textHasEscapes {
            decodeEscapes(from: textStart, to: textEnd, into: &keyBytes)
            keyArena.append(contentsOf: keyBytes)
        } else {
            keyArena.append(contentsOf: UnsafeBufferPointer(start: buffer + textStart, count: textEnd - textStart))
        }
        let length = keyArena.count - start
        var hash: UInt32 = 2_166_136_261
        for i in start..<keyArena.count { hash = (hash ^ UInt32(keyArena[i])) &* 16_777_619 }
        let level = containers.count - 1
        if options.rejectDuplicateKeys { try checkDuplicate(start: start, length: length, hash: hash, level: level) }
        keyEntries.append(KeyEntry(start: start, length: length, hash: hash))
        indices[level] = keyEntries.count - 1
        // The separator belongs to the key: `"a" 1` is reported here, not at the value.
        try skipWhitespace()
        guard pos < count else { throw truncated("':' after the key") }
        guard buffer[pos] == UInt8(ascii: ":") else {
            markToken()
            throw error(.malformedInput, "expected ':' after the key, found \(found())")
        }
        pos += 1
        state = .afterKey
        return .key
    }

    mutating func checkDuplicate(start: Int, length: Int, hash: UInt32, level: Int) throws {
        let base = keyBase[level]
        let existing = keyEntries.count - base
        if existing < 32 {
            for index in base..<keyEntries.count {
                let other = keyEntries[index]
                if other.hash == hash && other.length == length
                    && keyArena[other.start..<(other.start + length)].elementsEqual(keyArena[start..<(start + length)])
                {
                    throw duplicate(start: start, length: length)
                }
            }
            return
        }
        if largeObjectKeys[level] == nil {
            largeObjectKeys[level] = Set(
                keyEntries[base...].map { Array(keyArena[$0.start..<($0.start + $0.length)]) }
            )
        }
        let bytes = Array(keyArena[start..<(start + length)])
        if largeObjectKeys[level]?.insert(bytes).inserted == false { throw duplicate(start: start, length: length) }
    }

    mutating func duplicate(start: Int, length: Int) -> Diagnostic {
        let name = String(decoding: keyArena[start..<(start + length)], as: UTF8.self)
        return error(.duplicateKey, "expected unique keys in an object, found \"\(name)\" twice")
    }

    /// Scans a string starting at `pos` (the opening quote); validates escapes and UTF-8.
    mutating func scanString() throws {
        tokenStart = pos
        while true {
            let end = count
            var i = tokenStart + 1
            var escapes = false
            var needMore = false
            while i < end {
                let c = buffer[i]
                if c >= 0x20 && c < 0x80 && c != 0x22 && c != 0x5C {
                    i += 1
                    continue
                }
                if c == 0x22 {
                    textStart = tokenStart + 1
                    textEnd = i
                    textHasEscapes = escapes
                    pos = i + 1
                    return
                }
                if c == 0x5C {
                    escapes = true
                    guard let next = try escape(at: i, end: end) else {
                        needMore = true
                        break
                    }
                    i = next
                    continue
                }
                if c < 0x20 {
                    pos = i
                    markToken()
                    throw error(
                        .malformedInput,
                        "expected a string character, found control byte \(InputQuote.describe(byte: c)) (escape it as \\u00XX)"
                    )
                }
                guard let next = try utf8(at: i, end: end) else {
                    needMore = true
                    break
                }
                i = next
            }
            _ = needMore
            if atEOF {
                pos = count
                markToken()
                throw error(.truncatedInput, "expected '\"' closing the string, found end of input (the input is truncated)")
            }
            // At end of input the loop runs once more with `atEOF` set, so a cut escape or UTF-8
            // sequence gets its precise error rather than "truncated".
            _ = try refill(keepingFrom: tokenStart)
        }
    }

    /// Validates an escape at `i`; returns the index after it, or nil when more bytes are needed.
    mutating func escape(at i: Int, end: Int) throws -> Int? {
        guard i + 1 < end else { return atEOF ? try badEscape(at: i, end: end) : nil }
        switch buffer[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            guard i + 6 <= end else { return atEOF ? try badEscape(at: i, end: end) : nil }
            guard let unit = hex4(at: i + 2) else { return try badEscape(at: i, end: end) }
            if unit >= 0xDC00 && unit <= 0xDFFF {
                return try badEscape(at: i, end: end, reason: "a lone low surrogate")
            }
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard i + 12 <= end else {
                    if atEOF { return try badEscape(at: i, end: end, reason: "a high surrogate without its low half") }
                    return nil
                }
                guard buffer[i + 6] == 0x5C, buffer[i + 7] == UInt8(ascii: "u"), let low = hex4(at: i + 8),
                    low >= 0xDC00 && low <= 0xDFFF
                else {
                    return try badEscape(at: i, end: end, reason: "a high surrogate without its low half")
                }
                return i + 12
            }
            return i + 6
        default:
            return try badEscape(at: i, end: end)
        }
    }

    mutating func badEscape(at i: Int, end: Int, reason: String? = nil) throws -> Int? {
        pos = i
        markToken()
        let shown = InputQuote.quote(UnsafeBufferPointer(start: buffer + i, count: min(end - i, 12)))
        if let reason { throw error(.malformedInput, "expected a valid \\u escape, found \(reason) \(shown)") }
        throw error(.malformedInput, "expected an escape such as \\n or \\u00e9, found \(shown)")
    }

    mutating func hex4(at i: Int) -> UInt32? {
        var value: UInt32 = 0
        for k in 0..<4 {
            let c = buffer[i + k]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// Validates one UTF-8 sequence at `i` (RFC 3629); nil when more bytes are needed.
    mutating func utf8(at i: Int, end: Int) throws -> Int? {
        let c = buffer[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return try badUTF8(at: i, end: end)
        }
        guard i + length <= end else {
            if atEOF { return try badUTF8(at: i, end: end) }
            return nil
        }
        let second = buffer[i + 1]
        guard second >= low && second <= high else { return try badUTF8(at: i, end: end) }
        for k in 2..<length where buffer[i + k] & 0xC0 != 0x80 { return try badUTF8(at: i, end: end) }
        return i + length
    }

    mutating func badUTF8(at i: Int, end: Int) throws -> Int? {
        pos = i
        markToken()
        let shown = InputQuote.quote(UnsafeBufferPointer(start: buffer + i, count: min(end - i, 4)))
        throw error(.malformedInput, "expected UTF-8 text, found invalid bytes \(shown)")
    }

    /// Scans a number at `pos`: first the run of number characters, then the RFC 8259 grammar.
    mutating func scanNumber() throws {
        tokenStart = pos
        var end = pos
        while true {
            while end < count {
                let c = buffer[end]
                let isNumberByte =
                    (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".")
                    || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                if !isNumberByte { break }
                end += 1
            }
            if end < count || atEOF { break }
            let offset = end - tokenStart
            if !(try refill(keepingFrom: tokenStart)) {
                end = tokenStart + offset
                break
            }
            end = tokenStart + offset
        }
        switch JSONScanner.parseNumber(buffer, tokenStart, end) {
        case .success(let parsed):
            number = parsed
        case .failure(let problem):
            throw badNumber(end: end, problem.expected)
        }
        textStart = tokenStart
        textEnd = end
        pos = end
    }

    /// A number grammar violation: what was expected.
    struct NumberProblem: Error {
        var expected: String
    }

    /// Parses RFC 8259 number syntax in `p[start..<end]`, which must be all of it.
    static func parseNumber(_ p: UnsafeMutablePointer<UInt8>, _ start: Int, _ end: Int) -> Result<JSONNumber, NumberProblem> {
        var i = start
        var negative = false
        if p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        var exact = true
        var integerLiteral = true
        guard i < end, p[i] &- 48 < 10 else { return .failure(NumberProblem(expected: "expected a digit after '-'")) }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < end && p[i] &- 48 < 10 { return .failure(NumberProblem(expected: "expected no leading zeros in a number")) }
        } else {
            while i < end {
                let d = p[i] &- 48
                if d >= 10 { break }
                // Keep 19 significant digits exactly; count the rest into the exponent.
                if digits < 19 {
                    significand = significand &* 10 &+ UInt64(d)
                    digits += 1
                } else {
                    if d != 0 { exact = false }
                    exponent += 1
                }
                i += 1
            }
        }
        if i < end && p[i] == UInt8(ascii: ".") {
            integerLiteral = false
            i += 1
            guard i < end, p[i] &- 48 < 10 else { return .failure(NumberProblem(expected: "expected a digit after '.'")) }
            while i < end {
                let d = p[i] &- 48
                if d >= 10 { break }
                if digits < 19 {
                    significand = significand &* 10 &+ UInt64(d)
                    if significand != 0 { digits += 1 }
                    exponent -= 1
                } else if d != 0 {
                    exact = false
                }
                i += 1
            }
        }
        if i < end && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            integerLiteral = false
            i += 1
            var expNegative = false
            if i < end && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end, p[i] &- 48 < 10 else { return .failure(NumberProblem(expected: "expected a digit in the exponent")) }
            var e = 0
            while i < end {
                let d = p[i] &- 48
                if d >= 10 { break }
                // Clamp: anything this large is out of range for every conversion anyway.
                if e < 100_000_000 { e = e * 10 + Int(d) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        guard i == end else { return .failure(NumberProblem(expected: "expected a number")) }
        if significand == 0 { exponent = 0 }
        return .success(
            JSONNumber(
                isNegative: negative,
                significand: significand,
                exponent: exponent,
                isExact: exact,
                isIntegerLiteral: integerLiteral
            )
        )
    }

    mutating func badNumber(end: Int, _ expected: String) -> Diagnostic {
        let shown = InputQuote.quote(UnsafeBufferPointer(start: buffer + tokenStart, count: max(end - tokenStart, 1)))
        return error(.malformedInput, "\(expected), found \(shown)")
    }

    mutating func decodeEscapes(from start: Int, to end: Int, into out: inout [UInt8]) {
        var i = start
        while i < end {
            let c = buffer[i]
            guard c == 0x5C else {
                out.append(c)
                i += 1
                continue
            }
            let e = buffer[i + 1]
            switch e {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: i + 2) ?? 0xFFFD
                if scalar >= 0xD800 && scalar <= 0xDBFF, let low = hex4(at: i + 8) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(s)).utf8))
                i += 6
                continue
            default: out.append(e)
            }
            i += 2
        }
    }
}
