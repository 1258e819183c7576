import Glibc

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
