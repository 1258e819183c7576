import Glibc
import UsageConvDiagnostics

/// An anonymous scratch file for points that do not fit a run's memory budget (`--memory-limit`):
/// appended to, read back at offsets, gone when closed.
///
/// Created in the folder it is given (next to the output, so it lands on the output's file system
/// rather than a small tmpfs) with `mkstemp` under the temporary-file naming
/// (`.spill.usageconv-PID-XXXXXX`, registered with `TemporaryFiles` so an interrupt removes it),
/// then unlinked at once: from then on it has no name, so it disappears on success, on failure,
/// on SIGINT/SIGTERM/SIGHUP and even on SIGKILL, when its descriptor closes.
public final class SpillFile {
    private var descriptor: Int32
    /// The bytes written so far; the next append lands here.
    public private(set) var size: Int64 = 0
    /// The path the file had before it was unlinked (for messages).
    public let path: String

    /// Creates the file in `directory`.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` when the folder is missing or not writable.
    public init(directory: String) throws {
        let folder = directory.isEmpty ? "." : directory
        let name = TemporaryFiles.name(for: "spill", pid: getpid())
        let separator = PathText.hasSuffix(folder, "/") ? "" : "/"
        // Created and recorded in one step (an interrupt at any moment removes it), then unlinked.
        let fd: Int32
        let created: String
        switch TemporaryFiles.create(template: "\(folder)\(separator)\(name)XXXXXX") {
        case .success(let made):
            (fd, created) = made
        case .failure(let failure):
            throw Diagnostic.error(
                .ioFailure,
                "cannot create a spill file in \(folder): \(FileByteSource.errorText(failure.code))",
                at: SourceLocation(file: folder)
            )
        }
        FileName.withCString(created) { _ = unlink($0) }
        TemporaryFiles.unregister(created)
        path = created
        descriptor = fd
    }

    deinit { close() }

    /// Closes the file, freeing its space.
    ///
    /// Later reads and appends fail.
    public func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Appends `bytes`, returning the offset they start at.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (a full disk, a closed file).
    @discardableResult
    public func append(_ bytes: [UInt8]) throws -> Int64 {
        let start = size
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(start) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw failure("write to") }
                done += n
            }
        }
        size += Int64(bytes.count)
        return start
    }

    /// Reads `count` bytes at `offset`.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` when the file cannot be read or is shorter.
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset + Int64(count) <= size else { throw failure("read past the end of") }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset) + off_t(done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw failure("read") }
                done += n
            }
            initialized = count
        }
    }

    private func failure(_ what: String) -> Diagnostic {
        .error(.ioFailure, "cannot \(what) the spill file \(path): \(FileByteSource.errorText(errno))", at: SourceLocation(file: path))
    }
}
