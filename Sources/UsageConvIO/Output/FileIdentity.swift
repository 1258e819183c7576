import Glibc
import UsageConvDiagnostics

/// A file's device and inode, to tell whether two paths name the same file.
public struct FileIdentity: Hashable, Sendable {
    /// The device number.
    public var device: UInt64
    /// The inode number.
    public var inode: UInt64

    /// The identity of the file at `path`, following links; `nil` if it does not exist.
    public init?(path: String) {
        var info = stat()
        guard FileName.withCString(path, { stat($0, &info) }) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

extension FileIdentity {
    /// The usage error (exit 64) when the output `target` is one of `inputs` (by device and
    /// inode, so a link or `./` spelling is caught too); `nil` for standard output or a new file.
    public static func overwrittenInput(by target: String?, among inputs: [String]) -> Diagnostic? {
        guard let target, target != "-", let identity = FileIdentity(path: target) else { return nil }
        guard let input = inputs.first(where: { $0 != "-" && FileIdentity(path: $0) == identity }) else { return nil }
        return .error(.usage, "the output would overwrite the input \(input)", at: SourceLocation(file: target))
    }
}
