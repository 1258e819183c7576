import Synchronization

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
    public static var current: [String] {
        paths.withLock { Array($0) }
    }
}
