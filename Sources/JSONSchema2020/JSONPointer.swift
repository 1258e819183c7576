import JSONStream

/// RFC 6901 JSON Pointers: building them for reports and following them for `$ref` fragments.
public enum JSONPointer {
    /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        var out = ""
        for character in token {
            switch character {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(character)
            }
        }
        return out
    }

    /// Appends one token to a pointer (`""` is the root).
    public static func appending(_ pointer: String, _ token: String) -> String {
        pointer + "/" + escape(token)
    }

    /// Splits a pointer into unescaped tokens; nil when it is not a pointer (no leading `/`).
    public static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        var result: [String] = []
        for part in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            // `~1` first would turn `~01` into `/`; RFC 6901 decodes `~1` then `~0`.
            result.append(String(part).replacing("~1", with: "/").replacing("~0", with: "~"))
        }
        return result
    }

    /// The pointer for `tokens`.
    public static func make(_ tokens: [String]) -> String {
        tokens.reduce("") { appending($0, $1) }
    }

    /// The value at `tokens` inside `root`, or nil.
    public static func resolve(_ tokens: [String], in root: JSONValue) -> JSONValue? {
        var current = root
        for token in tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let items):
                // RFC 6901 indexes are plain decimal without leading zeros.
                guard let index = Int(token), index >= 0, index < items.count, token == String(index) else {
                    return nil
                }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }
}
