import Glibc
import UsageConvDiagnostics

/// An output file that appears complete or not at all: a temp file in the target folder
/// (`.NAME.usageconv-PID-XXXXXX`), `fsync`, then `rename` over the target.
///
/// Until `commit()`, the target is untouched (an existing file keeps its old content); `abort()`,
/// deinit without commit, and the interrupt handler remove the temp file.
///
/// A target that is not a regular file is written, never replaced: a symbolic link's file is
/// replaced through the link (the link stays), and a device or pipe (`-o /dev/null`,
/// `-o /dev/stdout`, a FIFO) is written directly, since renaming over it would destroy the device
/// node (as root) and send nothing where the user pointed.
public final class AtomicFile {
    /// The final path.
    public let path: String
    /// The temporary path in the same folder (same file system, so `rename` is atomic).
    public let temporaryPath: String
    /// A sink writing to the temporary file.
    public let sink: FileDescriptorSink
    private var descriptor: Int32
    private var finished = false
    /// Writing straight into a device or pipe: nothing to rename, nothing to remove.
    private let isDirect: Bool
    /// Where the file is renamed to: `path`, or the file a symbolic link at `path` points to.
    private var effectivePath: String = ""

    /// Creates the temporary file next to `path`.
    ///
    /// - Throws: `Diagnostic` `.cannotCreateOutput` (exit 73) when the folder is missing or not writable.
    public init(path: String) throws {
        self.path = path
        var target = path
        var info = stat()
        if FileName.withCString(path, { stat($0, &info) }) == 0 {
            if info.st_mode & S_IFMT != S_IFREG && info.st_mode & S_IFMT != S_IFDIR {
                let fd = FileName.withCString(path) { open($0, O_WRONLY | O_CLOEXEC) }
                guard fd >= 0 else {
                    throw Diagnostic.error(
                        .cannotCreateOutput,
                        "cannot open the output: \(FileByteSource.errorText(errno))",
                        at: SourceLocation(file: path)
                    )
                }
                isDirect = true
                temporaryPath = path
                descriptor = fd
                sink = FileDescriptorSink(descriptor: fd, name: path)
                return
            }
            // A link to a regular file: the new file replaces the link's target, in its folder.
            if let resolved = FileName.withCString(path, { realpath($0, nil) }) {
                target = FileName.decode(Array(UnsafeBufferPointer(start: resolved, count: strlen(resolved))).map { UInt8(bitPattern: $0) })
                free(resolved)
            }
        }
        isDirect = false
        effectivePath = target
        let folder = PathText.parent(target) ?? "."
        let base = PathText.lastComponent(target)
        // The writer's pid in the name: a later run can tell a killed run's leftovers (no such
        // process) from a live writer's file (`TemporaryFiles.removeStale`).
        let name = TemporaryFiles.name(for: base, pid: getpid())
        // Created and recorded in one step, so an interrupt at any moment removes it.
        let fd: Int32
        switch TemporaryFiles.create(template: "\(folder.isEmpty ? "/" : folder)/\(name)XXXXXX") {
        case .success(let created):
            (fd, temporaryPath) = created
        case .failure(let failure):
            throw Diagnostic.error(
                .cannotCreateOutput,
                "cannot create the output file: \(FileByteSource.errorText(failure.code))",
                at: SourceLocation(file: path)
            )
        }
        descriptor = fd
        // mkstemp creates 0600; outputs are ordinary files, so honour the umask like `open` would.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        sink = FileDescriptorSink(descriptor: fd, name: path)
    }

    deinit {
        if !finished { abort() }
    }

    /// Flushes the temp file to disk and closes it, without moving it into place yet: a run that
    /// replaces many files together (a Parquet dataset's shard) writes and seals them all first,
    /// so a failure leaves every target as it was, and holds no descriptor per pending file.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74); the temp file is removed.
    public func seal() throws {
        guard !finished, descriptor >= 0, !isDirect else { return }
        if fsync(descriptor) != 0 {
            let code = errno
            abort()
            throw Diagnostic.error(.ioFailure, "cannot flush the output: \(FileByteSource.errorText(code))", at: SourceLocation(file: path))
        }
        close(descriptor)
        descriptor = -1
    }

    /// Flushes to disk (unless sealed) and renames the temp file over the target.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74); the temp file is removed.
    public func commit() throws {
        guard !finished else { return }
        if isDirect {
            // A device or pipe: the bytes are already written; fsync means nothing there.
            close(descriptor)
            descriptor = -1
            finished = true
            return
        }
        if descriptor >= 0 && fsync(descriptor) != 0 {
            let code = errno
            abort()
            throw Diagnostic.error(.ioFailure, "cannot flush the output: \(FileByteSource.errorText(code))", at: SourceLocation(file: path))
        }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        if FileName.withCString(temporaryPath, { from in FileName.withCString(effectivePath) { rename(from, $0) } }) != 0 {
            let code = errno
            abort()
            throw Diagnostic.error(
                .ioFailure,
                "cannot move the output into place: \(FileByteSource.errorText(code))",
                at: SourceLocation(file: path)
            )
        }
        finished = true
        TemporaryFiles.unregister(temporaryPath)
    }

    /// Removes the temp file; the target stays as it was.
    public func abort() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if isDirect { finished = true }
        if !finished && !isDirect {
            FileName.withCString(temporaryPath) { _ = unlink($0) }
            finished = true
            TemporaryFiles.unregister(temporaryPath)
        }
    }
}
