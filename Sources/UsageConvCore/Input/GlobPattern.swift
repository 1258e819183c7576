import Glibc

/// A quoted shell glob expanded by usageconv itself: `'archive/2025-*/**/*.json.gz'`.
///
/// Letting the tool expand the pattern avoids the shell's argument-length limit on archives of
/// many thousands of dumps, and keeps the folders below the pattern's fixed part, so `-o DIR/`
/// mirrors `archive/2025-01/a/dump.json` as `DIR/2025-01/a/dump.csv` instead of flattening
/// (and colliding on) same-named files. Components match with `fnmatch(3)` (`*`, `?`, `[...]`,
/// `\` escapes; a leading `.` only matches a literal `.`); a `**` component matches zero or more
/// folders. Links to folders are not followed (they could loop), as in a folder walk.
public struct GlobPattern: Sendable, Hashable {
    /// The pattern as given.
    public let text: String
    /// The leading components without wildcards: where matching starts, and what mirrored names
    /// are relative to (`archive` for `archive/2025-*/*.json`; `.` when the first component has one).
    public let root: String
    /// The components after `root`.
    let components: [String]

    /// Whether `argument` holds an unescaped `*`, `?` or `[`.
    public static func isPattern(_ argument: String) -> Bool {
        var escaped = false
        for character in argument {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "*" || character == "?" || character == "[" {
                return true
            }
        }
        return false
    }

    /// Splits `text` into its fixed root and the components to match.
    public init(_ text: String) {
        self.text = text
        let absolute = text.hasPrefix("/")
        let parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let fixed = parts.prefix { !Self.isPattern($0) }
        // The last component is always matched, so a pattern never has an empty remainder.
        let fixedCount = min(fixed.count, max(parts.count - 1, 0))
        let rootParts = parts.prefix(fixedCount).map(Self.unescaped)
        let joined = rootParts.joined(separator: "/")
        root = absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
        components = Array(parts.dropFirst(fixedCount))
    }

    /// The paths that match, in byte order: files, and folders (to be walked as inputs are).
    public func matches() -> [String] {
        var found: [String] = []
        match(components[...], in: root, into: &found)
        let unique = Set(found)
        return unique.sorted { FileName.bytes($0).lexicographicallyPrecedes(FileName.bytes($1)) }
    }

    /// `path` relative to `root` (how a match is named below `-o DIR/`).
    public func relative(_ path: String) -> String {
        if root == "." { return path.hasPrefix("./") ? String(path.dropFirst(2)) : path }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    private func match(_ rest: ArraySlice<String>, in folder: String, into found: inout [String]) {
        guard let component = rest.first else {
            found.append(folder)
            return
        }
        let remaining = rest.dropFirst()
        if component == "**" {
            // Zero folders, then each non-hidden real folder below, recursively.
            match(remaining, in: folder, into: &found)
            for name in Self.names(in: folder) where !name.hasPrefix(".") {
                let path = Self.join(folder, name)
                if Self.isRealFolder(path) { match(rest, in: path, into: &found) }
            }
            return
        }
        guard Self.isPattern(component) else {
            let path = Self.join(folder, Self.unescaped(component))
            if remaining.isEmpty ? Self.exists(path) : Self.isFolder(path) { match(remaining, in: path, into: &found) }
            return
        }
        for name in Self.names(in: folder) where Self.matches(component, name) {
            let path = Self.join(folder, name)
            if remaining.isEmpty || Self.isFolder(path) { match(remaining, in: path, into: &found) }
        }
    }

    /// Whether `name` matches one pattern component (`fnmatch` with `FNM_PERIOD`).
    static func matches(_ pattern: String, _ name: String) -> Bool {
        FileName.withCString(pattern) { p in FileName.withCString(name) { n in fnmatch(p, n, FNM_PERIOD) == 0 } }
    }

    /// A component with its `\` escapes removed (the literal name it stands for).
    static func unescaped(_ component: String) -> String {
        var out = ""
        var escaped = false
        for character in component {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            out.append(character)
        }
        return out
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder == "." ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
    }

    private static func names(in folder: String) -> [String] {
        guard let handle = FileName.withCString(folder, { opendir($0) }) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in FileName.decode(raw.prefix { $0 != 0 }) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return FileName.withCString(path, { lstat($0, &info) }) == 0
    }

    private static func isFolder(_ path: String) -> Bool { DirectoryWalker.isDirectory(path) }

    private static func isRealFolder(_ path: String) -> Bool {
        var info = stat()
        return FileName.withCString(path, { lstat($0, &info) }) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
