import Glibc
import UsageConvCore

/// Prints diagnostics to standard error in the DESIGN.md section 6 form: `usageconv: FILE: LOCATION: message`.
enum DiagnosticPrinter {
    /// Prints one diagnostic.
    static func print(_ diagnostic: Diagnostic) {
        printLine("usageconv: \(diagnostic)")
    }

    /// Prints a plain line to standard error.
    static func printLine(_ line: String) {
        var bytes = Array(FileName.display(line).utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
