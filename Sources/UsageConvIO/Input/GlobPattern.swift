import Glibc
import UsageConvBytes
import UsageConvDiagnostics

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
    /// A pattern ending in `/` matches folders only, as in a shell.
    let foldersOnly: Bool

    /// Whether `argument` holds a `*`, `?` or `[`, or a `\` escape (which only a pattern has).
    public static func isPattern(_ argument: String) -> Bool {
        var escaped = false
        for scalar in argument.unicodeScalars {
            if escaped { return true }
            if scalar == "\\" {
                escaped = true
            } else if scalar == "*" || scalar == "?" || scalar == "[" {
                return true
            }
        }
        return false
    }

    /// Whether a command-line argument is to be expanded: a pattern that names no existing file
    /// (`day[1].json` that exists is that file, brackets and all).
    public static func isGlob(_ argument: String) -> Bool {
        argument != "-" && isPattern(argument) && FileByteSource.modificationTime(of: argument) == nil
    }

    /// Splits `text` into its fixed root and the components to match.
    public init(_ text: String) {
        self.text = text
        let absolute = PathText.hasPrefix(text, "/")
        foldersOnly = PathText.hasSuffix(text, "/")
        let parts = PathText.components(text)
        let fixed = parts.prefix { !Self.isPattern($0) }
        // The last component is always matched, so a pattern never has an empty remainder.
        let fixedCount = min(fixed.count, max(parts.count - 1, 0))
        let joined = parts.prefix(fixedCount).map(Self.unescaped).joined(separator: "/")
        root = absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
        components = Array(parts.dropFirst(fixedCount))
    }

    /// What the pattern matches, each path once, in byte order.
    ///
    /// Files and folders (to be walked as inputs are), and what was passed over with the reason
    /// (FIFOs, dangling links).
    public func expand() -> (matches: [(path: String, isFolder: Bool)], skipped: [(path: String, reason: String)]) {
        var found: [String] = []
        if !components.isEmpty { match(components[...], in: root, into: &found) }
        var seen = Set<[UInt8]>()
        var matches: [(path: String, isFolder: Bool)] = []
        var skipped: [(path: String, reason: String)] = []
        for path in DirectoryWalker.byBytes(found) where seen.insert(FileName.bytes(path)).inserted {
            switch DirectoryWalker.kind(of: path) {
            case .file: if !foldersOnly { matches.append((path, false)) }
            case .folder: matches.append((path, true))
            case .skipped(let reason): skipped.append((path, reason))
            }
        }
        return (matches, skipped)
    }

    /// The files the pattern reaches, each once in byte order: matched files, and the files whose
    /// names end with one of `extensions` in matched folders (walked as folder arguments are);
    /// with what was passed over on the way.
    public func files(extensions: [String]) -> (files: [String], skipped: [(path: String, reason: String)]) {
        let expanded = expand()
        var files: [String] = []
        var skipped = expanded.skipped
        for match in expanded.matches {
            guard match.isFolder else {
                files.append(match.path)
                continue
            }
            let walked = DirectoryWalker.walk(under: match.path, extensions: extensions)
            // A walk of `.` names `./a`; the pattern's own matches are `a`: one form, one input.
            files += walked.files.map { match.path == "." ? PathText.relative($0, below: ".") ?? $0 : $0 }
            skipped += walked.skipped
        }
        var seen = Set<[UInt8]>()
        return (DirectoryWalker.byBytes(files.filter { seen.insert(FileName.bytes($0)).inserted }), skipped)
    }

    /// `path` relative to `root` (how a match is named below `-o DIR/`).
    public func relative(_ path: String) -> String {
        PathText.relative(path, below: root) ?? path
    }

    private func match(_ rest: ArraySlice<String>, in folder: String, into found: inout [String]) {
        guard let component = rest.first else {
            found.append(folder)
            return
        }
        let remaining = rest.dropFirst()
        if component == "**" {
            // Zero folders, then each non-hidden real folder below, recursively; `**` last matches
            // the folders themselves, whose files the walk then lists once.
            match(remaining, in: folder, into: &found)
            for name in DirectoryWalker.names(in: folder) ?? [] where !PathText.isHidden(name) {
                let path = PathText.join(folder, name)
                if Self.isRealFolder(path) { match(rest, in: path, into: &found) }
            }
            return
        }
        guard Self.isPattern(component) else {
            let path = PathText.join(folder, Self.unescaped(component))
            if remaining.isEmpty ? Self.exists(path) : DirectoryWalker.isDirectory(path) { match(remaining, in: path, into: &found) }
            return
        }
        for name in DirectoryWalker.names(in: folder) ?? [] where Self.matches(component, name) {
            let path = PathText.join(folder, name)
            if remaining.isEmpty || DirectoryWalker.isDirectory(path) { match(remaining, in: path, into: &found) }
        }
    }

    /// Whether `name` matches one pattern component (`fnmatch` with `FNM_PERIOD`, byte by byte:
    /// `?` is one byte, so `caf?.json` matches a Latin-1 `caf\xE9.json` but not a UTF-8 `café.json`).
    package static func matches(_ pattern: String, _ name: String) -> Bool {
        FileName.withCString(pattern) { p in FileName.withCString(name) { n in fnmatch(p, n, FNM_PERIOD) == 0 } }
    }

    /// A component with its `\` escapes removed (the literal name it stands for).
    static func unescaped(_ component: String) -> String {
        var out = String.UnicodeScalarView()
        var escaped = false
        for scalar in component.unicodeScalars {
            if !escaped && scalar == "\\" {
                escaped = true
                continue
            }
            escaped = false
            out.append(scalar)
        }
        return String(out)
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return FileName.withCString(path, { lstat($0, &info) }) == 0
    }

    private static func isRealFolder(_ path: String) -> Bool {
        var info = stat()
        return FileName.withCString(path, { lstat($0, &info) }) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
