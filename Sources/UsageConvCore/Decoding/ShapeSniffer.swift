/// Builds an `InputShape` from an input's first bytes.
public enum ShapeSniffer {
    /// How many bytes are sniffed.
    public static let prefixLength = 64 * 1024

    /// Sniffs `prefix` (the first bytes of the input, possibly the whole input).
    public static func shape(of prefix: [UInt8]) -> InputShape {
        switch LeadingBytes(prefix) {
        case .empty: return InputShape(syntax: .empty)
        case .gzip: return InputShape(syntax: .gzip)
        case .zip: return InputShape(syntax: .zip)
        case .utf16: return utf16Shape(prefix)
        case .markup(let start): return markupShape(prefix, from: start)
        case .jsonContainer, .jsonScalar:
            // A whole input (shorter than the sniff) that is plain JSON needs no reader.
            if prefix.count < prefixLength, let shape = plainShape(prefix) { return shape }
            return readerShape(prefix)
        case .other: return InputShape(syntax: .unknown)
        }
    }

    /// UTF-16 with a BOM: XML may be so encoded (libxml2 reads it); sniff a UTF-8 copy of the head.
    private static func utf16Shape(_ prefix: [UInt8]) -> InputShape {
        let bigEndian = prefix[0] == 0xFE
        var units: [UInt16] = []
        var i = 2
        while i + 1 < min(prefix.count, 8192) {
            units.append(bigEndian ? UInt16(prefix[i]) << 8 | UInt16(prefix[i + 1]) : UInt16(prefix[i + 1]) << 8 | UInt16(prefix[i]))
            i += 2
        }
        let head = Array(String(decoding: units, as: UTF16.self).utf8)
        var shape = shape(of: head)
        if shape.syntax != .xml { shape = InputShape(syntax: .unknown) }  // JSON must be UTF-8 (RFC 8259)
        return shape
    }

    private static func markupShape(_ prefix: [UInt8], from start: Int) -> InputShape {
        let head = String(decoding: prefix[start..<min(prefix.count, start + 4096)], as: UTF8.self)
        let lower = head.lowercased()
        if lower.hasPrefix("<!doctype html") || lower.hasPrefix("<html")
            || lower.contains("<html")
                && !lower.hasPrefix("<?xml")
        {
            var shape = InputShape(syntax: .html)
            let bytes = Array(lower.utf8)
            if let open = find(Array("<title>".utf8), in: bytes, from: 0),
                let close = find(Array("</title>".utf8), in: bytes, from: open + 7)
            {
                let original = Array(head.utf8)
                shape.htmlTitle = String(decoding: original[(open + 7)..<close], as: UTF8.self)
                    .trimmingCharacters(in: " \n\r\t")
            }
            return shape
        }
        var shape = InputShape(syntax: .xml)
        var rest = Substring(head)
        // Skip the declaration, comments and processing instructions to find the root's name.
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let c = rest.first else { break }
            if c == "?" || c == "!" { continue }
            shape.xmlRoot = String(rest.prefix { !" \t\r\n/>".contains($0) })
            break
        }
        return shape
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = start
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    /// The JSON shape of `prefix` read with the JSON reader: any JSON, cut or not, valid or not.
    static func readerShape(_ prefix: [UInt8]) -> InputShape {
        var options = JSONReaderOptions()
        options.allowComments = true
        options.rejectDuplicateKeys = false
        options.chunkSize = 64 * 1024
        let reader = JSONReader(bytes: prefix, options: options)
        var skeleton = ShapeSkeleton<String> { Array($0.utf8) }
        do {
            while true {
                let token: PlainJSONTokens.Token =
                    switch try reader.next() {
                    case .beginObject: .beginObject
                    case .endObject: .endObject
                    case .beginArray: .beginArray
                    case .endArray: .endArray
                    case .key: .key
                    case .string: .string
                    case .number: .number
                    case .bool: .bool
                    case .null: .null
                    case .endOfInput: .end
                    }
                if token == .end { break }
                skeleton.take(token, depth: reader.depth, key: { reader.key }) {
                    token == .string ? reader.stringValue() : String(decoding: reader.tokenText(), as: UTF8.self)
                }
            }
        } catch let diagnostic as Diagnostic {
            // The prefix may end mid-document: the skeleton so far is the answer, and the decoder
            // reports real errors with locations. When the prefix is the whole input (or the
            // nesting is too deep, which no cut causes), the error is real: kept for when no
            // decoder recognises the input, so it gets the located syntax error, not a guess.
            if prefix.count < prefixLength || diagnostic.code == .depthLimit { skeleton.shape.syntaxError = diagnostic }
        } catch {}
        return skeleton.shape
    }
}

