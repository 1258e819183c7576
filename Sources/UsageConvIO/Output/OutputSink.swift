import UsageConvBytes
import UsageConvDiagnostics

/// Where encoded bytes go: a file descriptor, or memory in tests.
public protocol OutputSink: AnyObject {
    /// Writes all of `bytes`.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74) when the write fails (a full disk, a closed pipe).
    func write(_ bytes: ArraySlice<UInt8>) throws
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
