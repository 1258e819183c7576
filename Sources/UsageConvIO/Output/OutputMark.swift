import Glibc
import UsageConvDiagnostics

/// Where a run's output started in a regular file, so that what was written after it can be taken
/// back: a run that writes while it is still decoding (a single-series dump, `LiveSeries` in
/// UsageConvCore) rewinds its output when the dump then fails, and nothing partial is left.
public struct OutputMark: Sendable, Hashable {
    /// The descriptor written to.
    public let descriptor: Int32
    /// The offset writing started at.
    public let offset: Int64

    /// The current offset of `descriptor` when it is a regular file opened without `O_APPEND`;
    /// `nil` for a pipe, a terminal, a device, or a file appended to (whose end another writer
    /// may move, so cutting it back could take their bytes).
    public static func start(of descriptor: Int32) -> OutputMark? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, flags & O_APPEND == 0 else { return nil }
        let offset = lseek(descriptor, 0, SEEK_CUR)
        guard offset >= 0 else { return nil }
        return OutputMark(descriptor: descriptor, offset: Int64(offset))
    }

    /// Cuts the file back to the mark and writes from there again.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74) when the file cannot be truncated.
    public func rewind(name: String) throws(Diagnostic) {
        guard ftruncate(descriptor, off_t(offset)) == 0, lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            let reason = FileByteSource.errorText(errno)
            throw .error(.ioFailure, "cannot take back a partial output: \(reason)", at: SourceLocation(file: name))
        }
    }
}
