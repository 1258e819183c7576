import Dispatch
import Glibc
import Synchronization
import UsageConvDiagnostics

/// Removes temporary output files when the process is interrupted (SIGINT, SIGTERM, SIGHUP),
/// and cuts an output being written ahead of its verdict back to where it started.
public enum InterruptCleanup {
    private static let sources = Mutex<[any DispatchSourceSignal]>([])
    private static let marks = Mutex<[OutputMark]>([])

    /// Cuts the output back to `mark` if the process is interrupted before ``forget(_:)``.
    public static func rewindOnInterrupt(_ mark: OutputMark) {
        marks.withLock { $0.append(mark) }
    }

    /// Leaves the output as it is on an interrupt from now on.
    public static func forget(_ mark: OutputMark) {
        marks.withLock { $0.removeAll { $0 === mark } }
    }

    /// Installs the handlers once; later calls do nothing.
    public static func install() {
        sources.withLock { installed in
            guard installed.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler {
                    for path in TemporaryFiles.current { FileName.withCString(path) { _ = unlink($0) } }
                    for mark in marks.withLock({ $0 }) { mark.rewindOnExit() }
                    // 128 + signal: what a shell reports for a process killed by it.
                    _exit(128 + signalNumber)
                }
                source.resume()
                installed.append(source)
            }
        }
    }
}
