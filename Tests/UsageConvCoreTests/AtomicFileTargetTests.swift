import Foundation
import Glibc
import Testing
import UsageConvCore

/// `-o` targets that are not regular files are written, never replaced (the acceptance audit found
/// `-o /dev/stdout` and `-o /dev/full` turned into regular files when run as root).
@Suite struct AtomicFileTargetTests {
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aSymbolicLinkStaysAndItsFileIsReplaced() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: dir + "/target.csv"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.csv", withDestinationPath: "target.csv")
        let file = try AtomicFile(path: dir + "/link.csv")
        try file.sink.write(Array("new\n".utf8)[...])
        try file.commit()
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.csv")
        #expect(link == "target.csv")
        #expect(try String(contentsOfFile: dir + "/target.csv", encoding: .utf8) == "new\n")
        // No temp file is left beside either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link.csv", "target.csv"])
    }

    @Test func aPipeIsWrittenIntoNotReplaced() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/out.csv"
        #expect(mkfifo(fifo, 0o644) == 0)
        // A reader first, so opening the write end does not block.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let file = try AtomicFile(path: fifo)
        try file.sink.write(Array("a,b\n".utf8)[...])
        try file.commit()
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(reader, &buffer, buffer.count)
        #expect(Array(buffer.prefix(max(0, count))) == Array("a,b\n".utf8))
        var info = stat()
        #expect(lstat(fifo, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFIFO)
    }
}
