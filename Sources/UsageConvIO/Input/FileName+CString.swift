import UsageConvBytes
import UsageConvDiagnostics

// The C-string view of a byte-exact file name lives with the system calls that take it, so the
// Diagnostics layer (which only renders names) holds no pointer code.
extension FileName {
    /// Calls `body` with the name as the NUL-terminated bytes a system call takes.
    public static func withCString<Result>(_ name: String, _ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        guard hasEscapes(name) else { return try name.withCString(body) }
        var raw = bytes(name).map { CChar(bitPattern: $0) }
        raw.append(0)
        return try raw.withUnsafeBufferPointer { buffer in
            // A buffer from a non-empty array always has a base address.
            try body(buffer.baseAddress.unsafelyUnwrapped)
        }
    }
}
