import Glibc
import UsageConvDiagnostics

/// Writes to an open file descriptor with `write(2)`, retrying partial writes and `EINTR`.
public final class FileDescriptorSink: OutputSink, Sendable {
    /// The descriptor written to (not closed by this sink).
    public let descriptor: Int32
    /// The name used in error messages.
    public let name: String

    /// Writes to `descriptor`, naming it `name` in errors.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    /// Standard output.
    public static func standardOutput() -> FileDescriptorSink {
        FileDescriptorSink(descriptor: 1, name: "<stdout>")
    }

    /// Writes all of `bytes`.
    public func write(_ bytes: ArraySlice<UInt8>) throws {
        var remaining = bytes
        while !remaining.isEmpty {
            let n = remaining.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Diagnostic.error(.ioFailure, "cannot write: \(FileByteSource.errorText(errno))", at: SourceLocation(file: name))
            }
            remaining = remaining.dropFirst(n)
        }
    }
}
