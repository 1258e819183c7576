import UsageConvDiagnostics

/// A stream of input bytes read in chunks, so no decoder ever holds a whole dump in memory.
///
/// Files, standard input and (later) archive entries all arrive through this one protocol.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`, returning how many; 0 means end of input.
    ///
    /// - Throws: `Diagnostic` with code `.unreadableInput` when the underlying read fails.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int

    /// The total size in bytes when known up front (regular files), so decoders can reserve
    /// room for their points instead of growing arrays by copying.
    var sizeHint: Int64? { get }
}

extension ByteSource {
    /// Unknown by default.
    public var sizeHint: Int64? { nil }

    /// Reads until `count` bytes or the end of input, whichever comes first.
    public func readBytes(upTo count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        // Grow as the bytes arrive: a generous limit (1 GiB for a fixture) must not cost a 1 GiB
        // zero-filled allocation for a 5 KB file. One byte past the known size detects the end.
        let initial = sizeHint.map { Int(clamping: $0 + 1) } ?? 64 << 10
        var bytes = [UInt8](repeating: 0, count: min(count, max(initial, 1)))
        var filled = 0
        while filled < count {
            if filled == bytes.count {
                let grown = min(count, max(bytes.count * 2, 64 << 10))
                bytes.append(contentsOf: repeatElement(0, count: grown - bytes.count))
            }
            let n = try bytes.withUnsafeMutableBytes { all in
                try read(into: UnsafeMutableRawBufferPointer(rebasing: all[filled...]))
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
