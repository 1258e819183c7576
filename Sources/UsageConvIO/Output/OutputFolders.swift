import Glibc
import UsageConvDiagnostics

/// `mkdir -p` for output folders (`-o DIR/`, dataset partitions).
public enum OutputFolders {
    /// Creates `path` and its missing parents; a folder that appears meanwhile (another shard,
    /// another lane making the same parent) is not an error.
    ///
    /// - Throws: `Diagnostic` `.cannotCreateOutput` (exit 73) naming the folder that failed.
    public static func make(_ path: String) throws(Diagnostic) {
        guard !path.isEmpty, !DirectoryWalker.isDirectory(path) else { return }
        var prefix = PathText.hasPrefix(path, "/") ? "/" : ""
        for component in PathText.components(path) {
            prefix += (prefix.isEmpty || PathText.hasSuffix(prefix, "/") ? "" : "/") + component
            if DirectoryWalker.isDirectory(prefix) { continue }
            if FileName.withCString(prefix, { mkdir($0, 0o777) }) != 0 && errno != EEXIST {
                throw Diagnostic.error(
                    .cannotCreateOutput,
                    "cannot create the output folder: \(FileByteSource.errorText(errno))",
                    at: SourceLocation(file: prefix)
                )
            }
        }
    }
}
