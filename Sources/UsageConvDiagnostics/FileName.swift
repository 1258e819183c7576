/// File names as the kernel has them: bytes, not necessarily UTF-8.
///
/// Linux allows any byte but `/` and NUL in a name; archives from old systems hold Latin-1 names
/// like `caf\xE9.json`. Decoding those lossily (U+FFFD, as `String(cString:)` and Foundation do)
/// gives a name no system call can open. So a name's invalid bytes are kept inside the `String`
/// as U+10FF00 + byte (the last 256 code points of Supplementary Private Use Area-B), and turned
/// back into the same bytes for every system call. A real U+10FFxx in a name is escaped the same
/// way, byte by byte, so the mapping is exact both ways.
public enum FileName {
    /// The first code point of the escape range: U+10FF00 + byte.
    static let escapeBase: UInt32 = 0x10_FF00

    /// The name for `bytes` (a path as read from `readdir`, `argv` or a file list), lossless.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        // Fast path: valid UTF-8 without the escape range is the name as it is.
        if let text = String(validating: bytes, as: UTF8.self), !hasEscapes(text) { return text }
        var scalars = String.UnicodeScalarView()
        let array = Array(bytes)
        var index = 0
        while index < array.count {
            let length = validSequenceLength(array, at: index)
            if length > 0, let text = String(validating: array[index..<(index + length)], as: UTF8.self),
                let scalar = text.unicodeScalars.first, scalar.value < escapeBase
            {
                scalars.append(scalar)
                index += length
                continue
            }
            // An invalid byte, or a real U+10FFxx: escape byte by byte.
            let count = max(length, 1)
            for byte in array[index..<(index + count)] {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(byte)) ?? "\u{FFFD}")
            }
            index += count
        }
        return String(scalars)
    }

    /// The bytes a name stands for (the inverse of `decode`), without a terminating NUL.
    public static func bytes(_ name: String) -> [UInt8] {
        guard hasEscapes(name) else { return Array(name.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars {
            if scalar.value >= escapeBase {
                out.append(UInt8(truncatingIfNeeded: scalar.value - escapeBase))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// The name for people and JSON reports: each byte that is not UTF-8 shown as `\xNN`.
    public static func display(_ name: String) -> String {
        guard hasEscapes(name) else { return name }
        var out = ""
        for scalar in name.unicodeScalars {
            if scalar.value >= escapeBase {
                let byte = scalar.value - escapeBase
                let digits = Array("0123456789ABCDEF")
                out += "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0xF)])
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Whether `name` holds escaped bytes.
    package static func hasEscapes(_ name: String) -> Bool {
        // U+10FF00 and above start with F4 8F BC..BF in UTF-8.
        var iterator = name.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == 0xF4 else { continue }
            if iterator.next() == 0x8F, let third = iterator.next(), third >= 0xBC { return true }
        }
        return false
    }

    /// The length of the well-formed UTF-8 sequence starting at `index`, or 0.
    static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        // Overlongs, surrogates and values past U+10FFFF fail `String(validating:)` in the caller.
        return length
    }
}
