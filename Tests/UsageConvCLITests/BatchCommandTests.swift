import Foundation
import Testing
import UsageConvTestSupport

/// Converting archives of dumps: folders, gzip, overlap, parallel determinism, resume, reports.
struct BatchCommandTests {
    /// An archive tree: two folders, a gzip dump, an overlapping pair of SwiftFederation days, and
    /// one truncated dump.
    static func archive(in folder: TemporaryFolder) throws -> URL {
        let root = folder.file("archive")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("c/old"), withIntermediateDirectories: true)
        let copies = [
            ("Fixtures/baishan/bandwidth-3days.json", "a/b/bandwidth.json"),
            ("Fixtures/baishan/bandwidth-3days.json.gz", "c/bandwidth-copy.json.gz"),
            ("Fixtures/swiftfederation/volume-day1.json", "c/day1.json"),
            ("Fixtures/swiftfederation/volume-day2-overlapping.json", "c/day2.json"),
            ("Fixtures/onapp/user-3days.xml", "a/vm-stats.xml"),
            ("Fixtures/baishan/invalid/truncated.json", "bad.json"),
            ("Fixtures/archives/mixed.zip", "c/old/mixed.zip"),
        ]
        for (source, target) in copies {
            try fm.copyItem(at: TestPaths.root.appendingPathComponent(source), to: root.appendingPathComponent(target))
        }
        return root
    }

    /// Every non-hidden file below `folder`, relative, with its bytes.
    static func tree(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(
            at: folder,
            includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles]
        )
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func aFolderIsMirroredOneOutputPerInput() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.archive(in: temporary)
        let out = temporary.file("out")
        let report = temporary.file("report.json")
        let result = try CLIRunner.run([root.path, "-o", out.path + "/", "--report", report.path])
        // The truncated dump and the zip entry named ../escape.json fail; the other eight are
        // still converted (three of them entries of the zip, one a gzip inside it).
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.json: 1:527: expected ',' or ']', found end of input"), "\(result.stderr)")
        #expect(result.stderr.contains("mixed.zip:../escape.json: entry '../escape.json' is refused"), "\(result.stderr)")
        #expect(result.stderr.contains("usageconv: converted 8, failed 2, warnings"), "\(result.stderr)")
        let files = try Self.tree(out)
        #expect(
            Set(files.keys) == [
                "a/b/bandwidth.csv", "a/vm-stats.csv", "c/bandwidth-copy.csv", "c/day1.csv", "c/day2.csv",
                "c/old/mixed.zip/cdn/bandwidth.csv", "c/old/mixed.zip/cdn/volume.csv", "c/old/mixed.zip/billing/eip.csv",
            ]
        )
        // Nothing was written outside the output folder for the hostile entry name.
        #expect(!FileManager.default.fileExists(atPath: temporary.file("escape.csv").path))
        #expect(!FileManager.default.fileExists(atPath: out.deletingLastPathComponent().appendingPathComponent("escape.csv").path))
        // Archive entries convert exactly as the files they hold.
        #expect(files["c/old/mixed.zip/cdn/volume.csv"] == files["a/b/bandwidth.csv"])
        // The gzip copy converts to exactly what the plain dump does.
        #expect(files["c/bandwidth-copy.csv"] == files["a/b/bandwidth.csv"])
        let golden = try Data(contentsOf: TestPaths.root.appendingPathComponent("Fixtures/expected/baishan/bandwidth-3days.json.csv"))
        #expect(files["a/b/bandwidth.csv"] == golden)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        #expect(json["format"] as? String == "usageconv-batch/1")
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        #expect(inputs.count == 10)
        #expect(inputs.filter { $0["status"] as? String == "failed" }.count == 2)
    }

    /// Identical overlapping points collapse silently (which dump wins when they differ is
    /// `overlappingDifferentValuesAreSettledByTheLaterFetchedDump`).
    @Test func mergedOutputCollapsesIdenticalOverlaps() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.archive(in: temporary)
        let merged = temporary.file("all.csv")
        let days = ["c/day1.json", "c/day2.json", "c/bandwidth-copy.json.gz"].map { root.appendingPathComponent($0).path }
        let result = try CLIRunner.run(days + ["--merge", merged.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: merged, encoding: .utf8)
        let rows = text.split(separator: "\n").dropFirst()
        // The two SwiftFederation days overlap: every time appears once.
        let keys = rows.map { $0.split(separator: ",").prefix(6).joined(separator: ",") }
        #expect(Set(keys).count == keys.count)
        #expect(!result.stderr.contains("duplicate timestamps"))
        let strict = try CLIRunner.run(days + ["--merge", merged.path, "--on-overlap", "error"])
        // Their overlapping values are identical, so even --on-overlap error accepts them.
        #expect(strict.status == 0, "\(strict.stderr)")
    }

    @Test func overlappingDifferentValuesAreSettledByTheLaterFetchedDump() throws {
        // Two windows of one series overlapping at 00:05 and 00:10 with different values. The later
        // dump (its last point is later) is named first and sorts first by path, so neither argument
        // order nor path order can pass for "the later dump wins"; `first` must give the other value.
        let temporary = try TemporaryFolder()
        func dump(_ points: [(String, Int)]) -> String {
            let volumes = points.map { #"{"timestamp":"2018-03-29T00:\#($0.0):00Z","value":\#($0.1)}"# }
            return #"[{"domain":"d.example.com","volumes":[\#(volumes.joined(separator: ","))]}]"#
        }
        let later = temporary.file("a-later.json")
        let earlier = temporary.file("b-earlier.json")
        try Data(dump([("05", 50), ("10", 100), ("15", 150)]).utf8).write(to: later)
        try Data(dump([("00", 1), ("05", 5), ("10", 10)]).utf8).write(to: earlier)
        func values(_ extra: [String]) throws -> [String] {
            let result = try CLIRunner.run([later.path, earlier.path, "--to", "csv"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").dropFirst().map { row in
                let cells = row.split(separator: ",", omittingEmptySubsequences: false)
                return "\(cells[0].dropFirst(14).prefix(2))=\(cells[7])"
            }
        }
        #expect(try values([]) == ["00=1", "05=50", "10=100", "15=150"])
        #expect(try values(["--on-overlap", "last"]) == ["00=1", "05=50", "10=100", "15=150"])
        #expect(try values(["--on-overlap", "first"]) == ["00=1", "05=5", "10=10", "15=150"])
        #expect(try values(["--on-overlap", "max"]) == ["00=1", "05=50", "10=100", "15=150"])
        let refused = try CLIRunner.run([later.path, earlier.path, "--on-overlap", "error"])
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
    }

    @Test func onOverlapOffersOnlyItsFourPolicies() throws {
        // Overlapping dumps repeat the same traffic: summing them would count it twice.
        let refused = try CLIRunner.run(["Fixtures/swiftfederation/volume-day1.json", "--on-overlap", "sum"])
        #expect(refused.status == 64)
        let help = try CLIRunner.run(["convert", "--help"])
        let flowed = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flowed.contains("(values: last, first, max, error; default: last)"), "\(help.stdout)")
    }

    @Test func outputIsIdenticalForEveryJobsValue() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.archive(in: temporary)
        var trees: [[String: Data]] = []
        var merged: [String] = []
        for jobs in ["1", "4"] {
            let out = temporary.file("out-\(jobs)")
            _ = try CLIRunner.run([root.path, "-o", out.path + "/", "--jobs", jobs])
            trees.append(try Self.tree(out))
            merged.append(try CLIRunner.run([root.path, "--jobs", jobs, "--to", "json"]).stdout)
        }
        #expect(trees[0] == trees[1])
        #expect(trees[0].count == 8)
        #expect(merged[0] == merged[1])
        #expect(merged[0].contains("\"format\":\"usageconv/1\""))
    }

    @Test func aKilledRunResumesToTheSameOutputs() throws {
        let temporary = try TemporaryFolder()
        let inputs = temporary.file("many")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let dump = try Data(contentsOf: TestPaths.root.appendingPathComponent("Fixtures/onapp/user-3days.xml"))
        for index in 0..<300 { try dump.write(to: inputs.appendingPathComponent(String(format: "dump-%03d.xml", index))) }
        let clean = temporary.file("clean")
        #expect(try CLIRunner.run([inputs.path, "-o", clean.path + "/", "--jobs", "2"]).status == 0)

        // Start the same batch, SIGKILL it part-way, then resume with --skip-existing.
        let resumed = temporary.file("resumed")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = [inputs.path, "-o", resumed.path + "/", "--jobs", "1"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var partial = 0
        for _ in 0..<200 where partial < 20 {
            usleep(10_000)
            partial = (try? FileManager.default.contentsOfDirectory(atPath: resumed.path).filter { !$0.hasPrefix(".") }.count) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try Self.tree(resumed).count
        // Killed part-way: some outputs exist, not all.
        #expect(before > 0 && before < 300, "\(before) outputs before the resume")
        let again = try CLIRunner.run([inputs.path, "-o", resumed.path + "/", "--skip-existing"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("skipped \(before) "), "\(again.stderr)")
        #expect(try Self.tree(resumed) == Self.tree(clean))
    }

    @Test func anOutputFolderThatCannotBeMadeIsExit73() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.archive(in: temporary)
        let blocker = temporary.file("a-file")
        try Data("x".utf8).write(to: blocker)
        // A folder below a regular file cannot exist, even for root.
        let result = try CLIRunner.run([root.path, "-o", blocker.path + "/out/"])
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("cannot create the output folder"), "\(result.stderr)")
    }

    @Test func shardsSplitTheInputsExactlyOnce() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.archive(in: temporary)
        var seen: [String] = []
        for k in 1...3 {
            let report = temporary.file("shard-\(k).json")
            _ = try CLIRunner.run([root.path, "-o", temporary.file("out-\(k)").path + "/", "--shard", "\(k)/3", "--report", report.path])
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any]
            seen += (json?["inputs"] as? [[String: Any]] ?? []).compactMap { $0["input"] as? String }
        }
        #expect(seen.count == 10)
        #expect(Set(seen).count == 10)
        #expect(try CLIRunner.run([root.path, "--shard", "4/3"]).status == 64)
    }

    @Test func filesFromReadsNulSeparatedLists() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.archive(in: temporary)
        let list = [root.appendingPathComponent("c/day1.json").path, root.appendingPathComponent("c/day2.json").path].joined(
            separator: "\0"
        )
        let result = try CLIRunner.run(["--files-from", "-", "-0"], stdin: Array(list.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("converted 2, failed 0"), "\(result.stderr)")
        #expect(result.stdout.hasPrefix("time,source,resource"))
    }

    @Test func fifosAndLinkLoopsAreSkippedWithAWarning() throws {
        let temporary = try TemporaryFolder()
        let root = try Self.archive(in: temporary)
        #expect(mkfifo(root.appendingPathComponent("pipe").path, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("a/loop").path, withDestinationPath: root.path)
        let result = try CLIRunner.run([root.path, "--merge", temporary.file("all.csv").path])
        // The FIFO would block a reader forever and the link would loop: both are passed over.
        #expect(result.stderr.contains("pipe: warning: skipped: not a regular file"), "\(result.stderr)")
        #expect(result.stderr.contains("a/loop: warning: skipped: a link to a folder, not followed"), "\(result.stderr)")
        #expect(result.stderr.contains("converted 8, failed 2"), "\(result.stderr)")
    }

    /// Runs a system command, returning its exit status (127 when it cannot start).
    static func system(_ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return 127 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Whether this machine lets the tests mount a tiny tmpfs (root in a VM or container with the right capability).
    static let canMountSmallFilesystem: Bool = {
        guard getuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("usageconv-mount-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: probe) }
        guard system(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe.path]) == 0 else { return false }
        return system(["umount", probe.path]) == 0
    }()

    @Test(.enabled(if: canMountSmallFilesystem, "needs root and permission to mount a 64 KiB tmpfs"))
    func aFullDiskIsExit74AndKeepsWhatWasWritten() throws {
        let temporary = try TemporaryFolder()
        let inputs = temporary.file("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for name in ["h1.json", "h2.json", "h3.json"] {
            try FileManager.default.copyItem(
                at: TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-hourly.json"),
                to: inputs.appendingPathComponent(name)
            )
        }
        // Sorted last, and its 170 KB of CSV cannot fit in what is left of 64 KiB.
        try FileManager.default.copyItem(
            at: TestPaths.root.appendingPathComponent("Fixtures/onapp/user-3days.xml"),
            to: inputs.appendingPathComponent("z.xml")
        )
        let disk = temporary.file("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        #expect(Self.system(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.path]) == 0)
        defer { _ = Self.system(["umount", disk.path]) }
        let result = try CLIRunner.run([inputs.path, "-o", disk.path + "/out/", "--jobs", "1"])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("z.csv: cannot write: no space left on device"), "\(result.stderr)")
        // The outputs written before the disk filled are complete; no partial or temp file is left.
        let left = try FileManager.default.contentsOfDirectory(atPath: disk.appendingPathComponent("out").path).sorted()
        #expect(left == ["h1.csv", "h2.csv", "h3.csv"])
        let golden = try Data(contentsOf: TestPaths.root.appendingPathComponent("Fixtures/expected/baishan/bandwidth-hourly.json.csv"))
        #expect(try Data(contentsOf: disk.appendingPathComponent("out/h1.csv")) == golden)
    }
}
