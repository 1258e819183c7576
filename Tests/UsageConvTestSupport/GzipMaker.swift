import Foundation

/// gzip bytes made by Python's `gzip` module (an independent implementation, `mtime=0` so the
/// bytes are deterministic), for tests of gzip-compressed input.
package enum GzipMaker {
    /// Whether python3 with its `gzip` module is on this machine; the tests that need it skip otherwise.
    package static let available = PythonProbe.succeeds("import gzip")

    /// One gzip member holding `bytes`.
    package static func gzip(_ bytes: [UInt8], level: Int = 9) throws -> [UInt8] {
        try python(
            "import gzip,sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), compresslevel=\(level), mtime=0))",
            stdin: bytes
        )
    }

    /// Writes a multi-member bomb to `path`: `members` copies of one member holding 16 MiB of
    /// spaces after a JSON opening, so it inflates to `members` × 16 MiB from about 16 KiB each.
    package static func writeBomb(to path: String, members: Int) throws {
        _ = try python(
            """
            import gzip,sys
            head = gzip.compress(b'{"code":0,"data":[' + b' ' * (16 << 20), compresslevel=9, mtime=0)
            body = gzip.compress(b' ' * (16 << 20), compresslevel=9, mtime=0)
            with open(sys.argv[1], 'wb') as f:
                f.write(head)
                for _ in range(\(members) - 1): f.write(body)
            """,
            arguments: [path]
        )
    }

    /// Runs `python3 -c code arguments` with `stdin`, returning its standard output.
    private static func python(_ code: String, arguments: [String] = [], stdin: [UInt8] = []) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Write on another thread: a large input would otherwise fill the pipe while python's output fills ours.
        let writer = input.fileHandleForWriting
        let data = Data(stdin)
        DispatchQueue.global().async {
            try? writer.write(contentsOf: data)
            try? writer.close()
        }
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GzipMakerError.pythonFailed(process.terminationStatus) }
        return [UInt8](result)
    }
}

/// python3 failed while making test data.
package enum GzipMakerError: Error {
    /// The exit status.
    case pythonFailed(Int32)
}
