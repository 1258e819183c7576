import UsageConvDiagnostics

/// A stream of input bytes read in chunks, so no decoder ever holds a whole dump in memory.
///
/// Files, standard input, gzip streams and archive entries all arrive through this one protocol.
/// A source appends into an `OutputSpan`: bounds-checked memory the caller owns, so neither a
/// source nor its caller handles a pointer, and the bytes are written once, where they are read.
public protocol ByteSource: AnyObject {
    /// Appends the next bytes of the input to `buffer`, at most `buffer.freeCapacity` of them;
    /// appending none means the end of the input.
    ///
    /// - Throws: `Diagnostic` with code `.unreadableInput` when the underlying read fails.
    func read(into buffer: inout OutputSpan<UInt8>) throws

    /// The total size in bytes when known up front (regular files), so decoders can reserve
    /// room for their points instead of growing arrays by copying.
    var sizeHint: Int64? { get }
}

extension ByteSource {
    /// Unknown by default.
    public var sizeHint: Int64? { nil }

    /// Appends up to `maximumCount` bytes to `bytes` and returns how many; 0 means end of input.
    ///
    /// The safe way to read a chunk: the bytes go straight into the array's new capacity.
    /// - Throws: whatever `read(into:)` throws.
    @discardableResult
    public func read(appendingTo bytes: inout [UInt8], maximumCount: Int) throws -> Int {
        guard maximumCount > 0 else { return 0 }
        let before = bytes.count
        try bytes.append(addingCapacity: maximumCount) { span in try read(into: &span) }
        return bytes.count - before
    }

    /// Reads until `count` bytes or the end of input, whichever comes first.
    public func readBytes(upTo count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        // Grow as the bytes arrive: a generous limit (1 GiB for a fixture) must not cost a 1 GiB
        // allocation for a 5 KB file. One byte past the known size detects the end.
        // The chunks asked for are part of the behaviour (a gzip source checks its expansion ratio
        // after each), so they follow `size`, not whatever capacity the allocator rounded up to.
        let initial = sizeHint.map { Int(clamping: $0 + 1) } ?? 64 << 10
        var size = min(count, max(initial, 1))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        while bytes.count < count {
            if bytes.count == size {
                size = min(count, max(size * 2, 64 << 10))
                bytes.reserveCapacity(size)
            }
            if try read(appendingTo: &bytes, maximumCount: size - bytes.count) == 0 { break }
        }
        return bytes
    }

    /// Reads the next chunk into raw memory and returns how many bytes; 0 means end of input.
    ///
    /// The readers' and archives' path: the JSON scanner, libxml2's callbacks and zlib keep their
    /// own raw buffers. Not public: callers outside the I/O layers use `read(appendingTo:)`.
    package func read(into raw: UnsafeMutableRawBufferPointer) throws -> Int {
        let typed = raw.bindMemory(to: UInt8.self)
        var span = OutputSpan(buffer: typed, initializedCount: 0)
        try read(into: &span)
        return span.finalize(for: typed)
    }
}

extension OutputSpan where Element == UInt8 {
    /// Lets a system or C call (`read(2)`, zlib) write into the free capacity: `body` gets that
    /// space as raw memory and returns how many bytes it wrote there, which then count as appended.
    package mutating func appendRaw<E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> Int) throws(E) {
        try withUnsafeMutableBufferPointer { (buffer, initialized) throws(E) in
            let free = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[initialized...]))
            let written = try body(free)
            precondition(written >= 0 && written <= free.count, "a source wrote past the space it was given")
            initialized += written
        }
    }
}
