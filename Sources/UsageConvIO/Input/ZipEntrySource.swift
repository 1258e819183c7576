internal import CZlib
import UsageConvBytes
import UsageConvDiagnostics

/// The uncompressed bytes of one ZIP entry, read from the archive and inflated chunk by chunk.
///
/// Serves exactly the declared size: data beyond it is an error, so is ending early, and the
/// CRC-32 is checked before the final 0. Memory is two chunks and zlib's window, whatever the entry.
final class ZipEntrySource: ByteSource {
    /// Compressed bytes read per refill.
    static let chunkSize = 64 << 10

    /// The declared size when it is plausible (at most 64 MiB, or 32 times the compressed size), else `nil`.
    ///
    /// Readers reserve memory by the hint; a lying header must not make them reserve a gigabyte.
    let sizeHint: Int64?
    // Keeps the archive (and its descriptor) alive while the entry is read.
    private let archive: ZipArchive
    private let entry: ZipEntry
    private let location: SourceLocation
    private let declared: Int64
    /// The next compressed (or stored) byte's offset in the archive file.
    private var filePosition: Int64
    /// Compressed bytes of the entry not yet read from the file.
    private var compressedLeft: Int64
    /// Uncompressed bytes served so far.
    private var produced: Int64 = 0
    /// The running CRC-32 of the bytes served.
    private var crc: uLong = 0
    // zlib keeps a pointer back to the stream in its state, so the stream must not move: heap-allocated.
    private let stream: UnsafeMutablePointer<z_stream>?
    private let input: UnsafeMutableRawBufferPointer
    private var streamEnded = false
    private var finished = false

    /// Starts reading `entry`, whose data (`compressedSize` bytes, checked to lie in the file) begins at `dataStart`.
    init(archive: ZipArchive, entry: ZipEntry, dataStart: Int64, location: SourceLocation) throws(Diagnostic) {
        self.archive = archive
        self.entry = entry
        self.location = location
        self.declared = Int64(entry.uncompressedSize)
        let plausible = max(Int64(64 << 20), Int64(entry.compressedSize) * 32)
        self.sizeHint = declared <= plausible ? declared : nil
        self.filePosition = dataStart
        self.compressedLeft = Int64(entry.compressedSize)
        if entry.method == 8 {
            switch InflateStream.make({ czlib_inflate_init_raw($0) }) {
            case .success(let stream): self.stream = stream
            case .failure(let failure):
                throw Diagnostic.error(.unreadableInput, "cannot start deflate decompression (zlib error \(failure.status))", at: location)
            }
            self.input = .allocate(byteCount: Self.chunkSize, alignment: 1)
        } else {
            self.stream = nil
            self.input = .allocate(byteCount: 0, alignment: 1)
        }
    }

    deinit {
        if let stream { InflateStream.free(stream) }
        input.deallocate()
    }

    /// Appends the next chunk of the entry, inflated (or copied) straight into `buffer`'s free capacity.
    func read(into buffer: inout OutputSpan<UInt8>) throws {
        try buffer.appendRaw { raw in try readChunk(into: raw) }
    }

