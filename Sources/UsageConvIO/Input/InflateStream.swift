internal import CZlib

/// The heap-held zlib inflate stream the gzip and ZIP readers share: zlib keeps a pointer back
/// to the stream in its state, so the stream must not move.
enum InflateStream {
    /// A stream started by `start` (`czlib_inflate_init_gzip` or `czlib_inflate_init_raw`), or
    /// zlib's status when it cannot start (out of memory).
    static func make(_ start: (z_streamp) -> Int32) -> Result<UnsafeMutablePointer<z_stream>, InitFailure> {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = start(stream)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return .failure(InitFailure(status: status))
        }
        return .success(stream)
    }

    /// Ends a stream `make` started and frees it.
    static func free(_ stream: UnsafeMutablePointer<z_stream>) {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// zlib's status when a stream cannot start.
    struct InitFailure: Error {
        var status: Int32
    }
}
