/// One input of a batch run: where it is, and its name relative to the folder it was found in
/// (the name its output mirrors under `-o DIR`).
public struct BatchInput: Sendable, Hashable {
    /// The path to open (`-` is standard input).
    public var path: String
    /// The path below the folder given on the command line (`a/b/dump.json.gz`), or the file's
    /// own name when a file was given.
    public var relative: String

    /// Creates an input.
    public init(path: String, relative: String) {
        self.path = path
        self.relative = relative
    }

    /// The inputs named on the command line: files as they are, folders walked recursively for
    /// every regular file not starting with `.` (dumps are recognised by content, not by name).
    public static func expand(_ arguments: [String]) -> [BatchInput] {
        expandReportingSkipped(arguments).inputs
    }

    /// The inputs, and a warning for each thing in a folder that was passed over (FIFOs, links to
    /// folders, unreadable folders).
    public static func expandReportingSkipped(_ arguments: [String]) -> (inputs: [BatchInput], skipped: [Diagnostic]) {
        var inputs: [BatchInput] = []
        var skipped: [Diagnostic] = []
        for argument in arguments {
            guard argument != "-", DirectoryWalker.isDirectory(argument) else {
                let name = argument.split(separator: "/").last.map(String.init) ?? argument
                inputs.append(BatchInput(path: argument, relative: name))
                continue
            }
            let root = argument.hasSuffix("/") && argument.count > 1 ? String(argument.dropLast()) : argument
            let walked = DirectoryWalker.walk(under: root, extensions: [""])
            inputs += walked.files.map { BatchInput(path: $0, relative: String($0.dropFirst(root.count + 1))) }
            skipped += walked.skipped.map { .warning(.unreadableInput, "skipped: \($0.reason)", at: SourceLocation(file: $0.path)) }
        }
        return (inputs, skipped)
    }

    /// The paths listed in `text`: one per line, or NUL-separated (`find -print0`) when `nul`.
    public static func list(_ text: [UInt8], nulSeparated nul: Bool) -> [String] {
        let separator: UInt8 = nul ? 0 : 0x0A
        return text.split(separator: separator, omittingEmptySubsequences: true).map { line in
            var bytes = Array(line)
            if !nul && bytes.last == 0x0D { bytes.removeLast() }
            return String(decoding: bytes, as: UTF8.self)
        }.filter { !$0.isEmpty }
    }

    /// Whether this input falls in shard `index` (1-based) of `count`: a stable FNV-1a hash of the
    /// relative path, so N machines split an archive the same way every time.
    public func isInShard(_ index: Int, of count: Int) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in relative.utf8 {
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
