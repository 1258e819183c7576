import Foundation
import Testing
import UsageConvTestSupport

/// Issue 13's memory bound, measured on the executable (its own process, so no other test's
/// allocations count): a generated 50 MB Baishan dump (2.2 million points) converted to CSV under
/// `--memory-limit 16M` peaks far below what the same points take in columns, which `--to json`
/// (a format that holds every series whole) shows on the same dump.
///
/// `/usr/bin/time` (Debian `time`) reads the child's peak resident set. Memory, not time, is
/// checked; 50 MB keeps the two debug-build runs near 20 s of CPU.
@Suite(.serialized)
struct ConstantMemoryTests {
    static let time = URL(fileURLWithPath: "/usr/bin/time")

    /// The peak resident set of `usageconv arguments`, in MiB, and its result.
    static func peak(_ arguments: [String]) throws -> (mebibytes: Int, result: CLIResult) {
        let result = try TestTools.run(time, ["-f", "peak-kb=%M", CLIRunner.executable.path] + arguments)
        let line = try #require(result.stderr.split(separator: "\n").last { $0.hasPrefix("peak-kb=") })
        let kilobytes = try #require(Int(line.dropFirst("peak-kb=".count)))
        return (kilobytes >> 10, result)
    }

    @Test(.enabled(if: TestTools.shouldRun(FileManager.default.isExecutableFile(atPath: "/usr/bin/time"))))
    func aLargeDumpConvertsInBoundedMemory() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.time.path), "install Debian's time package")
        let folder = try TemporaryFolder()
        let dump = folder.file("big.json").path
        let points = try GeneratedDumps.writeBaishan(to: dump, bytes: 50_000_000)
        let csv = folder.file("out.csv").path
        let streamed = try Self.peak([dump, "--to", "csv", "--memory-limit", "16M", "-o", csv])
        #expect(streamed.result.status == 0, "\(streamed.result.stderr)")
        // Every point is there, once (a header, then a row per point).
        let rows = try Data(contentsOf: URL(fileURLWithPath: csv)).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        #expect(rows == points + 1)
        let whole = try Self.peak([dump, "--to", "json", "-o", folder.file("out.json").path])
        #expect(whole.result.status == 0, "\(whole.result.stderr)")
        #expect(streamed.mebibytes < 48, "CSV peaked at \(streamed.mebibytes) MiB (JSON: \(whole.mebibytes) MiB)")
        #expect(whole.mebibytes > streamed.mebibytes + 30, "CSV \(streamed.mebibytes) MiB, JSON \(whole.mebibytes) MiB")
        // Nothing is left next to the output but the outputs: the spill file had no name.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        #expect(left == ["big.json", "out.csv", "out.json"])
    }
}
