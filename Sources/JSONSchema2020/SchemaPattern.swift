import JSONStream

/// A compiled `pattern` / `patternProperties` regular expression.
///
/// The spec asks for ECMA-262 semantics; Swift `Regex` is close, and `ECMARegexSyntax` rewrites the
/// few places where they differ. Matching is an unanchored search by code point, with ASCII `\d`
/// and `\w` as in ECMA-262.
struct SchemaPattern: @unchecked Sendable {
    // `Regex<AnyRegexOutput>` is not `Sendable` only because its output type could hold anything;
    // the compiled program is immutable once built, and `init` builds it before the value is shared.

    /// The pattern as the schema wrote it.
    var source: String
    private let regex: Regex<AnyRegexOutput>

    /// Compiles `source`; nil when it is not an ECMA-262 pattern Swift can run.
    init?(_ source: String) {
        guard let translated = ECMARegexSyntax.translate(source), let parsed = try? Regex(translated) else {
            return nil
        }
        self.source = source
        regex = parsed.matchingSemantics(.unicodeScalar).asciiOnlyDigits().asciiOnlyWordCharacters()
        // Run once so the lazily lowered program exists before other threads can see this value.
        _ = try? regex.firstMatch(in: "")
    }

    /// Whether the pattern matches anywhere in `text` (ECMA `RegExp.prototype.test`).
    func matches(_ text: String) -> Bool {
        ((try? regex.firstMatch(in: text)) ?? nil) != nil
    }
}

/// Rewrites ECMA-262 pattern syntax into Swift `Regex` syntax where the two differ.
enum ECMARegexSyntax {
    /// The Swift form of `pattern`, or nil for syntax ECMA-262 does not have (Python's `(?P<n>)`,
    /// `(?#...)` comments, global inline flags like `(?i)`, the `\a` escape).
    ///
    /// Rewritten: `\cX` control escapes, `\s`/`\S` (ECMA counts U+FEFF as white space), and the
    /// empty classes `[]` (matches nothing) and `[^]` (matches anything).
    static func translate(_ pattern: String) -> String? {
        let scalars = Array(pattern.unicodeScalars)
        var out = ""
        var index = 0
        var inClass = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                switch next {
                case "c":
                    guard index + 2 < scalars.count, scalars[index + 2].isASCIILetter else { return nil }
                    out += "\\u{" + String(scalars[index + 2].value % 32, radix: 16) + "}"
                    index += 3
                    continue
                case "s":
                    out += inClass ? "\\s\\u{FEFF}" : "[\\s\\u{FEFF}]"
                case "S":
                    out += inClass ? "\\S" : "[^\\s\\u{FEFF}]"
                case "a":
                    return nil
                default:
                    out.unicodeScalars.append(scalar)
                    out.unicodeScalars.append(next)
                }
                index += 2
                continue
            }
            if inClass {
                if scalar == "]" { inClass = false }
                out.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            if scalar == "[" {
                if index + 1 < scalars.count, scalars[index + 1] == "]" {
                    out += "(?!)"
                    index += 2
                    continue
                }
                if index + 2 < scalars.count, scalars[index + 1] == "^", scalars[index + 2] == "]" {
                    out += "[\\s\\S]"
                    index += 3
                    continue
                }
                inClass = true
                out.unicodeScalars.append(scalar)
                // A `]` right after `[` or `[^` is a literal in other dialects but closes the class in
                // ECMA-262; handled above. Copy a leading `^` so it is not read as the closing check.
                if index + 1 < scalars.count, scalars[index + 1] == "^" {
                    out.unicodeScalars.append("^")
                    index += 1
                }
                index += 1
                continue
            }
            if scalar == "(", index + 1 < scalars.count, scalars[index + 1] == "?", !isECMAGroup(scalars, at: index + 2) {
                return nil
            }
            out.unicodeScalars.append(scalar)
            index += 1
        }
        return out
    }

    /// Whether `(?` followed by what is at `index` opens an ECMA-262 group: `(?:`, `(?=`, `(?!`,
    /// `(?<=`, `(?<!`, `(?<name>`, or a modifier group `(?i:...)` (ES2025); not `(?i)` or `(?P`.
    private static func isECMAGroup(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index < scalars.count else { return false }
        switch scalars[index] {
        case ":", "=", "!": return true
        case "<": return index + 1 < scalars.count
        default:
            var cursor = index
            while cursor < scalars.count, "ims-".unicodeScalars.contains(scalars[cursor]) { cursor += 1 }
            return cursor > index && cursor < scalars.count && scalars[cursor] == ":"
        }
    }
}

extension Unicode.Scalar {
    /// `A`–`Z` or `a`–`z`.
    fileprivate var isASCIILetter: Bool {
        ("A"..."Z").contains(self) || ("a"..."z").contains(self)
    }
}
