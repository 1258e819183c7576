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
    public static func hasPrefix(_ path: String, _ prefix: String) -> Bool {
        path.unicodeScalars.starts(with: prefix.unicodeScalars)
    }

    /// Whether `path` ends with `suffix`, scalar for scalar.
    public static func hasSuffix(_ path: String, _ suffix: String) -> Bool {
        path.unicodeScalars.reversed().starts(with: suffix.unicodeScalars.reversed())
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
        return hasPrefix(path, prefix) ? dropFirst(path, prefix.unicodeScalars.count) : nil
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
