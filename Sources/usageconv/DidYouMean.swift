import Glibc
import UsageConvCore

/// Suggests a subcommand for a missing input path that is one edit away from its name.
enum DidYouMean {
    /// The subcommand `path` was probably meant to be, if any (`stat`, `Stats`, `valdiate`).
    static func subcommand(for path: String, among names: [String]) -> String? {
        names.first { distance(path.lowercased(), $0) <= 1 }
    }

    /// Whether nothing at all is at `path`, not even a dangling link.
    static func nothing(at path: String) -> Bool {
        var info = stat()
        return FileName.withCString(path) { lstat($0, &info) } != 0
    }

    /// Levenshtein distance, with a swap of two neighbours counted as one edit.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}
