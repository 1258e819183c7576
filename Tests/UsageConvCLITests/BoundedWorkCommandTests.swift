import Foundation
import Testing
import UsageConvTestSupport

/// Every command on an input under 1 MB stays small: the reported case (a 14 KB Baishan dump with
/// one point in the year 7437, `--resample 1h --fill zero --to json`, which ran 100 s and reached
/// 15 GB) fails fast with the point named, measured by the child's own peak RSS.
struct BoundedWorkCommandTests {
    /// What a finished child did: exit status, output, and its peak resident memory.
    struct Measured {
        var status: Int32
        var stdout: String
        var stderr: String
        var peakKiB: Int
    }

    /// Runs the built binary with `posix_spawn` and reaps it with `wait4`, whose `rusage` holds the
    /// child's own `ru_maxrss` (Foundation's `Process` reaps its children itself).
    static func measure(_ arguments: [String], in folder: URL) throws -> Measured {
        let out = folder.appendingPathComponent("stdout").path
        let err = folder.appendingPathComponent("stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([CLIRunner.executable.path] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, CLIRunner.executable.path, &actions, nil, argv + [nil], environ)
        try #require(code == 0, "posix_spawn failed: \(code)")
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return Measured(
            status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "",
            peakKiB: usage.ru_maxrss
        )
    }

    /// The first 540 points of a real Baishan dump (~14 KB) and one point in the year 7437.
    static func dumpWithAPointIn7437(in folder: URL) throws -> String {
        let fixture = try String(
            contentsOf: TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-3days.json"),
            encoding: .utf8
        )
        let pairs = try #require(fixture.split(separator: "[[").last?.split(separator: "],[").prefix(540))
        // 7437-11-19T08:00:00Z, on the 300 s grid.
        let text = #"{"code":0,"data":[["# + pairs.joined(separator: "],[") + "],[172549728000,1]]}"
        let path = folder.appendingPathComponent("far-point.json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect((13_000..<16_000).contains(text.utf8.count), "\(text.utf8.count) bytes")
        return path
    }

    @Test func aPointInTheYear7437StopsAFillFastWithThePointNamed() throws {
        let temporary = try TemporaryFolder()
        let dump = try Self.dumpWithAPointIn7437(in: temporary.url)
        let run = try Self.measure([dump, "--resample", "1h", "--fill", "zero", "--to", "json"], in: temporary.url)
        #expect(run.status == 65, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("usageconv: \(dump): "), "\(run.stderr)")
        #expect(run.stderr.contains("the point at 7437-11-19T08:00:00Z is "), "\(run.stderr)")
        #expect(run.peakKiB < 512 * 1024, "peak RSS \(run.peakKiB) KiB")
        // Without a fill the point converts, with a located warning naming it.
        let plain = try Self.measure([dump, "--resample", "1h", "--to", "json"], in: temporary.url)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stderr.contains("warning: series all bandwidth out: the point at 7437-11-19T08:00:00Z is "), "\(plain.stderr)")
        #expect(plain.stderr.contains("at most 31 days per call"), "\(plain.stderr)")
        #expect(plain.peakKiB < 512 * 1024, "peak RSS \(plain.peakKiB) KiB")
        // --strict makes it an error.
        #expect(try Self.measure([dump, "--strict"], in: temporary.url).status == 65)
    }

    @Test func stillALegitimateYearOfZeroFillIsMade() throws {
        let temporary = try TemporaryFolder()
        // Two points a year apart at 5 minutes: 105,121 points, filled with zeros.
        let path = temporary.file("year.json").path
        try Data(#"{"code":0,"data":[[1483228800,5],[1514764800,7]]}"#.utf8).write(to: URL(fileURLWithPath: path))
        let run = try Self.measure([path, "--step", "300", "--fill", "zero", "--to", "csv"], in: temporary.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 105_121 + 1)
        #expect(run.peakKiB < 512 * 1024, "peak RSS \(run.peakKiB) KiB")
    }
}
