import Glibc
import UsageConvBytes
import UsageConvDiagnostics

/// One file inside a ZIP archive, as its central directory describes it.
public struct ZipEntry: Sendable, Hashable {
    /// The sanitised relative, `/`-separated path: safe to join to a folder; empty when `isUnsafe`.
    public let name: String
    /// The name decoded for messages only (may contain `..`, `\`, a leading `/`): never a path.
    public let displayName: String
    /// The name's bytes exactly as stored in the central directory.
    public let rawName: [UInt8]
    /// Bytes the entry occupies in the archive (after compression).
    public let compressedSize: UInt64
    /// Bytes the entry claims to inflate to; reading enforces it exactly.
    public let uncompressedSize: UInt64
    /// The compression method: 0 stored, 8 deflate; `ZipArchive.open` refuses others.
    public let method: UInt16
    /// General-purpose bit 0: the data is encrypted and cannot be read.
    public let isEncrypted: Bool
    /// The name ends with `/`: a folder, with no data to read.
    public let isDirectory: Bool
    /// The CRC-32 of the uncompressed data, checked when the entry is read to its end.
    public let crc32: UInt32
    /// Where the entry's local header starts in the archive file.
    public let localHeaderOffset: UInt64
    /// Why the name is refused (a `..` component, a NUL byte, empty once sanitised), or `nil`.
    public let unsafeReason: String?

    /// The name would escape the destination folder (or is unusable): `open` refuses the entry.
    public var isUnsafe: Bool { unsafeReason != nil }

    /// The name for messages: the safe path, or the decoded raw name when it is refused.
    public var label: String { isUnsafe ? displayName : name }
}

/// How much a ZIP archive may make a reader do: limits against zip bombs and hostile directories.
public struct ZipLimits: Sendable {
    /// The most bytes one entry may inflate to (1 GiB by default).
    public var maxEntrySize: Int64 = 1 << 30
    /// The most an entry may expand over its compressed size (1000:1 by default; entries under 1 MiB are exempt).
    public var maxRatio: Int64 = 1000
    /// The most entries the central directory may list.
    public var maxEntries = 100_000

    /// The default limits.
    public init() {}
}

/// A ZIP file opened for reading: its central directory is read at once, entries are inflated on demand.
///
/// The file stays open (read with `pread`, so entries may be read concurrently and in any order)
/// until the archive and every source opened from it are gone. Every size and offset is checked
/// against the file's size before use: a hostile archive gives a `Diagnostic`, never a crash or
/// an allocation larger than the file.
///
/// Entry names are sanitised (see `ZipEntry.name`); an entry whose name is refused is still listed,
/// with `isUnsafe` set and an empty `name`, and `open` throws for it, as it does for encrypted
/// entries, folders and methods other than stored and deflate. Nothing is skipped silently.
public final class ZipArchive: Sendable {
    /// The path as the caller gave it, used in diagnostics.
    public let path: String
    /// The limits the archive was opened with.
    public let limits: ZipLimits
    /// Every entry, folders included (flagged `isDirectory`), in central-directory order.
    public let entries: [ZipEntry]
    /// The archive file's size in bytes when it was opened.
    let fileSize: Int64
    private let descriptor: Int32

    /// Entries whose output is under this size are never judged by their ratio: tiny files compress oddly well.
    static let ratioGrace: Int64 = 1 << 20

    /// Opens `path` and reads its central directory.
    ///
    /// - Throws: `Diagnostic` `.unreadableInput` (cannot open or read the file), `.malformedInput`
    ///   (not a ZIP file, or a corrupt or inconsistent directory), `.sizeLimit` (more entries than
    ///   `limits.maxEntries`), `.unreadableInput` for archives split over several disks.
    public init(path: String, limits: ZipLimits = .init()) throws(Diagnostic) {
        self.path = path
        self.limits = limits
        let fd = FileName.withCString(path) { Glibc.open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            throw Diagnostic.error(.unreadableInput, "cannot open: \(FileByteSource.errorText(errno))", at: SourceLocation(file: path))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw Diagnostic.error(
                .unreadableInput,
                "is not a regular file: cannot read it as a ZIP archive",
                at: SourceLocation(file: path)
            )
        }
        let reader = ZipFileReader(descriptor: fd, size: Int64(info.st_size), path: path)
        do {
            self.entries = try ZipDirectoryParser(reader: reader, limits: limits).parse()
        } catch {
            close(fd)
            throw error
        }
        self.descriptor = fd
        self.fileSize = reader.size
    }

