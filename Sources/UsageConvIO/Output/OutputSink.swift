import UsageConvBytes
import UsageConvDiagnostics

/// Where encoded bytes go: a file descriptor, or memory in tests.
public protocol OutputSink: AnyObject {
    /// Writes all of `bytes`.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74) when the write fails (a full disk, a closed pipe).
    func write(_ bytes: ArraySlice<UInt8>) throws

    /// Writes all of `buffer` and leaves it empty (its capacity kept, or another buffer's), for
    /// an encoder's next chunk.
    ///
    /// A sink that queues chunks takes the buffer itself instead of copying it.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74) when the write fails.
    func write(emptying buffer: inout [UInt8]) throws
}

extension OutputSink {
    /// Writes `buffer`, then empties it keeping its capacity.
    public func write(emptying buffer: inout [UInt8]) throws {
        try write(buffer[...])
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Collects output in memory.
public final class MemorySink: OutputSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty sink.
    public init() {}

    /// Appends `bytes`.
    public func write(_ bytes: ArraySlice<UInt8>) throws {
        self.bytes.append(contentsOf: bytes)
    }

    /// The output as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
