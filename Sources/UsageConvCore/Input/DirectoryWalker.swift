import Glibc

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
        default: return .skipped("not a regular file (a FIFO, socket or device could block or never end)")
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
            guard let handle = FileName.withCString(folder, { opendir($0) }) else {
                skipped.append((folder, "cannot read the folder: \(FileByteSource.errorText(errno))"))
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    FileName.decode(raw.prefix { $0 != 0 })
                }
                if PathText.isHidden(name) { continue }
                let path = PathText.hasSuffix(folder, "/") ? folder + name : folder + "/" + name
                var info = stat()
                guard FileName.withCString(path, { lstat($0, &info) }) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG: if extensions.contains(where: { PathText.hasSuffix(name, $0) }) { found.append(path) }
                case S_IFLNK:
                    // A link to a file counts; a link to a folder could loop, so it does not.
                    var target = stat()
                    if FileName.withCString(path, { stat($0, &target) }) == 0, (target.st_mode & S_IFMT) == S_IFREG {
                        if extensions.contains(where: { PathText.hasSuffix(name, $0) }) { found.append(path) }
                    } else if FileName.withCString(path, { stat($0, &target) }) == 0, (target.st_mode & S_IFMT) == S_IFDIR {
                        skipped.append((path, "a link to a folder, not followed (it could loop)"))
                    } else {
                        skipped.append((path, "a link to nothing readable"))
                    }
                default:
                    skipped.append((path, "not a regular file (a FIFO, socket or device could block or never end)"))
                }
            }
        }
        return (
            found.sorted { FileName.bytes($0).lexicographicallyPrecedes(FileName.bytes($1)) },
            skipped.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        )
    }
}