    /// Serves the next chunk; 0 only at the declared end, once the CRC-32 has matched.
    ///
    /// - Throws: `Diagnostic` `.malformedInput` (corrupt data, more data than declared, CRC-32
    ///   mismatch), `.truncatedInput` (less data than declared), `.unreadableInput` (read failure).
    private func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0, !finished else { return 0 }
        if produced == declared {
            try finish()
            return 0
        }
        let want = Int(min(Int64(buffer.count), declared - produced, Int64(UInt32.max)))
        let window = UnsafeMutableRawBufferPointer(rebasing: buffer[..<want])
        let n = try stream.map { try inflate(into: window, stream: $0) } ?? readStored(into: window)
        if let base = window.baseAddress {
            crc = CZlib.crc32(crc, base.assumingMemoryBound(to: Bytef.self), uInt(n))
        }
        produced += Int64(n)
        return n
    }

    /// Copies stored bytes straight from the file.
    private func readStored(into window: UnsafeMutableRawBufferPointer) throws(Diagnostic) -> Int {
        let n = try archive.pread(into: window, at: filePosition)
        guard n > 0 else { throw endsEarly() }
        filePosition += Int64(n)
        compressedLeft -= Int64(n)
        return n
    }

    /// Inflates into `window` until at least one byte comes out.
    private func inflate(into window: UnsafeMutableRawBufferPointer, stream: UnsafeMutablePointer<z_stream>) throws(Diagnostic) -> Int {
        guard let out = window.baseAddress else { return 0 }
        let room = UInt32(window.count)
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = room
        // A call may consume input without producing output (block headers): keep going.
        while stream.pointee.avail_out == room && !streamEnded {
            try step(stream)
        }
        let n = Int(room - stream.pointee.avail_out)
        guard n > 0 else { throw endsEarly() }
        return n
    }

    /// One call of zlib's `inflate`, refilling its input first when it is empty.
    private func step(_ stream: UnsafeMutablePointer<z_stream>) throws(Diagnostic) {
        if stream.pointee.avail_in == 0 && compressedLeft > 0 { try refill(stream) }
        let status = CZlib.inflate(stream, Z_NO_FLUSH)
        switch status {
        case Z_OK:
            break
        case Z_STREAM_END:
            streamEnded = true
        case Z_BUF_ERROR where stream.pointee.avail_in == 0 && compressedLeft == 0:
            throw Diagnostic.error(
                .truncatedInput,
                "entry \(zipQuoted(entry.name)): its \(entry.compressedSize) compressed bytes end before its deflate data does "
                    + "(after \(produced) of its declared \(declared) bytes): the archive is truncated or corrupt",
                at: location
            )
        case Z_DATA_ERROR, Z_NEED_DICT:
            let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid compressed data"
            let consumed = Int64(entry.compressedSize) - compressedLeft - Int64(stream.pointee.avail_in)
            throw Diagnostic.error(
                .malformedInput,
                "entry \(zipQuoted(entry.name)) has corrupt deflate data at compressed byte \(consumed): \(reason)",
                at: location
            )
        case Z_MEM_ERROR:
            throw Diagnostic.error(.unreadableInput, "out of memory while inflating entry \(zipQuoted(entry.name))", at: location)
        default:
            throw Diagnostic.error(
                .unreadableInput,
                "inflating entry \(zipQuoted(entry.name)) failed (zlib error \(status))",
                at: location
            )
        }
    }

    /// Reads the next chunk of the entry's compressed bytes into zlib's input.
    private func refill(_ stream: UnsafeMutablePointer<z_stream>) throws(Diagnostic) {
        let want = Int(min(Int64(Self.chunkSize), compressedLeft))
        let n = try archive.pread(into: UnsafeMutableRawBufferPointer(rebasing: input[..<want]), at: filePosition)
        guard n > 0 else { throw endsEarly() }
        filePosition += Int64(n)
        compressedLeft -= Int64(n)
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(n)
    }

    /// At the declared size: the deflate data must end here too, and the CRC-32 must match.
    private func finish() throws(Diagnostic) {
        if let stream {
            var probe: UInt8 = 0
            while !streamEnded {
                try withUnsafeMutablePointer(to: &probe) { (byte) throws(Diagnostic) in
                    stream.pointee.next_out = byte
                    stream.pointee.avail_out = 1
                    try step(stream)
                }
                if stream.pointee.avail_out == 0 {
                    throw Diagnostic.error(
                        .malformedInput,
                        "entry \(zipQuoted(entry.name)) inflates beyond its declared \(declared) bytes: the archive is corrupt or hostile",
                        at: location
                    )
                }
            }
            stream.pointee.next_out = nil
        }
        let actual = UInt32(truncatingIfNeeded: crc)
        guard actual == entry.crc32 else {
            throw Diagnostic.error(
                .malformedInput,
                "entry \(zipQuoted(entry.name)) fails its CRC-32 check: expected \(Self.hex(entry.crc32)), found \(Self.hex(actual)): "
                    + "the archive is corrupt",
                at: location
            )
        }
        finished = true
    }

    /// The entry's data stops before its declared size.
    private func endsEarly() -> Diagnostic {
        Diagnostic.error(
            .truncatedInput,
            "entry \(zipQuoted(entry.name)) ends after \(produced) of its declared \(declared) bytes: the archive is truncated or corrupt",
            at: location
        )
    }

    /// `0x0badf00d`.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
