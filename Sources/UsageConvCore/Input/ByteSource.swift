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
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
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
