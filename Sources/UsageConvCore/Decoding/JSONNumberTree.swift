/// Reads a nested object of numbers (`{"peak": {"in": 1}}`) into dotted paths (`peak.in`).
///
/// Used for summary blocks (InterServer `usage`, `totals`) that are cross-checked, not converted.
enum JSONNumberTree {
    /// Reads the value whose first token was `first`; non-numeric leaves are skipped.
    static func read(_ reader: JSONReader, first: JSONToken, prefix: String = "") throws -> [String: Number] {
        var out: [String: Number] = [:]
        switch first {
        case .number:
            out[prefix] = try reader.numberValue()
        case .string:
            // Some APIs quote numbers; keep them when they parse.
            let text = reader.stringValue()
            if let integer = Int64(text) { out[prefix] = Number(integer) }
        case .beginObject:
            try reader.forEachMember {
                let name = prefix.isEmpty ? reader.key : prefix + "." + reader.key
                let token = try reader.next()
                out.merge(try read(reader, first: token, prefix: name)) { _, new in new }
            }
        default:
            try reader.skipValue(startingWith: first)
        }
        return out
    }
}
