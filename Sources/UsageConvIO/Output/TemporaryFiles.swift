import Glibc
import Synchronization
import UsageConvBytes
import UsageConvDiagnostics

/// The temporary output files that exist right now, so an interrupt can remove them.
public enum TemporaryFiles {
    private static let paths = Mutex<Set<String>>([])

    /// Records a temporary file.
    public static func register(_ path: String) {
        paths.withLock { _ = $0.insert(path) }
    }

    /// Forgets a temporary file (it was renamed into place or removed).
    public static func unregister(_ path: String) {
        paths.withLock { _ = $0.remove(path) }
    }

    /// The temporary files that exist now.
    ///
    /// Read under the same lock as `create(template:)` holds while it creates and records a
    /// file, so the interrupt handler (a Dispatch signal source, on an ordinary thread) waits for
    /// a creation in progress and sees its file: a file never exists unrecorded.
    public static var current: [String] {
        paths.withLock { Array($0) }
    }

    /// Creates a file from a `mkstemp` template (a path ending in `XXXXXX`) and records it, both
    /// under the lock (see `current`).
    ///
    /// - Returns: the descriptor and the path made, or the `errno` of a failed `mkstemp`.
    static func create(template path: String) -> Result<(descriptor: Int32, path: String), Errno> {
        var template = FileName.bytes(path).map { CChar(bitPattern: $0) } + [0]
        return paths.withLock { paths in
            let fd = mkstemp(&template)
            guard fd >= 0 else { return .failure(Errno(code: errno)) }
            let created = FileName.decode(template.dropLast().map { UInt8(bitPattern: $0) })
            paths.insert(created)
            return .success((fd, created))
        }
    }

    /// An `errno` value, kept as an error.
    struct Errno: Error {
        var code: Int32
    }

    /// The fixed part of a temporary file's name for output `base` written by process `pid`:
    /// `.NAME.usageconv-PID-`, to which `mkstemp` adds six random characters.
    static func name(for base: String, pid: Int32) -> String {
        ".\(base).usageconv-\(pid)-"
    }

    /// The pid in a name of `name(for:pid:)`'s form plus six characters; nil for any other name
    /// (the user's files, and pid-less temp files of earlier versions, whose owner is unknown).
    static func writer(ofTemporary name: String) -> Int32? {
        let bytes = Array(name.utf8)
        let marker = Array(".usageconv-".utf8)
        guard bytes.count > marker.count + 8, bytes.first == UInt8(ascii: "."),
            let at = (1...(bytes.count - marker.count)).last(where: { bytes[$0..<($0 + marker.count)].elementsEqual(marker) })
        else { return nil }
        let rest = bytes[(at + marker.count)...]
        guard let dash = rest.firstIndex(of: UInt8(ascii: "-")), dash > rest.startIndex else { return nil }
        let digits = rest[rest.startIndex..<dash]
        let random = rest[(dash + 1)...]
        let isAlphanumeric = { (b: UInt8) in (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
        guard digits.count <= 10, digits.allSatisfy({ (0x30...0x39).contains($0) }), random.count == 6,
            random.allSatisfy(isAlphanumeric), let pid = Int32(String(decoding: digits, as: UTF8.self)), pid > 0
        else { return nil }
        return pid
    }

    /// Removes the stale temporary files below `root`, returning their paths.
    ///
    /// Stale: of usageconv's own naming, and their writer is no longer running (a run killed with
    /// SIGKILL, which no handler can clean up after), so a resumed batch leaves the tree a clean
    /// run would.
    ///
    /// A file whose pid belongs to a live process is kept: it may be another run writing into
    /// the same folder right now. Links are not followed; nothing else is touched. `matching`
    /// narrows it to temp files whose name it accepts (a Parquet dataset's shard clears only its
    /// own leftovers: other shards' temp files may belong to runs on other machines, whose pids
    /// mean nothing here).
    @discardableResult
    public static func removeStale(under root: String, matching: (String) -> Bool = { _ in true }) -> [String] {
        var removed: [String] = []
        var pending = [root]
        while let folder = pending.popLast() {
            guard let names = DirectoryWalker.names(in: folder) else { continue }
            for name in names {
                let path = PathText.hasSuffix(folder, "/") ? folder + name : folder + "/" + name
                var info = stat()
                guard FileName.withCString(path, { lstat($0, &info) }) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    pending.append(path)
                case S_IFREG:
                    guard matching(name), let pid = writer(ofTemporary: name), !isRunning(pid) else { continue }
                    if FileName.withCString(path, { unlink($0) }) == 0 { removed.append(path) }
                default:
                    continue
                }
            }
        }
        return DirectoryWalker.byBytes(removed)
    }

    /// Whether a process with this pid exists (signal 0 checks without sending; EPERM means it
    /// exists but belongs to someone else).
    static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
