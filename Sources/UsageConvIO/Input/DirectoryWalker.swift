import Glibc
import UsageConvBytes
import UsageConvDiagnostics

/// Lists the files under a folder, recursively, in byte order of their paths (so runs are
/// repeatable whatever order the file system lists them in).
public enum DirectoryWalker {
    /// Whether `path` names a directory (following a symbolic link).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return FileName.withCString(path, { stat($0, &info) }) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// What a path named by the user or matched by a glob is, following links.
    public enum Kind: Sendable, Equatable {
        /// A regular file (or a link to one).
        case file
        /// A folder (or a link to one): walked.
        case folder
        /// Passed over, with the reason (a FIFO would block, a dangling link opens nothing).
        case skipped(String)
    }

    /// The kind of `path`, following links.
    public static func kind(of path: String) -> Kind {
        var info = stat()
        guard FileName.withCString(path, { stat($0, &info) }) == 0 else {
            let code = errno
            var link = stat()
            if FileName.withCString(path, { lstat($0, &link) }) == 0 { return .skipped("a link to nothing readable") }
            return .skipped("cannot read: \(FileByteSource.errorText(code))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        default: return .skipped(notRegular)
        }
    }

    /// The regular files below `root` whose names end with one of `extensions`.
    ///
    /// Links to files are listed, links to folders not followed (no loops); names starting with `.` are skipped.
    public static func files(under root: String, extensions: [String]) -> [String] {
        walk(under: root, extensions: extensions).files
    }

    /// The files below `root` (as `files(under:extensions:)`), and what was passed over on the
    /// way with the reason: links to folders (never followed, so no loops), FIFOs, sockets and
    /// devices (reading a FIFO could block forever), unreadable folders.
    public static func walk(under root: String, extensions: [String]) -> (files: [String], skipped: [(path: String, reason: String)]) {
        var skipped: [(path: String, reason: String)] = []
        var found: [String] = []
        var pending = [PathText.hasSuffix(root, "/") && root.unicodeScalars.count > 1 ? PathText.dropLast(root, 1) : root]
        while let folder = pending.popLast() {
            guard let entries = entries(in: folder) else {
                skipped.append((folder, "cannot read the folder: \(FileByteSource.errorText(errno))"))
                continue
            }
            let separator = PathText.hasSuffix(folder, "/") ? "" : "/"
            for (name, type) in entries where !PathText.isHidden(name) {
                let path = folder + separator + name
                let wanted = extensions == [""] || extensions.contains { PathText.hasSuffix(name, $0) }
                switch type ?? fileType(path) {
                case nil: continue
                case S_IFDIR: pending.append(path)
                case S_IFREG: if wanted { found.append(path) }
                case S_IFLNK:
                    // A link to a file counts; a link to a folder could loop, so it does not.
                    switch kind(of: path) {
                    case .file: if wanted { found.append(path) }
                    case .folder: skipped.append((path, "a link to a folder, not followed (it could loop)"))
                    case .skipped(let reason): skipped.append((path, reason))
                    }
                default:
                    skipped.append((path, Self.notRegular))
                }
            }
        }
        return (byBytes(found), skipped.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) })
    }

    /// The names in `folder` but `.` and `..` with their types as `readdir` gives them (`S_IFREG`,
    /// `S_IFDIR`, ...; `nil` where the file system does not say, so `lstat` must); `nil` (and
    /// `errno`) when the folder cannot be read.
    ///
    /// A folder of 10,000 dumps is walked without 10,000 `lstat` calls.
    static func entries(in folder: String) -> [(name: String, type: mode_t?)]? {
        guard let handle = FileName.withCString(folder, { opendir($0) }) else { return nil }
        defer { closedir(handle) }
        var entries: [(name: String, type: mode_t?)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in FileName.decode(raw.prefix { $0 != 0 }) }
            guard name != "." && name != ".." else { continue }
            let type: mode_t? =
                switch Int(entry.pointee.d_type) {
                case DT_REG: S_IFREG
                case DT_DIR: S_IFDIR
                case DT_LNK: S_IFLNK
                case DT_FIFO: S_IFIFO
                case DT_SOCK: S_IFSOCK
                case DT_CHR: S_IFCHR
                case DT_BLK: S_IFBLK
                default: nil
                }
            entries.append((name, type))
        }
        return entries
    }

    /// The type bits of `path` itself (not following a link), or `nil` when it cannot be read.
    private static func fileType(_ path: String) -> mode_t? {
        var info = stat()
        guard FileName.withCString(path, { lstat($0, &info) }) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The names in `folder` but `.` and `..`, as `readdir` gives them; `nil` (and `errno`) when
    /// it cannot be read.
    public static func names(in folder: String) -> [String]? {
        guard let handle = FileName.withCString(folder, { opendir($0) }) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in FileName.decode(raw.prefix { $0 != 0 }) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `paths` in byte order of their names (each name's bytes computed once, not per comparison).
    public static func byBytes(_ paths: [String]) -> [String] {
        paths.map { (FileName.bytes($0), $0) }.sorted { $0.0.lexicographicallyPrecedes($1.0) }.map(\.1)
    }

    static let notRegular = "not a regular file (a FIFO, socket or device could block or never end)"
}
