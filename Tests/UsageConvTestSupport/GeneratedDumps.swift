import Foundation

/// Large generated dumps, written to disk a chunk at a time (never held in memory), for the tests
/// of memory bounds.
package enum GeneratedDumps {
    /// Writes a Baishan `stat/bandwidth` dump of about `bytes` bytes to `path`: 5-minute points
    /// from 2017-07-14T02:40:00Z on, in time order, exact two-decimal values.
    ///
    /// - Returns: the number of points.
    package static func writeBaishan(to path: String, bytes: Int) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data("{\"code\":0,\"message\":\"ok\",\"data\":[".utf8))
        let pairs = 50_000
        var chunk: [UInt8] = []
        var timeAt: [Int] = []
        for index in 0..<pairs {
            chunk += Array("[".utf8)
            timeAt.append(chunk.count)
            chunk += Array("1500000000,\(10_000 + index * 37 % 90_000).\(index % 90 + 10)],".utf8)
        }
        var time = 1_500_000_000
        var written = 0
        var points = 0
        while written < bytes {
            for at in timeAt {
                var rest = time
                for digit in (0..<10).reversed() {
                    chunk[at + digit] = UInt8(48 + rest % 10)
                    rest /= 10
                }
                time += 300
            }
            if written + chunk.count >= bytes { chunk.removeLast() }
            try handle.write(contentsOf: Data(chunk))
            written += chunk.count
            points += pairs
        }
        try handle.write(contentsOf: Data("]}".utf8))
        try handle.close()
        return points
    }
}
