import Glibc
import Synchronization
import UsageConvDiagnostics

/// Where a run's output started in a regular file, and how much the run has written since, so
/// that it can be taken back: a run that writes while it is still decoding (a single-series
/// dump, `LiveSeries` in UsageConvCore) cuts its output back when the dump then fails, and
/// nothing partial is left.
///
/// Only the run's own bytes are ever cut: a mark is only made at the end of a file no other
/// descriptor of this process shares with standard error, and the file is cut only while it
/// still ends where the run's writes left it (another process writing to the same file, as
/// `for f in *; do usageconv "$f" & done > all.csv` would, leaves it alone).
public final class OutputMark: Sendable {
    /// The descriptor written to.
    public let descriptor: Int32
    /// The offset writing started at.
    public let offset: Int64
    /// Bytes the run's writes have put in the file, and bytes handed to `write(2)` that have not
    /// come back (a write in progress, or the part of a failed one that may have landed).
    private let counts = Mutex<(written: Int64, pending: Int64)>((0, 0))

    private init(descriptor: Int32, offset: Int64) {
        self.descriptor = descriptor
        self.offset = offset
    }

    /// A mark at the end of `descriptor`, or `nil` where cutting back could take bytes that are
    /// not the run's or cannot be done: a pipe, a terminal or a device; a file opened for
    /// appending (another writer may move its end); a file with bytes after the offset
    /// (`1<> FILE`); or the file standard error also goes to (`> FILE 2>&1`, where the run's
    /// warnings come before its rows).
    public static func start(of descriptor: Int32) -> OutputMark? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, flags & O_APPEND == 0 else { return nil }
        let offset = lseek(descriptor, 0, SEEK_CUR)
        guard offset >= 0, Int64(offset) == Int64(info.st_size) else { return nil }
        var errors = stat()
        if descriptor != 2, fstat(2, &errors) == 0, errors.st_dev == info.st_dev, errors.st_ino == info.st_ino { return nil }
        return OutputMark(descriptor: descriptor, offset: Int64(offset))
    }

    /// A sink writing to `target` (the descriptor's) that counts what it wrote for the mark.
    public func counting(_ target: any OutputSink & Sendable) -> any OutputSink & Sendable {
        CountingSink(target: target, mark: self)
    }

    /// Whether the file ends, and is positioned, where the run's own writes can have left it
    /// (no other writer's bytes after the mark), by `counts`.
    private func isOnlyOurs(_ counts: (written: Int64, pending: Int64), through fd: Int32) -> Bool {
        let least = offset + counts.written
        let most = least + counts.pending
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        let size = Int64(info.st_size)
        let position = Int64(lseek(fd, 0, SEEK_CUR))
        return (least...most).contains(size) && (least...most).contains(position)
    }

    /// Cuts the file back to the mark and writes from there again (once every write has come
    /// back: the run finished its sink first).
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74) when the file cannot be truncated, or when
    ///   something else wrote to it since the mark (then it is left as it is).
    public func rewind(name: String) throws(Diagnostic) {
        guard isOnlyOurs(counts.withLock { $0 }, through: descriptor) else {
            throw .error(
                .ioFailure,
                "cannot take back a partial output: another writer changed the file since this run started writing",
                at: SourceLocation(file: name)
            )
        }
        guard ftruncate(descriptor, off_t(offset)) == 0, lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            let reason = FileByteSource.errorText(errno)
            throw .error(.ioFailure, "cannot take back a partial output: \(reason)", at: SourceLocation(file: name))
        }
        counts.withLock { $0 = (0, 0) }
    }

    /// Cuts the file back as the process ends on a signal.
    ///
    /// Writes not yet started go to `/dev/null` from here on; one in progress is waited for (up
    /// to half a second), so it cannot land after the cut and leave a hole.
    func rewindOnExit() {
        let saved = dup(descriptor)
        guard saved >= 0 else { return }
        let null = open("/dev/null", O_WRONLY)
        guard null >= 0, dup2(null, descriptor) >= 0 else { return }
        let atRedirect = counts.withLock { $0 }
        for _ in 0..<500 where counts.withLock({ $0.pending }) > 0 { usleep(1000) }
        guard isOnlyOurs(atRedirect, through: saved) else { return }
        _ = ftruncate(saved, off_t(offset))
        // The position is shared with whoever opened the file (a shell's next write lands here).
        _ = lseek(saved, off_t(offset), SEEK_SET)
    }

    fileprivate func willWrite(_ bytes: Int) {
        counts.withLock { $0.pending += Int64(bytes) }
    }

    fileprivate func wrote(_ bytes: Int) {
        counts.withLock { counts in
            counts.pending -= Int64(bytes)
            counts.written += Int64(bytes)
        }
    }
}

/// Writes through to a target, counting the bytes for an ``OutputMark``: pending while
/// `write(2)` runs, written once it has returned (a failed write's bytes stay pending, since
/// part of them may have landed).
private final class CountingSink: OutputSink, Sendable {
    let target: any OutputSink & Sendable
    let mark: OutputMark

    init(target: any OutputSink & Sendable, mark: OutputMark) {
        self.target = target
        self.mark = mark
    }

    func write(_ bytes: ArraySlice<UInt8>) throws {
        mark.willWrite(bytes.count)
        try target.write(bytes)
        mark.wrote(bytes.count)
    }
}
