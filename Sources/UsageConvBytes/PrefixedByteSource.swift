/// Replays a prefix that was already read (for content sniffing), then continues with the rest.
public final class PrefixedByteSource: ByteSource {
    private let prefix: MemoryByteSource
    private var prefixDone = false
    private let rest: any ByteSource

    /// Serves `prefix` first, then whatever `rest` still has.
    public init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = MemoryByteSource(prefix)
        self.rest = rest
    }

    /// The size of the whole input, as the rest knows it.
    public var sizeHint: Int64? { rest.sizeHint }

    /// Reads from the prefix until it is exhausted, then from the rest.
    public func read(into buffer: inout OutputSpan<UInt8>) throws {
        if !prefixDone {
            let before = buffer.count
            try prefix.read(into: &buffer)
            if buffer.count > before { return }
            prefixDone = true
        }
        try rest.read(into: &buffer)
    }
}
