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
        var shape = InputShape(syntax: .json)
        var options = JSONReaderOptions()
        options.allowComments = true
        options.rejectDuplicateKeys = false
        options.chunkSize = 64 * 1024
        let reader = JSONReader(bytes: prefix, options: options)
        // Path and per-level "first element only" bookkeeping.
        var paths: [String] = []
        var elementIndex: [Int] = []
        var skipDepth: Int? = nil
        var entries = 0
        func record(_ path: String, _ kind: InputShape.ValueKind) {
            guard shape.kinds[path] == nil, entries < 400 else { return }
            entries += 1
            shape.kinds[path] = kind
            shape.order.append(path)
        }
        do {
            var pendingKey: String? = nil
            while true {
                let token = try reader.next()
                if token == .endOfInput { break }
                let depth = paths.count
                if let skip = skipDepth {
                    if (token == .endArray || token == .endObject) && reader.depth < skip { skipDepth = nil }
                    continue
                }
                func valuePath() -> String {
                    guard let parent = paths.last else { return "$" }
                    if let key = pendingKey { return parent + JSONPath.member(Array(key.utf8)) }
                    return parent + "[\(elementIndex[elementIndex.count - 1])]"
                }
                switch token {
                case .key:
                    pendingKey = reader.key
                    if depth == 1 { shape.topLevelCount += 1 }
                    continue
                case .endArray, .endObject:
                    paths.removeLast()
                    elementIndex.removeLast()
                    if let last = elementIndex.indices.last { elementIndex[last] += 1 }
                    pendingKey = nil
                    continue
                default: break
                }
                let path = valuePath()
                let inArray = pendingKey == nil && depth > 0
                if inArray && depth == 1 { shape.topLevelCount += 1 }
                // Follow only the first element of each array, down to depth 4.
                let follow = !(inArray && elementIndex[elementIndex.count - 1] > 0) && depth < 5
                switch token {
                case .beginObject, .beginArray:
                    if follow {
                        record(path, token == .beginObject ? .object : .array)
                        paths.append(path)
                        elementIndex.append(0)
                    } else {
                        if let last = elementIndex.indices.last { elementIndex[last] += 1 }
                        skipDepth = reader.depth
                    }
                case .string, .number, .bool, .null:
                    if follow {
                        let kind: InputShape.ValueKind =
                            switch token {
                            case .string: .string
                            case .number: .number
                            case .bool: .bool
                            default: .null
                            }
                        record(path, kind)
                        if depth <= 3, token == .string || token == .number {
                            let text = token == .string ? reader.stringValue() : String(decoding: reader.tokenText(), as: UTF8.self)
                            if text.utf8.count <= 200 { shape.scalars[path] = text }
                        }
                    }
                    if inArray { elementIndex[elementIndex.count - 1] += 1 }
                default: break
                }
                pendingKey = nil
            }
        } catch let diagnostic as Diagnostic {
            // The prefix may end mid-document: the skeleton so far is the answer, and the decoder
            // reports real errors with locations. When the prefix is the whole input (or the
            // nesting is too deep, which no cut causes), the error is real: kept for when no
            // decoder recognises the input, so it gets the located syntax error, not a guess.
            if prefix.count < prefixLength || diagnostic.code == .depthLimit { shape.syntaxError = diagnostic }
        } catch {}
        return shape
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
