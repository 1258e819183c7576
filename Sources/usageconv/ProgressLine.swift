import Glibc
import Synchronization

/// The batch progress line on standard error: files done/total, MB/s, ETA, failures so far.
///
/// Redrawn at most ten times a second; shown only when asked or when standard error is a terminal.
final class ProgressLine: Sendable {
    private struct State {
        var done = 0
        var failed = 0
        var bytes: Int64 = 0
        var lastDraw: Double = 0
    }

    private let total: Int
    private let enabled: Bool
    private let start = ProgressLine.now()
    private let state = Mutex(State())

    init(total: Int, enabled: Bool?) {
        self.total = total
        self.enabled = enabled ?? (isatty(2) == 1)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Seconds since the run started.
    var elapsed: Double { Self.now() - start }

    /// Counts one finished input.
    func finished(bytes: Int64, failed: Bool) {
        guard enabled else { return }
        let line: String? = state.withLock { s in
            s.done += 1
            s.bytes += bytes
            if failed { s.failed += 1 }
            let now = Self.now()
            guard now - s.lastDraw >= 0.1 || s.done == total else { return nil }
            s.lastDraw = now
            let seconds = max(now - start, 1e-6)
            let rate = Double(s.bytes) / 1e6 / seconds
            let eta = s.done > 0 ? seconds / Double(s.done) * Double(total - s.done) : 0
            return "\r\(s.done)/\(total) files, \(Int(rate)) MB/s, ETA \(Int(eta)) s, \(s.failed) failed  "
        }
        if let line { write(2, line, line.utf8.count) }
    }

    /// Ends the line so later messages start on their own.
    func close() {
        if enabled { write(2, "\n", 1) }
    }
}
