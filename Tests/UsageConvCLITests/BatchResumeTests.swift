import Foundation
import Testing
import UsageConvTestSupport

/// Batch runs that are killed, resumed, or given inputs that are missing: the output tree ends as
/// a clean run leaves it, and nothing is created for a run that cannot start.
struct BatchResumeTests {
    /// Every file below `folder`, hidden ones included (a killed run's temp files are hidden).
    static func everyFile(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The temp files of usageconv's naming below `folder`.
    static func temporaryFiles(_ folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.contains(".usageconv-") { found.append(path) }
        }
        return found
    }

    /// Starts the batch, and SIGKILLs it the moment a temp output file exists; true when the kill
    /// left one behind (the writer may rename it between the look and the kill: then try again).
    static func killMidWrite(_ arguments: [String], watching folder: URL) throws -> Bool {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = TestPaths.root
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var outputs = 0
        // Let a few outputs finish first, so the resume has something to skip.
        while process.isRunning && (outputs < 3 || temporaryFiles(folder).isEmpty) {
            usleep(500)
            outputs = (try? FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }.count) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal && !temporaryFiles(folder).isEmpty
    }

    @Test func aSIGKILLedRunResumedWithSkipExistingLeavesTheTreeOfACleanRun() throws {
        let temporary = try TemporaryFolder()
        let inputs = temporary.file("in")
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("sub"), withIntermediateDirectories: true)
        // Big enough (400 KB of XML each) that writing one output takes a while.
        let dump = try Data(contentsOf: TestPaths.root.appendingPathComponent("Fixtures/onapp/user-3days.xml"))
        for index in 0..<40 {
            try dump.write(to: inputs.appendingPathComponent(String(format: index % 2 == 0 ? "d-%02d.xml" : "sub/d-%02d.xml", index)))
        }
        let clean = temporary.file("clean")
        #expect(try CLIRunner.run([inputs.path, "-o", clean.path + "/"]).status == 0)
        #expect(Self.temporaryFiles(clean).isEmpty)

        var left = false
        var resumed = temporary.file("resumed")
        for attempt in 0..<10 where !left {
            resumed = temporary.file("resumed-\(attempt)")
            try FileManager.default.createDirectory(at: resumed, withIntermediateDirectories: true)
            left = try Self.killMidWrite([inputs.path, "-o", resumed.path + "/", "--jobs", "2"], watching: resumed)
        }
        try #require(left, "no kill caught a temp file in 10 attempts")
        let stale = Self.temporaryFiles(resumed)
        // The writer's pid is in the name, so a later run knows its owner is gone.
        #expect(stale.allSatisfy { $0.range(of: #"\.usageconv-[0-9]+-[A-Za-z0-9]{6}$"#, options: .regularExpression) != nil }, "\(stale)")

        let again = try CLIRunner.run([inputs.path, "-o", resumed.path + "/", "--skip-existing"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("left by an interrupted run"), "\(again.stderr)")
        #expect(Self.temporaryFiles(resumed).isEmpty)
        let resumedTree = try Self.everyFile(resumed)
        let cleanTree = try Self.everyFile(clean)
        #expect(resumedTree.keys.sorted() == cleanTree.keys.sorted())
        #expect(resumedTree == cleanTree)
    }

    @Test func aTempFileOfALiveWriterIsLeftAlone() throws {
        let temporary = try TemporaryFolder()
        let out = temporary.file("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // This test process is alive: its "temp file" may be being written right now.
        let live = out.appendingPathComponent(".other.csv.usageconv-\(getpid())-AbC123")
        try Data("partial".utf8).write(to: live)
        // Names that only look similar are the user's files.
        let lookalikes = [".notes.usageconv-backup", "x.usageconv-1-AbC123", ".y.csv.usageconv-12-short"]
        for name in lookalikes { try Data("mine".utf8).write(to: out.appendingPathComponent(name)) }
        let result = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "-o", out.path + "/"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: live.path))
        for name in lookalikes { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)") }
        #expect(!result.stderr.contains("interrupted run"))
    }

    @Test func aMissingInputAmongSeveralIsExit66AndCreatesNothing() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.file("archive")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-3days.json"),
            to: folder.appendingPathComponent("a.json")
        )
        let missing = temporary.file("gone.json").path
        let out = temporary.file("out")
        let mirrored = try CLIRunner.run([folder.path, missing, "-o", out.path + "/"])
        #expect(mirrored.status == 66, "\(mirrored.stderr)")
        #expect(mirrored.stderr.contains("usageconv: \(missing): cannot open: no such file or directory\n"), "\(mirrored.stderr)")
        #expect(mirrored.stderr.contains("1 of 2 inputs cannot be read: nothing converted"), "\(mirrored.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "the -o folder was created")

        // The same from a --files-from list, into a merged file: no file, no temp file.
        let list = temporary.file("list.txt")
        try Data("\(folder.appendingPathComponent("a.json").path)\n\(missing)\n".utf8).write(to: list)
        let merged = temporary.file("merged")
        try FileManager.default.createDirectory(at: merged, withIntermediateDirectories: true)
        let listed = try CLIRunner.run(["--files-from", list.path, "--merge", merged.appendingPathComponent("all.csv").path])
        #expect(listed.status == 66, "\(listed.stderr)")
        #expect(listed.stderr.contains(missing), "\(listed.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: merged.path).isEmpty)

        // To standard output: nothing printed.
        let printed = try CLIRunner.run([folder.appendingPathComponent("a.json").path, missing])
        #expect(printed.status == 66, "\(printed.stderr)")
        #expect(printed.stdout.isEmpty)
    }

    @Test func onOverlapErrorNamesBothDumpsTheSeriesAndTheTime() throws {
        let temporary = try TemporaryFolder()
        let early = temporary.file("early.json")
        let late = temporary.file("late.json")
        try Data(#"{"code":0,"data":[[1503244800,100],[1503245100,200],[1503245400,300]]}"#.utf8).write(to: early)
        try Data(#"{"code":0,"data":[[1503245100,200],[1503245400,350],[1503245700,400]]}"#.utf8).write(to: late)
        let result = try CLIRunner.run([late.path, early.path, "--on-overlap", "error"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        // The earlier-fetched dump first (merge order), the later one where the conflict is located.
        #expect(
            result.stderr == "usageconv: \(late.path): 1:18: series baishan,all,bandwidth,out,bit/s,300 has two different "
                + "values at 2017-08-20T16:10:00Z: 300 in \(early.path): 1:18 and 350 in \(late.path): 1:18 "
                + "(--on-overlap error; last, first or max picks one)\n",
            "\(result.stderr)"
        )
    }
}
