import UsageConvDiagnostics
import UsageConvValues

/// Numbers that some providers quote: UCloud's `"RetCode": "100"`, OnApp's `"data_read": "8320.0"`.
extension JSONReader {
    /// The value of a number token, or of a string that holds exactly one JSON number.
    ///
    /// - Parameters:
    ///   - token: the token just read.
    ///   - what: how the expected value is named in an error ("the StartTime in Unix seconds").
    public func numberOrNumericString(_ token: JSONToken, _ what: String) throws -> Number {
        switch token {
        case .number:
            return try numberValue()
        case .string:
            if let value = Number.parseJSON(stringBytes()) { return value }
            throw mismatch(expected: what, found: token)
        default:
            throw mismatch(expected: what, found: token)
        }
    }

    /// Like `numberOrNumericString` but requires a whole number (`1.0` is accepted, `1.5` is not).
    public func integerOrNumericString(_ token: JSONToken, _ what: String) throws -> Int64 {
        let value = try numberOrNumericString(token, what)
        guard let integer = value.exactInteger else {
            throw error(.invalidNumber, "expected \(what) as a whole number, found \(value)")
        }
        return integer
    }
}

extension Number {
    /// Parses number text as JSON writes it (`-12.50`, `8320.0`, `1e3`), exactly; nil otherwise.
    ///
    /// Plain decimals of up to 18 digits take a direct path (XML element text is mostly these);
    /// everything else goes through the JSON reader's number grammar.
    public static func parseText(_ text: String) -> Number? {
        var text = text
        if let plain = text.withUTF8({ plainDecimal($0.span) }) { return plain }
        return parseJSON(Array(text.utf8))
    }

    /// Parses the text of one JSON number exactly; nil for anything else (spaces, `0x10`, `NaN`).
    public static func parseJSON(_ bytes: [UInt8]) -> Number? {
        guard !bytes.isEmpty, bytes.count <= 64 else { return nil }
        let reader = JSONReader(bytes: bytes)
        guard (try? reader.next()) == .number, let value = try? reader.numberValue(), (try? reader.next()) == .endOfInput else {
            return nil
        }
        return value
    }
}
