/// One input of a batch run: where it is, and its name relative to the folder it was found in
/// (the name its output mirrors under `-o DIR`).
public struct BatchInput: Sendable, Hashable {
    /// The path to open (`-` is standard input).
    public var path: String
    /// The path below the folder given on the command line (`a/b/dump.json.gz`), or the file's
    /// own name when a file was given; for an archive entry, `archive.zip/entry/name.json`.
    public var relative: String
    /// The entry of the ZIP archive at `path` this input is, if it is one.
    public var entry: ZipEntry?

    /// Creates an input.
    public init(path: String, relative: String, entry: ZipEntry? = nil) {
        self.path = path
        self.relative = relative
        self.entry = entry
    }

    /// `path`, or `path:entry` for an archive entry (how errors and reports name it).
    public var shown: String {
        guard let entry else { return path }
        return path + ":" + (entry.isUnsafe ? entry.displayName : entry.name)
    }

    /// The input's bytes: the file, or the archive entry inflated as it is read.
    public func open() throws -> any ByteSource {
        guard let entry else { return try FileByteSource(path: path) }
        return try ArchiveCache.archive(at: path).open(entry)
    }

    /// A file's inputs: its entries when it is a ZIP archive (folders left out), else itself.
    static func inputs(ofFile path: String, relative: String) -> (inputs: [BatchInput], skipped: [Diagnostic]) {
        guard path != "-", let head = try? FileByteSource(path: path).readBytes(upTo: 4), ZipArchive.isZip(head) else {
            return ([BatchInput(path: path, relative: relative)], [])
        }
        do {
            let archive = try ArchiveCache.archive(at: path)
            let files = archive.entries.filter { !$0.isDirectory }
            // An unsafe name keeps a placeholder relative path: it fails when opened, never writes.
            return (
                files.enumerated().map { index, entry in
                    BatchInput(
                        path: path,
                        relative: relative + "/" + (entry.isUnsafe ? "refused-entry-\(index)" : entry.name),
                        entry: entry
                    )
                }, []
            )
        } catch {
            // Unreadable as an archive: let the decoder report it as this input's failure.
            return ([BatchInput(path: path, relative: relative)], [])
        }
    }

    /// The inputs named on the command line: files as they are, folders walked recursively for
    /// every regular file not starting with `.` (dumps are recognised by content, not by name).
    public static func expand(_ arguments: [String]) -> [BatchInput] {
        expandReportingSkipped(arguments, patterns: true).inputs
    }

    /// The inputs, and a warning for each thing in a folder that was passed over (FIFOs, links to
    /// folders, unreadable folders).
    ///
    /// With `patterns`, an argument that names nothing but holds `*`, `?` or `[` is a glob
    /// (`GlobPattern`); a glob that matches nothing stays as given and fails to open, as in a shell.
    public static func expandReportingSkipped(
        _ arguments: [String],
        patterns: Bool = false
    ) -> (inputs: [BatchInput], skipped: [Diagnostic]) {
        var inputs: [BatchInput] = []
        var skipped: [Diagnostic] = []
        for argument in arguments {
            if patterns, argument != "-", GlobPattern.isPattern(argument), FileByteSource.modificationTime(of: argument) == nil {
                let pattern = GlobPattern(argument)
                let matched = pattern.matches()
                if matched.isEmpty { inputs.append(BatchInput(path: argument, relative: argument)) }
                for path in matched {
                    add(path, relative: pattern.relative(path), folderPrefix: pattern.relative(path) + "/", to: &inputs, skipped: &skipped)
                }
                continue
            }
            let name = argument.split(separator: "/").last.map(String.init) ?? argument
            add(argument, relative: name, folderPrefix: "", to: &inputs, skipped: &skipped)
        }
        return (inputs, skipped)
    }

    /// A file named `relative`, or a folder walked with each file named `folderPrefix` + its path
    /// below the folder (a folder named on the command line mirrors its contents at the top).
    private static func add(
        _ path: String,
        relative: String,
        folderPrefix prefix: String,
        to inputs: inout [BatchInput],
        skipped: inout [Diagnostic]
    ) {
        guard path != "-", DirectoryWalker.isDirectory(path) else {
            inputs += Self.inputs(ofFile: path, relative: relative).inputs
            return
        }
        let root = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        let walked = DirectoryWalker.walk(under: root, extensions: [""])
        for file in walked.files {
            inputs += Self.inputs(ofFile: file, relative: prefix + String(file.dropFirst(root.count + 1))).inputs
        }
        skipped += walked.skipped.map { .warning(.unreadableInput, "skipped: \($0.reason)", at: SourceLocation(file: $0.path)) }
    }

    /// The paths listed in `text`: one per line, or NUL-separated (`find -print0`) when `nul`.
    public static func list(_ text: [UInt8], nulSeparated nul: Bool) -> [String] {
        let separator: UInt8 = nul ? 0 : 0x0A
        return text.split(separator: separator, omittingEmptySubsequences: true).map { line in
            var bytes = Array(line)
            if !nul && bytes.last == 0x0D { bytes.removeLast() }
            return FileName.decode(bytes)
        }.filter { !$0.isEmpty }
    }

    /// Whether this input falls in shard `index` (1-based) of `count`: a stable FNV-1a hash of the
    /// relative path, so N machines split an archive the same way every time.
    public func isInShard(_ index: Int, of count: Int) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in FileName.bytes(relative) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count)) == index - 1
    }

    /// The output path under `folder` for format extension `ext`: `a/b/dump.json.gz` → `folder/a/b/dump.csv`.
    public func mirroredPath(under folder: String, ext: String) -> String {
        var name = relative
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if let slash = name.lastIndex(of: "/"), let dot = name[slash...].lastIndex(of: "."), dot > name.index(after: slash) {
            name = String(name[..<dot])
        } else if !name.contains("/"), let dot = name.lastIndex(of: "."), dot > name.startIndex {
            name = String(name[..<dot])
        }
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return base + "/" + name + "." + ext
    }
}
