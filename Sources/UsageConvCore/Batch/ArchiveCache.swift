import Synchronization

/// ZIP archives opened once per run: each entry of a batch is decoded on its own, possibly on
/// another thread, and re-reading a central directory per entry would make big archives quadratic.
public enum ArchiveCache {
    private static let archives = Mutex<[String: ZipArchive]>([:])

    /// The archive at `path`, opened on first use.
    public static func archive(at path: String) throws(Diagnostic) -> ZipArchive {
        if let open = archives.withLock({ $0[path] }) { return open }
        let archive = try ZipArchive(path: path)
        archives.withLock { $0[path] = archive }
        return archive
    }
}
