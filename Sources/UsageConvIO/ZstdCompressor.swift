internal import CZstd
import UsageConvDiagnostics

/// Compresses Parquet pages with zstd (Debian's libzstd): each page body becomes one zstd frame,
/// as apache/parquet-format `Compression.md` specifies for the `ZSTD` codec.
///
/// The only file that imports `CZstd`.
package enum ZstdCompressor {
    /// The level: zstd's default, a good balance of speed and size for numeric columns.
    static let level: Int32 = 3

    /// The compressed frame of `input`.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` when libzstd reports an error (it does not for valid
    ///   buffers; out of memory is the realistic case).
    package static func compress(_ input: [UInt8]) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { source in
                ZSTD_compress(out.baseAddress, bound, source.baseAddress, source.count, level)
            }
        }
        if ZSTD_isError(written) != 0 {
            let name = ZSTD_getErrorName(written).map { String(cString: $0) } ?? "unknown error"
            throw Diagnostic.error(.ioFailure, "zstd could not compress a Parquet page: \(name)", at: nil)
        }
        output.removeSubrange(written...)
        return output
    }
}
