import Glibc
import UsageConvBytes
import UsageConvDiagnostics

/// A file or standard input read with `read(2)`: no mapping, no whole-file buffer.
public final class FileByteSource: ByteSource {
    /// The path as the user gave it (`-` is standard input).
    public let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// The file's size when it is a regular file.
    public let sizeHint: Int64?

    /// Opens `path` for reading; `-` means standard input.
    ///
    /// - Throws: `Diagnostic` `.unreadableInput` (exit 66) when the file cannot be opened or is a folder.
    public convenience init(path: String) throws {
        try self.init(path: path, inspect: true)
    }

    /// Opens `path`; with `inspect`, `fstat` refuses a folder and learns a regular file's size.
    private init(path: String, inspect: Bool) throws {
        self.path = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            sizeHint = nil
            return
        }
        let fd = FileName.withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            let code = errno
            let pattern = code == ENOENT && GlobPattern.isPattern(path) ? " (and no file matches it as a pattern)" : ""
            throw Diagnostic.error(
                .unreadableInput,
                "cannot open: \(FileByteSource.errorText(code))\(pattern)",
                at: SourceLocation(file: path)
            )
        }
        guard inspect else {
            descriptor = fd
            ownsDescriptor = true
            sizeHint = nil
            return
        }
        var info = stat()
        _ = fstat(fd, &info)
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw Diagnostic.error(.unreadableInput, "is a folder, not a file", at: SourceLocation(file: path))
        }
        descriptor = fd
        ownsDescriptor = true
        sizeHint = (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Appends the next chunk, read with `read(2)` straight into `buffer`'s free capacity.
    public func read(into buffer: inout OutputSpan<UInt8>) throws {
        try buffer.appendRaw { raw in try readChunk(into: raw) }
    }

    /// Reads the next chunk, retrying on `EINTR`.
    private func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(descriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw Diagnostic.error(.unreadableInput, "read failed: \(FileByteSource.errorText(errno))", at: SourceLocation(file: path))
        }
    }

    /// The first `count` bytes of the file at `path`, fewer when it is shorter: what sniffing a
    /// folder's files for dumps reads, with `open`, `read` and `close` only (no `fstat` per file).
    ///
    /// - Throws: `Diagnostic` `.unreadableInput` when the file cannot be opened or read (a folder
    ///   fails at the read).
    public static func head(of path: String, upTo count: Int) throws -> [UInt8] {
        try FileByteSource(path: path, inspect: false).readBytes(upTo: count)
    }

    /// The `strerror` text for an errno value.
    public static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }

    /// The size of a regular file, or `nil` (missing, not a regular file, standard input).
    public static func size(of path: String) -> Int64? {
        guard path != "-" else { return nil }
        var info = stat()
        guard FileName.withCString(path, { stat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The modification time of a file in nanoseconds since the epoch, or `nil` when it does not exist.
    public static func modificationTime(of path: String) -> Int64? {
        var info = stat()
        guard FileName.withCString(path, { stat($0, &info) }) == 0 else { return nil }
        return Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
    }
}
