import UsageConvDiagnostics

/// Bytes already in memory, served in chunks (tests, sniffing prefixes, small inputs).
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var position = 0
    private let chunkLimit: Int

    /// Serves `bytes`; `chunkLimit` caps each read, to exercise chunk boundaries in tests.
    public init(_ bytes: [UInt8], chunkLimit: Int = .max) {
        self.bytes = bytes
        self.chunkLimit = max(1, chunkLimit)
    }

    /// Serves the UTF-8 bytes of `text`.
    public convenience init(_ text: String, chunkLimit: Int = .max) {
        self.init(Array(text.utf8), chunkLimit: chunkLimit)
    }

    /// Copies the next chunk into `buffer`.
    public func read(into buffer: inout OutputSpan<UInt8>) throws {
        let n = min(buffer.freeCapacity, bytes.count - position, chunkLimit)
        guard n > 0 else { return }
        bytes.withUnsafeBytes { all in
            buffer.appendRaw { free in
                free.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[position..<(position + n)]))
                return n
            }
        }
        position += n
    }
}
