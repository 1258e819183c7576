import Dispatch
import Glibc
import Synchronization
import UsageConvDiagnostics

/// Removes temporary output files when the process is interrupted (SIGINT, SIGTERM, SIGHUP).
public enum InterruptCleanup {
    private static let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Installs the handlers once; later calls do nothing.
    public static func install() {
        sources.withLock { installed in
            guard installed.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler {
                    for path in TemporaryFiles.current { FileName.withCString(path) { _ = unlink($0) } }
                    // 128 + signal: what a shell reports for a process killed by it.
                    _exit(128 + signalNumber)
                }
                source.resume()
                installed.append(source)
            }
        }
    }
}
