// A Number's text into an `OutputSpan`: the encoders' row loops reserve `maxTextLength` per value,
// then append it through the checked digit writers of UsageConvBytes (no pointers here).
extension OutputSpan where Element == UInt8 {
    /// Appends a value's canonical text.
    mutating func append(number: Number) {
        switch number.storage {
        case .decimal(let s, let e): append(decimal: s, exponent: Int(e))
        case .binary(let d):
            var text: [UInt8] = []
            NumberText.writeDouble(d, to: &text)
            append(bytes: text)
        }
    }
}

extension Number {
    /// The most bytes `OutputSpan.append(number:)` can write for this value.
    var maxTextLength: Int {
        switch storage {
        case .decimal(_, let e): 24 + Int(e.magnitude)
        case .binary: 400
        }
    }
}
