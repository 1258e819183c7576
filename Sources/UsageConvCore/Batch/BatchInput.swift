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
    /// With `patterns`, an argument that names nothing but holds `*`, `?`, `[` or a `\` escape is
    /// a glob (`GlobPattern`): each file it reaches (directly or in a matched folder) is one input,
    /// named relative to the pattern's fixed root. A glob that matches nothing stays as given and
    /// fails to open, as in a shell.
    public static func expandReportingSkipped(
        _ arguments: [String],
        patterns: Bool = false
    ) -> (inputs: [BatchInput], skipped: [Diagnostic]) {
        var inputs: [BatchInput] = []
        var skipped: [Diagnostic] = []
        func skip(_ path: String, _ reason: String) {
            skipped.append(.warning(.unreadableInput, "skipped: \(reason)", at: SourceLocation(file: path)))
        }
        for argument in arguments {
            if patterns && GlobPattern.isGlob(argument) {
                let pattern = GlobPattern(argument)
                let reached = pattern.files(extensions: [""])
                if reached.files.isEmpty && reached.skipped.isEmpty { inputs.append(BatchInput(path: argument, relative: argument)) }
                for file in reached.files { inputs += Self.inputs(ofFile: file, relative: pattern.relative(file)).inputs }
                reached.skipped.forEach { skip($0.path, $0.reason) }
                continue
            }
            guard argument != "-", DirectoryWalker.isDirectory(argument) else {
                inputs += Self.inputs(ofFile: argument, relative: PathText.components(argument).last ?? argument).inputs
                continue
            }
            let walked = DirectoryWalker.walk(under: argument, extensions: [""])
            let root = PathText.hasSuffix(argument, "/") && argument.unicodeScalars.count > 1 ? PathText.dropLast(argument, 1) : argument
            for file in walked.files {
                inputs += Self.inputs(ofFile: file, relative: PathText.relative(file, below: root) ?? file).inputs
            }
            walked.skipped.forEach { skip($0.path, $0.reason) }
        }
        return (inputs, skipped)
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
        if PathText.hasSuffix(name, ".gz") { name = PathText.dropLast(name, 3) }
        // Drop the last extension of the file name (not of a folder, not a leading dot).
        let last = PathText.lastComponent(name)
        if let dot = last.unicodeScalars.lastIndex(of: "."), dot > last.unicodeScalars.startIndex {
            let cut = last.unicodeScalars.distance(from: dot, to: last.unicodeScalars.endIndex)
            name = PathText.dropLast(name, cut)
        }
        let base = PathText.hasSuffix(folder, "/") ? PathText.dropLast(folder, 1) : folder
        return base + "/" + name + "." + ext
    }
}
