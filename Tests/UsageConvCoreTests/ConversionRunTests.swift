import Foundation
import Glibc
import Synchronization
import Testing
import UsageConvCore

/// `Conversion.run`, the whole pipeline in process: the output created before decoding, atomic
/// commits, mirror folders, SQLite loads, `--report` JSON and the exit class of a run.
@Suite struct ConversionRunTests {
    /// A fresh temporary folder.
    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `dir/name` and returns the path.
    private func write(_ text: String, to name: String, in dir: String) throws -> String {
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A Baishan bandwidth dump of two five-minute points starting at `start`.
    private func baishan(_ start: Int64 = 1_503_244_800, _ a: Int = 10, _ b: Int = 20) -> String {
        #"{"code":0,"data":[[\#(start),\#(a)],[\#(start + 300),\#(b)]]}"#
    }

    private static let badJSON = #"{"code":0,"data":[[1503244800,"#

    /// Runs `conversion`, collecting its events as lines (as the command line prints them,
    /// without the `usageconv: ` prefix) and how many inputs reported progress.
    private func run(
        _ conversion: Conversion,
        to output: Conversion.Output,
        as format: OutputFormat = .csv
    ) -> (status: Int32, lines: [String], decoded: Int) {
        var lines: [String] = []
        let finished = Mutex(0)
        let status = conversion.run(to: output, as: format, progress: { _, _ in finished.withLock { $0 += 1 } }) { event in
            switch event {
            case .diagnostic(let diagnostic): lines.append("\(diagnostic)")
            case .unreadable(_, let diagnostic): lines.append("unreadable: \(diagnostic)")
            case .note(let note): lines.append(note)
            case .decodingFinished: lines.append("--decoded--")
            }
        }
        return (status, lines, finished.withLock { $0 })
    }

    private func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func aFileIsWrittenWholeWithTheSeriesOfEveryInput() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try write(baishan(), to: "a.json", in: dir)
        let b = try write(baishan(1_503_245_400, 30, 40), to: "b.json", in: dir)
        let result = run(Conversion(inputs: BatchInput.expand([a, b])), to: .file(dir + "/out.csv"))
        #expect(result.status == 0)
        #expect(result.lines == ["--decoded--"])
        #expect(
            try contents(dir + "/out.csv") == """
                time,source,resource,metric,direction,unit,step,value,quality
                2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,10,measured
                2017-08-20T16:05:00Z,baishan,all,bandwidth,out,bit/s,300,20,measured
                2017-08-20T16:10:00Z,baishan,all,bandwidth,out,bit/s,300,30,measured
                2017-08-20T16:15:00Z,baishan,all,bandwidth,out,bit/s,300,40,measured

                """
        )
    }

    @Test func aFailedInputLeavesNoFileAndAnExistingOneAsItWas() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = try write(Self.badJSON, to: "bad.json", in: dir)
        let result = run(Conversion(inputs: BatchInput.expand([bad])), to: .file(dir + "/out.csv"))
        #expect(result.status == 65)
        #expect(result.lines.count == 2 && result.lines[1].hasPrefix(bad + ":"), "\(result.lines)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["bad.json"])

        _ = try write("old\n", to: "kept.csv", in: dir)
        let again = run(Conversion(inputs: BatchInput.expand([bad])), to: .file(dir + "/kept.csv"))
        #expect(again.status == 65)
        #expect(try contents(dir + "/kept.csv") == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["bad.json", "kept.csv"])
    }

    @Test func strictTurnsAWarningIntoAFailureAndWritesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A null sample is a warning; --strict makes it an error.
        let dump = try write(#"{"code":0,"data":[[1503244800,1],[1503245100,null]]}"#, to: "nulls.json", in: dir)
        let lenient = run(Conversion(inputs: BatchInput.expand([dump])), to: .file(dir + "/out.csv"))
        #expect(lenient.status == 0)
        #expect(lenient.lines.contains { $0.contains("warning: ") }, "\(lenient.lines)")
        try FileManager.default.removeItem(atPath: dir + "/out.csv")
        let strict = run(Conversion(inputs: BatchInput.expand([dump]), strict: true), to: .file(dir + "/out.csv"))
        #expect(strict.status == 65)
        #expect(strict.lines.count >= 2 && strict.lines.dropFirst().allSatisfy { !$0.contains("warning: ") }, "\(strict.lines)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))
    }

    @Test func anUnwritableTargetFailsWith73BeforeAnythingIsDecoded() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = try write(baishan(), to: "a.json", in: dir)
        let result = run(Conversion(inputs: BatchInput.expand([dump])), to: .file(dir + "/no/such/folder/out.csv"))
        #expect(result.status == 73)
        #expect(result.decoded == 0)
        #expect(result.lines.count == 1 && !result.lines.contains("--decoded--"), "\(result.lines)")
    }

    @Test func anOutputThatIsAnInputIsRefusedWith64() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = try write(baishan(), to: "a.json", in: dir)
        let result = run(Conversion(inputs: BatchInput.expand([dump])), to: .file(dump))
        #expect(result.status == 64)
        #expect(result.lines == ["\(dump): the output would overwrite the input \(dump)"])
        #expect(try contents(dump) == baishan())
    }

    @Test func aMissingInputStopsARefusingRunBeforeAnythingIsCreated() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = try write(baishan(), to: "a.json", in: dir)
        var conversion = Conversion(inputs: BatchInput.expand([dump]) + [BatchInput(path: dir + "/gone.json", relative: "gone.json")])
        conversion.refusesUnreadable = true
        let result = run(conversion, to: .file(dir + "/out.csv"))
        #expect(result.status == 66)
        #expect(result.lines.count == 2 && result.lines[0].hasPrefix("unreadable: \(dir)/gone.json:"), "\(result.lines)")
        #expect(result.lines.last == "1 of 2 inputs cannot be read: nothing converted, nothing written")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.csv"))
    }

    @Test func aBatchWritesTheGoodInputsAndExits65WhereASingleRunNamesTheWorstFailure() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try write(baishan(), to: "good.json", in: dir)
        let inputs = BatchInput.expand([good]) + [BatchInput(path: dir + "/gone.json", relative: "gone.json")]
        let single = run(Conversion(inputs: inputs), to: .file(dir + "/single.csv"))
        #expect(single.status == 66)
        var batch = Conversion(inputs: inputs)
        batch.batch = true
        let result = run(batch, to: .file(dir + "/batch.csv"))
        #expect(result.status == 65)
        #expect(result.lines.last?.hasPrefix("converted 1, failed 1, warnings 0, skipped 0") == true, "\(result.lines)")
        #expect(try contents(dir + "/batch.csv").split(separator: "\n").count == 3)
    }

    @Test func theReportNamesEveryInputAndIsWrittenAtomically() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try write(baishan(), to: "good.json", in: dir)
        let bad = try write(Self.badJSON, to: "bad.json", in: dir)
        var conversion = Conversion(inputs: BatchInput.expand([good, bad]))
        conversion.reportPath = dir + "/report.json"
        let result = run(conversion, to: .file(dir + "/out.csv"))
        #expect(result.status == 65)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/report.json"))) as? [String: Any]
        #expect(report?["format"] as? String == "usageconv-batch/1")
        let entries = report?["inputs"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["input"] as? String } == [good, bad])
        #expect(entries.map { $0["status"] as? String } == ["converted", "failed"])
        #expect(entries.first?["points"] as? Int == 2)
        #expect(result.lines.last == (report?["summary"] as? String))
    }

    @Test func aMirrorWritesOneFilePerInputAndSaysWhatItDid() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/in/sub", withIntermediateDirectories: true)
        _ = try write(baishan(), to: "in/a.json", in: dir)
        _ = try write(baishan(1_503_245_400), to: "in/sub/b.json", in: dir)
        _ = try write(Self.badJSON, to: "in/sub/bad.json", in: dir)
        let result = run(Conversion(inputs: BatchInput.expand([dir + "/in"])), to: .mirror(folder: dir + "/out/"), as: .ndjson)
        #expect(result.status == 65)
        #expect(result.decoded == 3)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/a.ndjson"))
        #expect(FileManager.default.fileExists(atPath: dir + "/out/sub/b.ndjson"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/sub/bad.ndjson"))
        #expect(result.lines.first == "--decoded--")
        #expect(result.lines.contains { $0.hasPrefix(dir + "/in/sub/bad.json:") })
        #expect(result.lines.last?.hasPrefix("converted 2, failed 1") == true, "\(result.lines)")
        #expect(try contents(dir + "/out/a.ndjson").split(separator: "\n").count == 2)
    }

    @Test func aDatabaseIsLoadedInOneTransactionAndAgainWithoutDuplicates() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = try write(baishan(), to: "a.json", in: dir)
        let database = dir + "/usage.db"
        let first = run(Conversion(inputs: BatchInput.expand([dump])), to: .file(database), as: .sqlite)
        #expect(first.status == 0)
        #expect(first.lines.last == "\(database): 2 points added, 0 replaced, 0 already there, 0 kept as the database had them")
        let again = run(Conversion(inputs: BatchInput.expand([dump])), to: .file(database), as: .sqlite)
        #expect(again.lines.last == "\(database): 0 points added, 0 replaced, 2 already there, 0 kept as the database had them")
        // A failed input: the database is left as it was, nothing is committed.
        let bad = try write(Self.badJSON, to: "bad.json", in: dir)
        let failed = run(Conversion(inputs: BatchInput.expand([bad])), to: .file(database), as: .sqlite)
        #expect(failed.status == 65)
        #expect(!failed.lines.contains { $0.contains("points added") })
    }

    @Test func aRenderingGoesThroughTheSamePipelineWithItsOwnWarnings() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Three points with one missing between: coverage 3 of 4.
        let dump = try write(#"{"code":0,"data":[[1503244800,1],[1503245100,2],[1503245700,4]]}"#, to: "a.json", in: dir)
        let content = Conversion.Content.statistics(window: (nil, nil), p95Of: nil, format: .json)
        var lines: [String] = []
        let status = Conversion(inputs: BatchInput.expand([dump])).run(to: .file(dir + "/stats.json"), writing: content) { event in
            if case .diagnostic(let diagnostic) = event { lines.append("\(diagnostic)") }
        }
        #expect(status == 0)
        #expect(lines.count == 1 && lines[0].contains("coverage 75%"), "\(lines)")
        #expect(try contents(dir + "/stats.json").contains("coverage 75%"))
        let refused = Conversion(inputs: BatchInput.expand([dump])).run(to: .mirror(folder: dir + "/charts/"), writing: content) { _ in }
        #expect(refused == 64)
    }

    @Test func anOutputIsNamedAsMinusOReadsIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func describe(_ output: Conversion.Output) -> String {
            switch output {
            case .standardOutput: "stdout"
            case .file(let path): "file \(path)"
            case .mirror(let folder, let skip): "mirror \(folder) \(skip)"
            case .dataset(let folder, _, _, _): "dataset \(folder)"
            }
        }
        #expect(describe(.named(nil)) == "stdout")
        #expect(describe(.named("-")) == "stdout")
        #expect(describe(.named("out.csv")) == "file out.csv")
        #expect(describe(.named("out/", skipExisting: true)) == "mirror out/ true")
        #expect(describe(.named(dir)) == "mirror \(dir) false")
        #expect(describe(.single(dir)) == "file \(dir)")
    }

    @Test func convertingBytesAlreadyReadGivesWhatARunWrites() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Unsorted, with a far point: the warnings come back, the rows are the run's.
        let text = #"{"code":0,"data":[[1503245100,2],[1503244800,1]]}"#
        let dump = try write(text, to: "a.json", in: dir)
        #expect(run(Conversion(inputs: BatchInput.expand([dump])), to: .file(dir + "/run.csv")).status == 0)
        let sink = MemorySink()
        let warnings = try Conversion(inputs: []).convert(MemoryByteSource(Array(text.utf8)), to: sink, as: .csv)
        #expect(sink.text == (try contents(dir + "/run.csv")))
        #expect(!warnings.isEmpty && warnings.allSatisfy { $0.location?.file == nil }, "\(warnings)")
        // With strict, the first warning is the error; a bad dump throws its own, unlocated.
        #expect(throws: Diagnostic.self) {
            try Conversion(inputs: [], strict: true).convert(MemoryByteSource(Array(text.utf8)), to: MemorySink())
        }
        do {
            _ = try Conversion(inputs: []).convert(MemoryByteSource(Array(Self.badJSON.utf8)), to: MemorySink())
            Issue.record("a truncated dump converted")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.location?.file == nil && diagnostic.exitCode == 65, "\(diagnostic)")
        }
    }

    @Test func encodingADumpWritesItWholeOrNotAtAll() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dump = try write(baishan(), to: "a.json", in: dir)
        #expect(run(Conversion(inputs: BatchInput.expand([dump])), to: .file(dir + "/series.csv")).status == 0)
        var lines: [String] = []
        let status = DumpEncoding.run(readingFrom: dir + "/series.csv", as: .baishan, to: dir + "/back.json") { event in
            if case .note(let note) = event { lines.append(note) }
        }
        #expect(status == 0)
        // The dump decodes back to the same rows.
        #expect(run(Conversion(inputs: BatchInput.expand([dir + "/back.json"])), to: .file(dir + "/again.csv")).status == 0)
        #expect(try contents(dir + "/again.csv") == (try contents(dir + "/series.csv")))

        _ = try write("time,value\nnot a time,1\n", to: "broken.csv", in: dir)
        var errors: [Diagnostic] = []
        let failed = DumpEncoding.run(readingFrom: dir + "/broken.csv", as: .baishan, to: dir + "/broken.json") { event in
            if case .diagnostic(let diagnostic) = event { errors.append(diagnostic) }
        }
        #expect(failed == 65)
        #expect(errors.count == 1 && errors[0].location?.file == dir + "/broken.csv", "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/broken.json"))
        let overwrite = DumpEncoding.run(readingFrom: dir + "/series.csv", as: .baishan, to: dir + "/series.csv") { _ in }
        #expect(overwrite == 64)
    }

    @Test func aMirroredInputFailsAloneUnderStrict() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        _ = try write(baishan(), to: "in/clean.json", in: dir)
        _ = try write(#"{"code":0,"data":[[1503244800,1],[1503245100,null]]}"#, to: "in/nulls.json", in: dir)
        let result = run(Conversion(inputs: BatchInput.expand([dir + "/in"]), strict: true), to: .mirror(folder: dir + "/out/"))
        #expect(result.status == 65)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/clean.csv"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/nulls.csv"))
        #expect(result.lines.contains { $0.hasPrefix(dir + "/in/nulls.json:") && !$0.contains("warning: ") }, "\(result.lines)")
    }

    @Test func aListFileNamesItsInputsLiterally() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try write(baishan(), to: "a.json", in: dir)
        // A name holding a glob character is a file name in a list, not a pattern.
        let b = try write(baishan(1_503_245_400), to: "b[1].json", in: dir)
        let list = try write("\(a)\n\(b)\r\n\n", to: "list.txt", in: dir)
        let listed = try BatchInput.expandList(at: list, nulSeparated: false)
        #expect(listed.inputs.map(\.path) == [a, b])
        #expect(listed.skipped.isEmpty)
        let nul = try write("\(a)\u{0}\(b)\u{0}", to: "list0", in: dir)
        #expect(try BatchInput.expandList(at: nul, nulSeparated: true).inputs.map(\.path) == [a, b])
        do {
            _ = try BatchInput.expandList(at: dir + "/missing.txt", nulSeparated: false)
            Issue.record("a missing list was read")
        } catch {
            #expect(error.location?.file == dir + "/missing.txt" && error.exitCode == 66, "\(error)")
        }
    }
}
