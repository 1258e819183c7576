import UsageConvDiagnostics

/// Path arithmetic on Unicode scalars, never on `Character`s.
///
/// A file name may start with a combining mark (`/` + U+0301 is one grapheme cluster), so
/// `String` operations that work on characters (`split(separator: "/")`, `lastIndex(of: "/")`,
/// `hasPrefix`, `dropFirst(n)`) would miss a separator or drop a mark. These work on scalars,
/// which are exactly the bytes between separators (see `FileName`).
public enum PathText {
    /// The non-empty components between `/`s.
    public static func components(_ path: String) -> [String] {
        path.unicodeScalars.split(separator: "/", omittingEmptySubsequences: true).map { String(String.UnicodeScalarView($0)) }
    }

    /// What comes after the last `/` (the whole path when there is none).
    public static func lastComponent(_ path: String) -> String {
        guard let slash = path.unicodeScalars.lastIndex(of: "/") else { return path }
        return String(path.unicodeScalars[path.unicodeScalars.index(after: slash)...])
    }

    /// What comes before the last `/`, or `nil` when there is none (`""` for `/name`).
    public static func parent(_ path: String) -> String? {
        guard let slash = path.unicodeScalars.lastIndex(of: "/") else { return nil }
        return String(path.unicodeScalars[..<slash])
    }

    /// Whether `path` starts with `prefix`, scalar for scalar.
    ///
    /// Compared as UTF-8 bytes, which is the same answer: each scalar encodes alone, and a byte
    /// sequence that starts (or ends) with a whole string's encoding is cut at a scalar boundary.
    public static func hasPrefix(_ path: String, _ prefix: String) -> Bool {
        path.utf8.starts(with: prefix.utf8)
    }

    /// Whether `path` ends with `suffix`, scalar for scalar (compared as UTF-8 bytes, see `hasPrefix`).
    public static func hasSuffix(_ path: String, _ suffix: String) -> Bool {
        let bytes = path.utf8
        let tail = suffix.utf8
        return bytes.count >= tail.count && bytes.suffix(tail.count).elementsEqual(tail)
    }

    /// `path` without its first `count` scalars.
    public static func dropFirst(_ path: String, _ count: Int) -> String {
        String(String.UnicodeScalarView(path.unicodeScalars.dropFirst(count)))
    }

    /// `path` without its last `count` scalars.
    public static func dropLast(_ path: String, _ count: Int) -> String {
        String(String.UnicodeScalarView(path.unicodeScalars.dropLast(count)))
    }

    /// `path` below `folder` (`a/b/c.json` below `a` is `b/c.json`), or `nil` when it is not below it.
    public static func relative(_ path: String, below folder: String) -> String? {
        if folder == "." { return hasPrefix(path, "./") ? dropFirst(path, 2) : path }
        let prefix = hasSuffix(folder, "/") ? folder : folder + "/"
        guard hasPrefix(path, prefix) else { return nil }
        // The prefix's bytes end on a scalar boundary: cut there, without counting scalars.
        let cut = path.utf8.index(path.utf8.startIndex, offsetBy: prefix.utf8.count)
        return String(path.unicodeScalars[cut...])
    }

    /// `folder/name`, without doubling a `/` and without a leading `./`.
    public static func join(_ folder: String, _ name: String) -> String {
        folder == "." ? name : (hasSuffix(folder, "/") ? folder + name : folder + "/" + name)
    }

    /// Whether a name is hidden: its first byte is `.` (what `fnmatch`'s `FNM_PERIOD` looks at).
    public static func isHidden(_ name: String) -> Bool {
        name.unicodeScalars.first == "."
    }
}