/// The shape rules of a JSON sniff, fed one token at a time by either sniff (the JSON reader's,
/// or the one-pass `plainShape`), so both build the same shape: the paths of the first element of
/// each array down to depth 4 (later elements are skipped whole), their kinds in first-seen order
/// (at most 400), the text of strings and numbers down to depth 3 (at most 200 bytes), and how
/// many values the top level holds.
struct ShapeSkeleton<Key> {
    /// The shape so far.
    var shape = InputShape(syntax: .json)
    /// The paths of the followed containers, and the element index of each.
    private var paths: [String] = []
    private var elementIndex: [Int] = []
    /// The depth below which a skipped container ends.
    private var skipDepth: Int? = nil
    private var entries = 0
    private var pendingKey: Key? = nil
    /// A key's bytes, for the path of a value that is followed.
    private let member: (Key) -> [UInt8]

    init(member: @escaping (Key) -> [UInt8]) {
        self.member = member
    }

    /// Takes the next token (not `.end`).
    ///
    /// `depth` is the nesting after it; `key` gives a key token's key and `text` a string's or
    /// number's text, each asked only when it is needed.
    @inline(__always)
    mutating func take(_ token: PlainJSONTokens.Token, depth readerDepth: Int, key: () -> Key, text: () -> String) {
        let depth = paths.count
        if let skip = skipDepth {
            if (token == .endArray || token == .endObject) && readerDepth < skip { skipDepth = nil }
            return
        }
        switch token {
        case .key:
            pendingKey = key()
            if depth == 1 { shape.topLevelCount += 1 }
            return
        case .endArray, .endObject:
            paths.removeLast()
            elementIndex.removeLast()
            if let last = elementIndex.indices.last { elementIndex[last] += 1 }
            pendingKey = nil
            return
        default: break
        }
        let inArray = pendingKey == nil && depth > 0
        if inArray && depth == 1 { shape.topLevelCount += 1 }
        // Follow only the first element of each array, down to depth 4.
        let follow = !(inArray && elementIndex[elementIndex.count - 1] > 0) && depth < 5
        switch token {
        case .beginObject, .beginArray:
            if follow {
                let path = valuePath()
                record(path, token == .beginObject ? .object : .array)
                paths.append(path)
                elementIndex.append(0)
            } else {
                if let last = elementIndex.indices.last { elementIndex[last] += 1 }
                skipDepth = readerDepth
            }
        case .string, .number, .bool, .null:
            if follow {
                let path = valuePath()
                let kind: InputShape.ValueKind =
                    switch token {
                    case .string: .string
                    case .number: .number
                    case .bool: .bool
                    default: .null
                    }
                record(path, kind)
                if depth <= 3, token == .string || token == .number {
                    let text = text()
                    if text.utf8.count <= 200 { shape.scalars[path] = text }
                }
            }
            if inArray { elementIndex[elementIndex.count - 1] += 1 }
        default: break
        }
        pendingKey = nil
    }

    /// The path of the value being taken (built only for what is followed).
    private func valuePath() -> String {
        guard let parent = paths.last else { return "$" }
        if let key = pendingKey { return parent + JSONPath.member(member(key)) }
        return parent + "[\(elementIndex[elementIndex.count - 1])]"
    }

    private mutating func record(_ path: String, _ kind: InputShape.ValueKind) {
        guard shape.kinds[path] == nil, entries < 400 else { return }
        entries += 1
        shape.kinds[path] = kind
        shape.order.append(path)
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
