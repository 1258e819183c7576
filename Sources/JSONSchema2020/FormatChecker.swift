import JSONStream
import UsageConvBytes
import UsageConvDiagnostics

/// `format` as an assertion: checks for the formats JSON Schema draft 2020-12 names.
///
/// Asserted: date-time, date, time, duration (RFC 3339 / ISO 8601 appendix A), email, hostname
/// (RFC 1123 labels), ipv4, ipv6, uri, uri-reference, iri, iri-reference (RFC 3986 syntax),
/// uuid, json-pointer, relative-json-pointer, regex (ECMA-262 as `SchemaPattern` reads it).
/// Unknown formats pass, as the spec requires; so do idn-email, idn-hostname, uri-template
/// (IDNA and RFC 6570 checks are not implemented: passing beats a wrong rejection).
package enum FormatChecker {
    /// Whether `text` is a valid `format`; true for formats this checker does not know.
    package static func isValid(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time": return isDateTime(text)
        case "date": return isDate(text)
        case "time": return isTime(text)
        case "duration": return isDuration(text)
        case "email": return isEmail(text)
        case "hostname": return isHostname(text)
        case "ipv4": return isIPv4(text)
        case "ipv6": return isIPv6(text)
        case "uri", "iri": return isURI(text, absolute: true, ascii: format == "uri")
        case "uri-reference", "iri-reference": return isURI(text, absolute: false, ascii: format == "uri-reference")
        case "uuid": return isUUID(text)
        case "json-pointer": return isJSONPointer(text)
        case "relative-json-pointer": return isRelativeJSONPointer(text)
        case "regex": return SchemaPattern(text) != nil
        default: return true
        }
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// `YYYY-MM-DD` with a real day of that month (leap years included).
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(bytes[0..<4]), let month = digits(bytes[5..<7]), let day = digits(bytes[8..<10])
        else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// RFC 3339 `full-time`: `HH:MM:SS[.frac](Z|±HH:MM)`; a leap second only at 23:59:60 UTC.
    static func isTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 9, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"),
            let hour = digits(bytes[0..<2]), let minute = digits(bytes[3..<5]), let second = digits(bytes[6..<8])
        else { return false }
        var index = 8
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            guard index > start else { return false }
        }
        guard index < bytes.count else { return false }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.count else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard bytes.count - index == 6, bytes[index + 3] == UInt8(ascii: ":"),
                let offsetHour = digits(bytes[(index + 1)..<(index + 3)]),
                let offsetMinute = digits(bytes[(index + 4)..<(index + 6)]),
                offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return false
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        if second == 60 {
            // The leap second must fall at 23:59:60 in UTC.
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// RFC 3339 `date-time`: a date, `T` (or `t`), a time.
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
        return isDate(String(decoding: bytes[0..<10], as: UTF8.self))
            && isTime(String(decoding: bytes[11...], as: UTF8.self))
    }

    /// ISO 8601 durations in the RFC 3339 appendix A grammar: `P1Y2M3DT4H5M6S`, `P4W`; units in
    /// order and without gaps (`P1Y2D` and `PT1H2S` are not durations there).
    static func isDuration(_ text: String) -> Bool {
        guard text.hasPrefix("P") else { return false }
        let body = text.dropFirst()
        if body.hasSuffix("W") { return digits(ArraySlice(body.dropLast().utf8)) != nil }
        let parts = body.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        let date = parts[0]
        if parts.count == 1 { return !date.isEmpty && hasUnitRun(date, ["Y", "M", "D"]) }
        return (date.isEmpty || hasUnitRun(date, ["Y", "M", "D"])) && !parts[1].isEmpty
            && hasUnitRun(parts[1], ["H", "M", "S"])
    }

    /// Whether `text` is `1*DIGIT unit` pairs for a contiguous run of `units` (`1M2D`, not `1Y2D`).
    private static func hasUnitRun(_ text: Substring, _ units: [Character]) -> Bool {
        var found: [Int] = []
        var number = 0
        for character in text {
            if character.isASCII, character.isNumber {
                number += 1
                continue
            }
            guard number > 0, let unit = units.firstIndex(of: character) else { return false }
            found.append(unit)
            number = 0
        }
        guard number == 0, let first = found.first else { return false }
        return found == Array(first..<(first + found.count))
    }

    /// `local@domain`: a dot-atom or quoted local part, and a hostname or `[IP]` domain.
    static func isEmail(_ text: String) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\""), local.hasSuffix("\""), local.count >= 2 {
            // Quoted local parts may hold almost anything.
        } else {
            guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
            let allowed = Set("!#$%&'*+-/=?^_`{|}~.")
            guard local.allSatisfy({ !$0.isASCII || $0.isLetter || $0.isNumber || allowed.contains($0) }) else {
                return false
            }
        }
        if domain.hasPrefix("["), domain.hasSuffix("]") {
            let inside = domain.dropFirst().dropLast()
            if inside.hasPrefix("IPv6:") { return isIPv6(String(inside.dropFirst(5))) }
            return isIPv4(String(inside))
        }
        return isHostname(String(domain))
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, 63 each, 253 in all.
    static func isHostname(_ text: String) -> Bool {
        // A trailing dot (the DNS root) is not part of the RFC 1123 host name syntax the suite expects.
        let name = Substring(text)
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return false
            }
            guard
                label.unicodeScalars.allSatisfy({
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
                })
            else { return false }
            // "--" in positions 3-4 is reserved for A-labels (`xn--`), which must be valid punycode.
            if label.count >= 4, label.dropFirst(2).hasPrefix("--"), !label.lowercased().hasPrefix("xn--") {
                return false
            }
        }
        return true
    }

    /// Dotted quad, no leading zeros.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard let value = digits(ArraySlice(part.utf8)), value <= 255, part.count <= 3 else { return false }
            return part.count == 1 || !part.hasPrefix("0")
        }
    }

    /// RFC 4291 text forms, `::` compression and an embedded IPv4 tail included (no zone ids).
    static func isIPv6(_ text: String) -> Bool {
        guard text.unicodeScalars.allSatisfy({ $0.isASCII }), !text.isEmpty else { return false }
        var groups = 0
        var body = Substring(text)
        if let lastColon = body.lastIndex(of: ":"), body[body.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(body[body.index(after: lastColon)...])) else { return false }
            groups += 2
            body = body[...lastColon]
            if body.hasSuffix(":") && !body.hasSuffix("::") { body = body.dropLast() }
        }
        let compressions = body.ranges(of: "::")
        guard compressions.count <= 1 else { return false }
        let halves = compressions.first.map { [body[..<$0.lowerBound], body[$0.upperBound...]] } ?? [body]
        for half in halves where !half.isEmpty {
            for group in half.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(group.count), group.allSatisfy({ $0.isHexDigit }) else { return false }
                groups += 1
            }
        }
        return halves.count == 2 ? groups <= 7 : groups == 8
    }

    /// RFC 3986 syntax: allowed characters, valid `%XX`, and a scheme when `absolute`.
    static func isURI(_ text: String, absolute: Bool, ascii: Bool) -> Bool {
        let allowed = Set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars
        )
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            if scalar == "%" {
                guard scalars.count >= 2, scalars.prefix(2).allSatisfy({ Character($0).isHexDigit }) else {
                    return false
                }
                scalars = scalars.dropFirst(2)
            } else if !allowed.contains(scalar) && (ascii || scalar.isASCII) {
                return false
            }
        }
        let reference = URIReference(text)
        if absolute && reference.scheme == nil { return false }
        if reference.scheme == nil, let colon = reference.path.firstIndex(of: ":"),
            !reference.path[..<colon].contains("/")
        {
            // A relative path's first segment cannot hold ':' (it would read as a scheme).
            return false
        }
        if let authority = reference.authority, !isAuthority(authority) { return false }
        // Brackets are gen-delims: outside an IP-literal host they must be percent-encoded.
        let rest = reference.path + (reference.query ?? "") + (reference.fragment ?? "")
        return !rest.contains("[") && !rest.contains("]") && !(reference.fragment?.contains("#") ?? false)
    }

    /// `[userinfo@]host[:port]` with an IP-literal or a bracket-free name as host and a numeric port.
    private static func isAuthority(_ authority: String) -> Bool {
        let parts = authority.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2, let hostPort = parts.last else { return false }
        if parts.count == 2, parts[0].contains("[") || parts[0].contains("]") { return false }
        var host = hostPort
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { return false }
            let literal = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            if !literal.hasPrefix("v") && !literal.hasPrefix("V") && !isIPv6(String(literal)) { return false }
            host = hostPort[hostPort.index(after: close)...]
            guard host.isEmpty || host.hasPrefix(":") else { return false }
            host = host.isEmpty ? "" : host
            return host.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
        }
        if let colon = host.firstIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = host[..<colon]
        }
        return !host.contains("[") && !host.contains("]")
    }

    /// 8-4-4-4-12 hex digits.
    static func isUUID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isHexDigit } }
    }

    /// RFC 6901: empty, or `/`-led tokens where `~` is only `~0` or `~1`.
    static func isJSONPointer(_ text: String) -> Bool {
        if text.isEmpty { return true }
        guard text.hasPrefix("/") else { return false }
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "~" {
            guard index + 1 < scalars.count, scalars[index + 1] == "0" || scalars[index + 1] == "1" else {
                return false
            }
        }
        return true
    }

    /// A non-negative integer, then `#` or a JSON Pointer.
    static func isRelativeJSONPointer(_ text: String) -> Bool {
        let prefix = text.prefix { $0.isASCII && $0.isNumber }
        guard !prefix.isEmpty, prefix == "0" || !prefix.hasPrefix("0") else { return false }
        let rest = text.dropFirst(prefix.count)
        return rest == "#" || isJSONPointer(String(rest))
    }
}
