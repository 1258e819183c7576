import Foundation
import Testing

/// Compares `actual` with the golden file at `relativePath` (from the package root).
///
/// Records the golden and fails when it is missing or `RECORD_SNAPSHOTS` is set (argument-parser's
/// record-and-fail workflow): review the recorded diff, then run again.
package func expectSnapshot(
    _ actual: String,
    at relativePath: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = TestPaths.root.appendingPathComponent(relativePath)
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil
    if record || !FileManager.default.fileExists(atPath: url.path) {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: url)
        Issue.record("Recorded snapshot \(relativePath); run again to compare", sourceLocation: sourceLocation)
        return
    }
    let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    if actual != expected {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = Array(zip(a, e)).firstIndex { $0.0 != $0.1 } ?? min(a.count, e.count)
        let got = first < a.count ? String(a[first]) : "<end>"
        let want = first < e.count ? String(e[first]) : "<end>"
        Issue.record(
            "\(relativePath) differs at line \(first + 1):\n  expected: \(want)\n  actual:   \(got)\n(RECORD_SNAPSHOTS=1 re-records)",
            sourceLocation: sourceLocation
        )
    }
}
