import UsageConvDiagnostics
import UsageConvValues

/// Helpers decoders use to demand a shape and fail with "expected X at PATH, found Y".
extension JSONReader {
    /// Reads the next token and requires it to be `token`.
    ///
    /// - Parameters:
    ///   - token: the token the shape demands here.
    ///   - what: how the expected value is named in the message ("an array of pairs").
    public func expect(_ token: JSONToken, _ what: String) throws {
        let found = try next()
        guard found == token else { throw mismatch(expected: what, found: found) }
    }

    /// An error for a token that is not what the payload requires.
    public func mismatch(expected what: String, found token: JSONToken) -> Diagnostic {
        if token == .endOfInput {
            return error(.truncatedInput, "expected \(what), found end of input")
        }
        var shown = token.description
        if token == .string { shown = "the string " + InputQuote.quote(stringBytes(), limit: 40) }
        if token == .number { shown = "the number " + String(decoding: tokenText(), as: UTF8.self) }
        return error(.wrongType, "expected \(what), found \(shown)")
    }

    /// Reads a string value (or fails naming `what`).
    public func readString(_ what: String) throws -> String {
        let token = try next()
        guard token == .string else { throw mismatch(expected: what, found: token) }
        return stringValue()
    }

    /// Reads the members of an object whose `{` was just read, calling `body` at each key;
    /// `body` must consume the member's value.
    public func forEachMember(_ body: () throws -> Void) throws {
        while true {
            let token = try next()
            if token == .endObject { return }
            guard token == .key else { throw mismatch(expected: "a key or '}'", found: token) }
            try body()
        }
    }

    /// Reads the elements of an array whose `[` was just read, calling `body` with each element's
    /// first token; `body` must consume the element.
    public func forEachElement(_ body: (JSONToken) throws -> Void) throws {
        while true {
            let token = try next()
            if token == .endArray { return }
            try body(token)
        }
    }

    /// The current number as a non-negative `Number` (data amounts and rates cannot be negative).
    public func nonNegativeNumber(_ what: String) throws -> Number {
        let value = try numberValue()
        if value.isNegative {
            throw error(.invalidNumber, "expected a non-negative \(what), found \(String(decoding: tokenText(), as: UTF8.self))")
        }
        return value
    }

    /// Reads the value of the member just keyed into `meta` as text when it is a scalar (null is
    /// left out); a structure is skipped with a warning that it is not part of `document`.
    ///
    /// For the members a payload carries beside its data (`last`, `target`, `TotalOutSize`, ...):
    /// kept, never silently dropped.
    public func readScalarMeta(into meta: inout [String: String], warnings: inout [Diagnostic], document: String) throws {
        let name = key
        let token = try next()
        switch token {
        case .string: meta[name] = stringValue()
        case .number: meta[name] = String(decoding: tokenText(), as: UTF8.self)
        case .bool(let flag): meta[name] = flag ? "true" : "false"
        case .null: break
        default:
            let at = location
            try skipValue(startingWith: token)
            warnings.append(.warning(.invalidValue, "ignored the member \"\(name)\" (not part of \(document))", at: at))
        }
    }
}
