import UsageConvDiagnostics

/// Turns the raw name bytes of a ZIP entry into a relative, `/`-separated path that cannot escape
/// the folder a caller joins it to, or says why the name is refused.
enum ZipEntryName {
    /// The outcome of sanitising one name.
    struct Result: Equatable {
        /// The decoded name as the archive spells it, for messages (never used as a path).
        var display: String
        /// The safe relative path; empty when `refusal` is set.
        var path: String
        /// Why the name is refused (a `..` component, a NUL byte, nothing left), or `nil`.
        var refusal: String?
        /// The name ends with `/` (or `\`): the entry is a folder.
        var isDirectory: Bool
    }

    /// Decodes and sanitises `raw`; `utf8Flag` is general-purpose bit 11 ("the name is UTF-8").
    ///
    /// Decoding: UTF-8 when the flag is set or the bytes are valid UTF-8 (invalid sequences then
    /// are kept as bytes, see `FileName`), else code page 437 (what ZIP tools and Python's `zipfile` assume).
    /// Sanitising: `\` becomes `/`; leading `/` and a drive letter (`C:`) are stripped; empty and
    /// `.` components are dropped. Refused: any `..` component, any NUL byte, an empty result.
    static func sanitise(_ raw: [UInt8], utf8Flag: Bool) -> Result {
        let decoded = decode(raw, utf8Flag: utf8Flag)
        let display = decoded
        // Scalars, not characters: in `../\u{301}x` the `/` and the combining mark are one
        // character, and a character split would miss the `..` component.
        var text = String(String.UnicodeScalarView(decoded.unicodeScalars.map { $0 == "\\" ? "/" : $0 }))
        let isDirectory = PathText.hasSuffix(text, "/")
        if raw.contains(0) {
            return Result(display: display, path: "", refusal: "its name contains a NUL byte", isDirectory: isDirectory)
        }
        text = String(String.UnicodeScalarView(text.unicodeScalars.drop { $0 == "/" }))
        if let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
            text.unicodeScalars.dropFirst().first == ":"
        {
            text = String(text.unicodeScalars.dropFirst(2))
        }
        var components: [String] = []
        for component in PathText.components(text) {
            if component == "." { continue }
            if component == ".." {
                return Result(
                    display: display,
                    path: "",
                    refusal: "its name has a '..' component that would escape the destination folder",
                    isDirectory: isDirectory
                )
            }
            components.append(component)
        }
        guard !components.isEmpty else {
            return Result(display: display, path: "", refusal: "its name is empty once sanitised", isDirectory: isDirectory)
        }
        return Result(display: display, path: components.joined(separator: "/"), refusal: nil, isDirectory: isDirectory)
    }

    /// UTF-8 when flagged or valid, else code page 437.
    static func decode(_ raw: [UInt8], utf8Flag: Bool) -> String {
        if utf8Flag { return FileName.decode(raw) }
        if let text = String(validating: raw, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        for byte in raw {
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
            } else if let scalar = Unicode.Scalar(cp437High[Int(byte - 0x80)]) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Code page 437, bytes 0x80 to 0xFF (the low half is ASCII), as Python's `cp437` codec has it.
    static let cp437High: [UInt16] = [
        0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
        0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
        0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
        0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
        0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
        0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
        0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
        0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
    ]
}
