import Glibc
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

    /// The process's arguments after the program name, as the kernel passed them: a name that is
    /// not UTF-8 stays openable (`CommandLine.arguments` replaces such bytes with U+FFFD).
    package static var commandLineArguments: [String] {
        (1..<max(1, Int(CommandLine.argc))).map { index -> String in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            return decode(UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
    }
}
