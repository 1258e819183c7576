import Glibc

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
        return path + ":" + entry.label
    }

    /// The input's size on disk (an archive entry's compressed size), for progress and reports;
    /// 0 when it cannot be found.
    var size: Int64 {
        entry.map { Int64(clamping: $0.compressedSize) } ?? FileByteSource.size(of: path) ?? 0
    }

    /// The input's bytes: the file, or the archive entry inflated as it is read.
    public func open() throws -> any ByteSource {
        guard let entry else { return try FileByteSource(path: path) }
        return try ArchiveCache.archive(at: path).open(entry)
    }

    /// Why this input cannot be read: a path that names nothing, or a file this process may not read.
    ///
    /// Checked without opening it (opening a FIFO would block, and would consume what its writer
    /// sends). `nil` when it looks readable, and for standard input and archive entries.
    public var unreadable: Diagnostic? {
        guard entry == nil, path != "-" else { return nil }
        var info = stat()
        if FileName.withCString(path, { stat($0, &info) }) != 0 {
            let code = errno
            let pattern = code == ENOENT && GlobPattern.isPattern(path) ? " (and no file matches it as a pattern)" : ""
            return .error(.unreadableInput, "cannot open: \(FileByteSource.errorText(code))\(pattern)", at: SourceLocation(file: path))
        }
        if (info.st_mode & S_IFMT) == S_IFREG && FileName.withCString(path, { access($0, R_OK) }) != 0 {
            return .error(.unreadableInput, "cannot open: \(FileByteSource.errorText(errno))", at: SourceLocation(file: path))
        }
        return nil
    }

    /// Whether a file's first bytes look like a dump or a container of dumps.
    ///
    /// Dumps: JSON (`{`, `[`, or the `//` and `/*` comments of the vendors' documented examples),
    /// markup (`<`: XML, and the HTML error pages providers answer with), UTF-16 with a byte order
    /// mark (XML), gzip or zip. White space and a UTF-8 byte order mark may come first.
    ///
    /// What a folder holds besides dumps (`README.txt`, `index.csv`, `.args` sidecars, an empty
    /// file) starts otherwise; `expandReportingSkipped` passes those over.
    public static func looksLikeDump(_ head: [UInt8]) -> Bool {
        LeadingBytes(head).isDumpOrContainer
    }

    /// How many bytes `looksLikeDump` is given: enough for white space before the first token.
    static let sniffLength = 4096

    /// A file's inputs: its entries when it is a ZIP archive (folders left out), else itself;
    /// `nil` when the file was `found` in a folder or by a pattern and does not look like a dump.
    static func inputs(ofFile path: String, relative: String, found: Bool = false) -> [BatchInput]? {
        guard path != "-", let head = try? FileByteSource.head(of: path, upTo: found ? sniffLength : 4) else {
            return [BatchInput(path: path, relative: relative)]
        }
        if found && !looksLikeDump(head) { return nil }
        guard ZipArchive.isZip(head) else { return [BatchInput(path: path, relative: relative)] }
        do {
            let archive = try ArchiveCache.archive(at: path)
            let files = archive.entries.filter { !$0.isDirectory }
            // An unsafe name keeps a placeholder relative path: it fails when opened, never writes.
            return files.enumerated().map { index, entry in
                BatchInput(
                    path: path,
                    relative: relative + "/" + (entry.isUnsafe ? "refused-entry-\(index)" : entry.name),
                    entry: entry
                )
            }
        } catch {
            // Unreadable as an archive: let the decoder report it as this input's failure.
            return [BatchInput(path: path, relative: relative)]
        }
    }

    /// The inputs named on the command line: files as they are, folders walked recursively for
    /// every regular file not starting with `.` whose content looks like a dump (`looksLikeDump`).
    public static func expand(_ arguments: [String]) -> [BatchInput] {
        expandReportingSkipped(arguments, patterns: true).inputs
    }

    /// The inputs, and a warning for each thing in a folder that was passed over (FIFOs, links to
    /// folders, unreadable folders), plus one summary warning for the files that are not dumps.
    ///
    /// The rule `convert`, `stats` and `validate` share: a file named explicitly is always read
    /// (and fails loudly if it is no dump); a file *found* — by walking a folder, or matched by a
    /// pattern — is read when its content sniffs as JSON, XML, gzip or zip (`looksLikeDump`), and
    /// anything else (`README.txt`, `index.csv`, a sidecar) is skipped, all of them named in one
    /// warning. ZIP entries are all read: an archive is a dump container by construction.
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
        var notDumps: [String] = []
        func skip(_ path: String, _ reason: String) {
            skipped.append(.warning(.unreadableInput, "skipped: \(reason)", at: SourceLocation(file: path)))
        }
        for argument in arguments {
            if patterns && GlobPattern.isGlob(argument) {
                let pattern = GlobPattern(argument)
                let reached = pattern.files(extensions: [""])
                if reached.files.isEmpty && reached.skipped.isEmpty { inputs.append(BatchInput(path: argument, relative: argument)) }
                for file in reached.files {
                    guard let found = Self.inputs(ofFile: file, relative: pattern.relative(file), found: true) else {
                        notDumps.append(file)
                        continue
                    }
                    inputs += found
                }
                reached.skipped.forEach { skip($0.path, $0.reason) }
                continue
            }
            guard argument != "-", DirectoryWalker.isDirectory(argument) else {
                inputs += Self.inputs(ofFile: argument, relative: PathText.components(argument).last ?? argument) ?? []
                continue
            }
            let walked = DirectoryWalker.walk(under: argument, extensions: [""])
            let root = PathText.hasSuffix(argument, "/") && argument.unicodeScalars.count > 1 ? PathText.dropLast(argument, 1) : argument
            for file in walked.files {
                guard let found = Self.inputs(ofFile: file, relative: PathText.relative(file, below: root) ?? file, found: true) else {
                    notDumps.append(file)
                    continue
                }
                inputs += found
            }
            walked.skipped.forEach { skip($0.path, $0.reason) }
        }
        if let summary = notDumpSummary(notDumps) { skipped.append(summary) }
        return (inputs, skipped)
    }

    /// The one warning for files found in folders that are not dumps: how many, and the first few.
    static func notDumpSummary(_ paths: [String]) -> Diagnostic? {
        guard !paths.isEmpty else { return nil }
        let shown = paths.prefix(5).map { FileName.display($0) }.joined(separator: ", ")
        let more = paths.count > 5 ? ", and \(paths.count - 5) more" : ""
        return .warning(
            .unknownFormat,
            "skipped \(paths.count) file\(paths.count == 1 ? "" : "s") found in folders whose content is not JSON, XML, gzip "
                + "or zip (name a file explicitly to read it anyway): \(shown)\(more)"
        )
    }

    /// The inputs a list file names (`--files-from`; `-` is standard input), expanded as
    /// ``expandReportingSkipped(_:patterns:)`` does without patterns: listed paths are literal, as
    /// `find` prints names holding `[` or `*`.
    ///
    /// - Throws: `Diagnostic` located in the list (`<stdin>`) when it cannot be read.
    public static func expandList(
        at path: String,
        nulSeparated: Bool
    ) throws(Diagnostic) -> (inputs: [BatchInput], skipped: [Diagnostic]) {
        do {
            let source = try FileByteSource(path: path)
            return expandReportingSkipped(list(try source.readBytes(upTo: 1 << 30), nulSeparated: nulSeparated))
        } catch {
            throw (error as? Diagnostic ?? .error(.unreadableInput, "\(error)")).inFile(path == "-" ? "<stdin>" : path)
        }
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
