internal import CZlib
import UsageConvBytes
import UsageConvDiagnostics

/// Inflates a gzip-compressed source chunk by chunk: every member of a multi-member file, an error
/// (never silent partial data) when it is truncated or corrupt, and a bound on how far it expands.
///
/// With `ZipEntrySource` and `InflateStream`, the only files that touch zlib; `z_stream` and its
/// pointers stay in them.
public final class GzipByteSource: ByteSource {
    /// Decompressed bytes allowed by default (1 GiB): far beyond any real dump, far below a bomb's aim.
    public static let defaultLimit: Int64 = 1 << 30
    /// Output below this size is never judged by its ratio: tiny inputs compress oddly well.
    static let ratioGrace: Int64 = 1 << 20
    /// Expansion beyond this ratio is refused: deflate's ceiling is about 1032:1, reached only by
    /// long runs of one byte, which is what bombs are made of and real dumps are not.
    static let maxRatio: Int64 = 1000
    /// Compressed bytes read per refill.
    static let chunkSize = 64 << 10

    /// The most decompressed bytes this source serves before failing.
    public let limit: Int64
    private let compressed: any ByteSource
    // zlib keeps a pointer back to the stream in its state, so the stream must not move: heap-allocated.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    /// Compressed bytes read from `compressed` so far.
    private var fed: Int64 = 0
    /// Decompressed bytes served so far.
    private var expanded: Int64 = 0
    /// A member ended; the next byte (if any) starts another member (`cat a.gz b.gz`).
    private var betweenMembers = false
    /// Every member has been read and the compressed input is at its end.
    private var finished = false

    /// Wraps `compressed` (which must start with the gzip magic 1f 8b).
    ///
    /// - Parameters:
    ///   - compressed: the gzip bytes, read once, front to back.
    ///   - limit: the most decompressed bytes to serve; more is a `.sizeLimit` error.
    /// - Throws: `Diagnostic` `.unreadableInput` when zlib cannot start (out of memory).
    public init(_ compressed: any ByteSource, limit: Int64 = GzipByteSource.defaultLimit) throws {
        switch InflateStream.make({ czlib_inflate_init_gzip($0) }) {
        case .success(let stream): self.stream = stream
        case .failure(let failure):
            throw Diagnostic.error(.unreadableInput, "cannot start gzip decompression (zlib error \(failure.status))")
        }
        self.input = .allocate(byteCount: Self.chunkSize, alignment: 1)
        self.compressed = compressed
        self.limit = max(0, limit)
    }

    deinit {
        InflateStream.free(stream)
        input.deallocate()
    }

    /// Compressed bytes consumed by zlib so far: the offset of the next byte it will look at.
    private var consumed: Int64 { fed - Int64(stream.pointee.avail_in) }

    /// Appends the next inflated bytes, inflated by zlib straight into `buffer`'s free capacity;
    /// none only after the last member's trailer at the end of the input.
    ///
    /// - Throws: see `readChunk(into:)`.
    public func read(into buffer: inout OutputSpan<UInt8>) throws {
        try buffer.appendRaw { raw in try readChunk(into: raw) }
    }

    /// Inflates into `buffer`; 0 only after the last member's trailer at the end of the input.
    ///
    /// - Throws: `Diagnostic` `.truncatedInput` (the input ends inside a member), `.malformedInput`
    ///   (corrupt data, with its compressed byte offset), `.sizeLimit` (too large or too
    ///   compressible), or whatever the compressed source throws.
    private func readChunk(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let out = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
        let room = UInt32(clamping: buffer.count)
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = room
        // A call may consume input without producing output (headers, empty members): keep going.
        while stream.pointee.avail_out == room {
            if stream.pointee.avail_in == 0 {
                try refill()
                if stream.pointee.avail_in == 0 {
                    if betweenMembers {
                        finished = true
                        return 0
                    }
                    throw Diagnostic.error(
                        .truncatedInput,
                        "expected more gzip data, found the end of the file after \(fed) compressed bytes: the .gz is truncated",
                        at: SourceLocation(offset: fed)
                    )
                }
            }
            if betweenMembers {
                // Another member follows; zlib reads one member per stream, so start afresh.
                guard inflateReset(stream) == Z_OK else { throw failure("cannot restart gzip decompression") }
                betweenMembers = false
            }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK:
                break
            case Z_STREAM_END:
                betweenMembers = true
            case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                break  // needs more input: refilled at the top of the loop
            case Z_DATA_ERROR, Z_NEED_DICT:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "invalid compressed data"
                let offset = consumed
                throw Diagnostic.error(
                    .malformedInput,
                    "expected gzip-compressed data, found corrupt data at byte \(offset) of the compressed file: \(reason)",
                    at: SourceLocation(offset: offset)
                )
            case Z_MEM_ERROR:
                throw failure("out of memory while decompressing gzip data")
            default:
                throw failure("gzip decompression failed (zlib error \(status))")
            }
        }
        let produced = Int(room - stream.pointee.avail_out)
        expanded += Int64(produced)
        try checkBounds()
        return produced
    }

    /// Reads the next chunk of compressed bytes into zlib's input.
    private func refill() throws {
        let n = try compressed.read(into: input)
        fed += Int64(n)
        stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(n)
    }

    /// Fails as soon as the output passes the limit or expands like a bomb, before memory is spent on it.
    private func checkBounds() throws {
        if expanded > limit {
            throw Diagnostic.error(
                .sizeLimit,
                "expected at most \(Self.describe(limit)) of data inside the gzip-compressed input, found more: "
                    + "refused as a possible gzip bomb (raise the limit with --max-expanded-size)",
                at: SourceLocation(offset: consumed)
            )
        }
        if expanded > Self.ratioGrace && expanded > Self.maxRatio * max(consumed, 1) {
            throw Diagnostic.error(
                .sizeLimit,
                "expected gzip-compressed data to expand at most \(Self.maxRatio):1, found \(Self.describe(expanded)) "
                    + "from \(consumed) compressed bytes: refused as a gzip bomb",
                at: SourceLocation(offset: consumed)
            )
        }
    }

    /// An error of zlib itself rather than of the data.
    private func failure(_ message: String) -> Diagnostic {
        Diagnostic.error(.unreadableInput, message, at: SourceLocation(offset: consumed))
    }

    /// "1 GiB", "512 MiB", "1000 bytes": a limit as people set it.
    package static func describe(_ bytes: Int64) -> String {
        for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] where bytes >= Int64(1) << shift && bytes % (Int64(1) << shift) == 0 {
            return "\(bytes >> shift) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
