import JSONStream
import UsageConvBytes
import UsageConvDiagnostics
import UsageConvValues

/// Builds a `JSONValue` tree with the project's strict `JSONReader` (duplicate keys rejected).
public enum JSONValueParser {
    /// Parses one whole JSON document.
    ///
    /// - Throws: the reader's located `Diagnostic` (malformed, truncated, duplicate key, too deep).
    public static func parse(_ bytes: [UInt8], options: JSONReaderOptions = .default) throws(Diagnostic) -> JSONValue {
        let reader = JSONReader(bytes: bytes, options: options)
        do {
            let value = try readValue(reader, first: try reader.next())
            let after = try reader.next()
            guard after == .endOfInput else { throw reader.mismatch(expected: "end of input", found: after) }
            return value
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw Diagnostic.error(.malformedInput, "cannot read JSON: \(error)")
        }
    }

    /// Reads the value whose first token is `first` (recursion is bounded by the reader's `maxDepth`).
    private static func readValue(_ reader: JSONReader, first: JSONToken) throws -> JSONValue {
        switch first {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .string: return .string(reader.stringValue())
        case .number: return .number(number(reader))
        case .beginArray:
            var items: [JSONValue] = []
            try reader.forEachElement { token in items.append(try readValue(reader, first: token)) }
            return .array(items)
        case .beginObject:
            var object = JSONObject()
            try reader.forEachMember {
                let key = reader.key
                object.set(key, try readValue(reader, first: try reader.next()))
            }
            return .object(object)
        default:
            throw reader.mismatch(expected: "a value", found: first)
        }
    }

    /// The number just read: exact when it has at most 19 significant digits, else the nearest
    /// `Double` (so `1e308` and 30-digit integers are still values, not errors as in dumps).
    private static func number(_ reader: JSONReader) -> Number {
        if let exact = reader.number.exactNumber { return exact }
        let text = String(decoding: reader.tokenText(), as: UTF8.self)
        // The reader has already checked the grammar; an overflow becomes ±infinity, compared as such.
        return Number(Double(text) ?? .nan)
    }
}
