import Foundation

/// Whether an optional Python helper is on this machine, for tests that compare against it.
package enum PythonProbe {
    /// Whether `python3 -c code` exits 0; false when python3 is missing.
    package static func succeeds(_ code: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        process.standardError = Pipe()
        process.standardOutput = Pipe()
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }
}