    deinit {
        close(descriptor)
    }

    /// Whether `prefix` (the first bytes of a file) starts like a ZIP archive: `PK\3\4`, or `PK\5\6` when empty.
    public static func isZip(_ prefix: some Collection<UInt8>) -> Bool {
        LeadingBytes(prefix.prefix(4)) == .zip
    }

    /// A streaming source of `entry`'s uncompressed bytes, inflated chunk by chunk.
    ///
    /// The source serves exactly `entry.uncompressedSize` bytes: more data in the archive is a
    /// `.malformedInput` error ("inflates beyond its declared N bytes"), less is `.truncatedInput`,
    /// and a CRC-32 mismatch is `.malformedInput` at the end (the read that would return 0).
    ///
    /// - Throws: `Diagnostic` `.unreadableInput` for an encrypted entry, a folder, a refused name or
    ///   an unsupported method; `.sizeLimit` when the declared size passes `maxEntrySize` or the
    ///   ratio limit; `.malformedInput` when the local header is missing or out of bounds.
    public func open(_ entry: ZipEntry) throws(Diagnostic) -> any ByteSource {
        let location = SourceLocation(file: path, entry: entry.label)
        if let reason = entry.unsafeReason {
            throw Diagnostic.error(.unreadableInput, "entry \(zipQuoted(entry.displayName)) is refused: \(reason)", at: location)
        }
        if entry.isDirectory {
            throw Diagnostic.error(.unreadableInput, "entry \(zipQuoted(entry.name)) is a folder, not a file", at: location)
        }
        if entry.isEncrypted {
            throw Diagnostic.error(.unreadableInput, "entry \(zipQuoted(entry.name)) is encrypted: usageconv cannot read it", at: location)
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw Diagnostic.error(
                .unreadableInput,
                "entry \(zipQuoted(entry.name)) uses compression method \(entry.method) (\(Self.methodName(entry.method))): "
                    + "usageconv reads only stored (0) and deflate (8) entries",
                at: location
            )
        }
        let compressed = Int64(entry.compressedSize)
        let declared = Int64(entry.uncompressedSize)
        if declared > limits.maxEntrySize {
            throw Diagnostic.error(
                .sizeLimit,
                "entry \(zipQuoted(entry.name)) declares \(declared) bytes, more than the \(GzipByteSource.describe(limits.maxEntrySize)) "
                    + "allowed per entry: refused as a possible zip bomb",
                at: location
            )
        }
        let (bound, overflow) = max(compressed, 1).multipliedReportingOverflow(by: max(limits.maxRatio, 1))
        if declared > Self.ratioGrace && !overflow && declared > bound {
            throw Diagnostic.error(
                .sizeLimit,
                "entry \(zipQuoted(entry.name)) declares \(declared) bytes from \(compressed) compressed bytes, "
                    + "more than \(limits.maxRatio):1: refused as a zip bomb",
                at: location
            )
        }
        if entry.method == 0 && compressed != declared {
            throw Diagnostic.error(
                .malformedInput,
                "entry \(zipQuoted(entry.name)) is stored uncompressed but declares \(compressed) stored and \(declared) "
                    + "uncompressed bytes",
                at: location
            )
        }
        let dataStart = try localDataStart(entry, location: location)
        return try ZipEntrySource(archive: self, entry: entry, dataStart: dataStart, location: location)
    }

    /// Reads and checks `entry`'s local header; returns where its data starts.
    private func localDataStart(_ entry: ZipEntry, location: SourceLocation) throws(Diagnostic) -> Int64 {
        let reader = ZipFileReader(descriptor: descriptor, size: fileSize, path: path)
        let offset = Int64(entry.localHeaderOffset)
        guard offset <= fileSize - 30 else {
            throw Diagnostic.error(
                .malformedInput,
                "entry \(zipQuoted(entry.name)) starts at byte \(offset), past the end of the \(fileSize)-byte archive",
                at: location
            )
        }
        let header = try reader.read(at: offset, count: 30)
        guard header.u32(0) == 0x0403_4B50 else {
            throw Diagnostic.error(
                .malformedInput,
                "expected a local file header (PK\\3\\4) at byte \(offset) for entry \(zipQuoted(entry.name)), found other bytes",
                at: SourceLocation(file: path, entry: entry.label, offset: offset)
            )
        }
        let dataStart = offset + 30 + Int64(header.u16(26)) + Int64(header.u16(28))
        guard dataStart <= fileSize, Int64(entry.compressedSize) <= fileSize - dataStart else {
            throw Diagnostic.error(
                .malformedInput,
                "entry \(zipQuoted(entry.name)) claims \(entry.compressedSize) compressed bytes from byte \(dataStart), "
                    + "past the end of the \(fileSize)-byte archive",
                at: location
            )
        }
        return dataStart
    }

    /// Reads up to `buffer.count` bytes at `offset`, retrying on `EINTR`; 0 at the end of the file.
    func pread(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(Diagnostic) -> Int {
        try ZipFileReader(descriptor: descriptor, size: fileSize, path: path).pread(into: buffer, at: offset)
    }

    /// The common names of the methods people meet, for the message refusing them.
    static func methodName(_ method: UInt16) -> String {
        switch method {
        case 1: "shrink"
        case 6: "implode"
        case 9: "deflate64"
        case 12: "bzip2"
        case 14: "lzma"
        case 93: "zstandard"
        case 95: "xz"
        case 99: "AES encryption"
        default: "unknown"
        }
    }
}

/// `'name'` for messages.
func zipQuoted(_ name: String) -> String {
    "'\(name)'"
}

/// Positioned reads from the archive's descriptor, each checked against the file's size.
struct ZipFileReader {
    /// The open archive.
    let descriptor: Int32
    /// Its size in bytes.
    let size: Int64
    /// Its path, for diagnostics.
    let path: String

    /// Exactly `count` bytes at `offset`; the range must lie in the file (callers check), else `.malformedInput`.
    func read(at offset: Int64, count: Int) throws(Diagnostic) -> [UInt8] {
        guard offset >= 0, count >= 0, Int64(count) <= size - offset else {
            throw Diagnostic.error(
                .malformedInput,
                "expected \(count) bytes at byte \(offset) of the ZIP archive, found the end of its \(size) bytes",
                at: SourceLocation(file: path, offset: offset)
            )
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = try bytes.withUnsafeMutableBytes { all in
                Result { () throws(Diagnostic) -> Int in
                    try pread(into: UnsafeMutableRawBufferPointer(rebasing: all[filled...]), at: offset + Int64(filled))
                }
            }.get()
            guard n > 0 else {
                throw Diagnostic.error(
                    .truncatedInput,
                    "the ZIP archive ended at byte \(offset + Int64(filled)) while being read: it changed or is truncated",
                    at: SourceLocation(file: path, offset: offset + Int64(filled))
                )
            }
            filled += n
        }
        return bytes
    }

    /// One `pread(2)`, retrying on `EINTR`.
    func pread(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws(Diagnostic) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.pread(descriptor, base, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw Diagnostic.error(
                .unreadableInput,
                "read failed: \(FileByteSource.errorText(errno))",
                at: SourceLocation(file: path, offset: offset)
            )
        }
    }
}

extension [UInt8] {
    /// The little-endian 16-bit value at `index` (the caller checks the bounds).
    func u16(_ index: Int) -> UInt16 {
        UInt16(self[index]) | UInt16(self[index + 1]) << 8
    }

    /// The little-endian 32-bit value at `index`.
    func u32(_ index: Int) -> UInt32 {
        UInt32(u16(index)) | UInt32(u16(index + 2)) << 16
    }

    /// The little-endian 64-bit value at `index`.
    func u64(_ index: Int) -> UInt64 {
        UInt64(u32(index)) | UInt64(u32(index + 4)) << 32
    }
}
