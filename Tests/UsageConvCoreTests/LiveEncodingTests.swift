import Dispatch
import Foundation
import Glibc
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// A single-series dump into a file is encoded while it is decoded (``LiveSeries``): what the run
/// writes is exactly what the pipeline that stores every point writes, whether the guess held or
/// the run took its output back and converted again.
struct LiveEncodingTests {
    /// A Baishan dump of `pairs` (value text, or `null`), written to `folder`.
    static func baishan(_ pairs: [(time: Int64, value: String)], in folder: TemporaryFolder, name: String = "dump.json") throws -> String {
        let body = pairs.map { "[\($0.time),\($0.value)]" }.joined(separator: ",")
        let path = folder.file(name).path
        try Data("{\"code\":0,\"data\":[\(body)]}".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The identity a Baishan decoder gives a plain dump's series.
    static let identity = ProviderEncodingPropertyTests.identity(.baishan, step: 300)

    /// `count` points 300 s apart from 2017-08-20, values `index.5`.
    static func regular(_ count: Int, step: Int64 = 300) -> [(time: Int64, value: String)] {
        (0..<count).map { (1_503_244_800 + Int64($0) * step, "\($0).5") }
    }

    /// How a load of `path` with a channel offered went (an encoder stand-in reads the pages).
    static func outcome(of path: String, options: DecodeOptions = DecodeOptions(), in folder: TemporaryFolder) -> LiveSeries.Outcome {
        var conversion = Conversion(inputs: BatchInput.expand([path]), options: options)
        let channel = LiveSeries()
        conversion.options.pointStore = PointStore(memoryLimit: 1 << 20, directory: folder.url.path)
        conversion.options.liveSeries = channel
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            channel.drain()
            drained.signal()
        }
        _ = conversion.load()
        channel.close()
        drained.wait()
        return channel.outcome
    }

    /// The run as the command line makes it (live when it can be) and the same run with every
    /// point in columns: status, output and messages.
    static func bothWays(_ conversion: Conversion, to format: OutputFormat = .csv) -> (live: LibraryRunResult, columns: LibraryRunResult) {
        var columns = conversion
        columns.storesPoints = false
        return (LibraryRun.run(conversion, to: format), LibraryRun.run(columns, to: format))
    }

    @Test func aRegularDumpGoesToTheEncoderAsItIsRead() throws {
        let folder = try TemporaryFolder()
        // Three pages and a part: the step is guessed from the first, and holds.
        let path = try Self.baishan(Self.regular(3 * LiveSeries.pagePoints + 17), in: folder)
        let outcome = Self.outcome(of: path, in: folder)
        #expect(outcome.claimed && outcome.ended && !outcome.abandoned)
        #expect(outcome.identity?.step == 300)
        let runs = Self.bothWays(Conversion(inputs: BatchInput.expand([path])))
        #expect(runs.live.status == 0)
        #expect(runs.live.output == runs.columns.output)
        #expect(runs.live.lines == runs.columns.lines)
    }

    /// Each dump breaks one thing the encoder assumed while the points came: the channel is
    /// abandoned, and the run's output is still the stored pipeline's.
    @Test(arguments: ["out of order", "duplicate", "null", "off the grid"])
    func whatTheGuessCannotHoldAbandonsTheChannel(_ defect: String) throws {
        let folder = try TemporaryFolder()
        var pairs = Self.regular(LiveSeries.pagePoints + 100)
        let late = LiveSeries.pagePoints + 50
        switch defect {
        case "out of order": pairs.swapAt(late, late + 1)
        case "duplicate": pairs.insert((pairs[late].time, "7"), at: late + 1)
        case "null": pairs[late].value = "null"
        default: pairs[late].time += 100
        }
        let path = try Self.baishan(pairs, in: folder)
        let outcome = Self.outcome(of: path, in: folder)
        #expect(outcome.claimed && outcome.abandoned, "\(defect)")
        for duplicates in [DuplicatePolicy.last, .error] {
            var options = DecodeOptions()
            options.duplicates = duplicates
            let runs = Self.bothWays(Conversion(inputs: BatchInput.expand([path]), options: options))
            #expect(runs.live.status == runs.columns.status, "\(defect) \(duplicates)")
            #expect(runs.live.output == runs.columns.output, "\(defect) \(duplicates)")
            #expect(runs.live.lines == runs.columns.lines, "\(defect) \(duplicates)")
        }
    }

    /// A first page whose spacing is not the series' (hourly points, then five-minute ones) is
    /// noticed by the time decoding ends: the run converts again, and every row has the step
    /// the whole series gives.
    @Test func aStepTheFirstPageGuessedWrongIsConvertedAgain() throws {
        let folder = try TemporaryFolder()
        let hourly = Self.regular(LiveSeries.pagePoints + 10, step: 3600)
        let end = try #require(hourly.last).time
        let fine = (1...3000).map { (end + Int64($0) * 300, "\($0)") }
        let path = try Self.baishan(hourly + fine, in: folder)
        let outcome = Self.outcome(of: path, in: folder)
        #expect(outcome.claimed && outcome.identity?.step == 3600)
        #expect(outcome.abandoned || !outcome.ended)
        let runs = Self.bothWays(Conversion(inputs: BatchInput.expand([path])))
        #expect(runs.live.status == 0)
        #expect(runs.live.output == runs.columns.output)
        #expect(runs.live.lines == runs.columns.lines)
        #expect(runs.live.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",300,") })
    }

    /// End labels (the shift needs the final step), `--step`, and several series: the first is
    /// not put live, the second is given its step, the third cannot be one series.
    @Test func whatIsNotOneSeriesInOrderIsNotStreamed() throws {
        _ = LibraryRun.inRoot
        let folder = try TemporaryFolder()
        let path = try Self.baishan(Self.regular(500), in: folder)
        var ending = DecodeOptions()
        ending.label = .end
        #expect(!Self.outcome(of: path, options: ending, in: folder).claimed)
        var stepped = DecodeOptions()
        stepped.step = 600
        #expect(Self.outcome(of: path, options: stepped, in: folder).identity?.step == 600)
        let outcome = Self.outcome(of: "Fixtures/baishan/each-domain.json", in: folder)
        #expect(!outcome.claimed)
    }

    /// Random dumps (any order, duplicates, nulls, gaps, sizes across pages), into every format
    /// that streams this way: the same bytes, messages and exit code as the stored pipeline.
    @Test func anyDumpConvertsAsTheStoredPipelineConvertsIt() async throws {
        let folder = try TemporaryFolder()
        await propertyCheck(
            count: 25,
            input: Gen.int(in: 0...(LiveSeries.pagePoints + 300)),
            Gen.int(in: 0...5),
            Gen.int64(in: 0...10_000)
        ) { count, defect, seed in
            var pairs = Self.regular(count)
            if count > 2 {
                let at = Int(seed) % (count - 1)
                switch defect {
                case 1: pairs.swapAt(at, at + 1)
                case 2: pairs.insert((pairs[at].time, "\(seed)"), at: at + 1)
                case 3: pairs[at].value = "null"
                case 4: pairs.remove(at: at)
                case 5: pairs[at].time += 60
                default: break
                }
            }
            guard let path = try? Self.baishan(pairs, in: folder, name: "random.json") else {
                Issue.record("cannot write the dump")
                return
            }
            for format in [OutputFormat.csv, .tsv, .ndjson] {
                let runs = Self.bothWays(Conversion(inputs: BatchInput.expand([path])), to: format)
                #expect(runs.live.status == runs.columns.status, "\(count) \(defect) \(seed) \(format)")
                #expect(runs.live.output == runs.columns.output, "\(count) \(defect) \(seed) \(format)")
                #expect(runs.live.lines == runs.columns.lines, "\(count) \(defect) \(seed) \(format)")
            }
        }
    }

    /// A dump that turns out bad after pages were written leaves no output file.
    @Test func aDumpThatFailsLateLeavesNoOutput() throws {
        let folder = try TemporaryFolder()
        let path = try Self.baishan(Self.regular(3 * LiveSeries.pagePoints), in: folder)
        let text = try Data(contentsOf: URL(fileURLWithPath: path))
        try text.dropLast(3).write(to: URL(fileURLWithPath: path))
        let output = folder.file("out.csv").path
        var events: [Conversion.Event] = []
        let status = Conversion(inputs: BatchInput.expand([path])).run(to: .file(output), as: .csv) { events.append($0) }
        #expect(status == 65)
        #expect(!FileManager.default.fileExists(atPath: output))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(left == ["dump.json"])
    }

    /// Loads `path` as a run into a new file does, with the encoder writing while it decodes:
    /// the verdict, and the file's bytes once the run settled it (the encoder's finished when
    /// they are kept).
    static func settle(
        _ path: String,
        options: DecodeOptions = DecodeOptions(),
        in folder: TemporaryFolder
    ) throws -> (
        verdict: LiveEncoding.Verdict, output: [UInt8]
    ) {
        let output = folder.file("settled.csv").path
        let fd = open(output, O_RDWR | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let mark = try #require(OutputMark.start(of: fd))
        let attempt = LiveEncoding(
            format: .csv,
            options: EncodeOptions(),
            target: FileDescriptorSink(descriptor: fd, name: output),
            mark: mark
        )
        var conversion = Conversion(inputs: BatchInput.expand([path]), options: options)
        conversion.options.pointStore = PointStore(memoryLimit: 1 << 20, directory: folder.url.path)
        conversion.options.liveSeries = attempt.channel
        let result = conversion.loadEncoding(with: attempt, outputName: output, progress: nil)
        #expect(result.rewindFailure == nil)
        if result.verdict == .streamed { try attempt.sink.finish() }
        return (result.verdict, Array(try Data(contentsOf: URL(fileURLWithPath: output))))
    }

    /// The verdicts a run reaches: the regular dump's rows are written while it decodes and
    /// kept; a guess that failed and a dump that failed are taken back to an empty file.
    @Test func eachVerdictLeavesTheOutputItShould() throws {
        let folder = try TemporaryFolder()
        let regular = Self.regular(2 * LiveSeries.pagePoints + 5)
        let path = try Self.baishan(regular, in: folder)
        let kept = try Self.settle(path, in: folder)
        #expect(kept.verdict == .streamed)
        #expect(kept.output == Self.bothWays(Conversion(inputs: BatchInput.expand([path]))).columns.output)

        var unordered = regular
        unordered.swapAt(LiveSeries.pagePoints + 7, LiveSeries.pagePoints + 8)
        let redone = try Self.settle(try Self.baishan(unordered, in: folder, name: "unordered.json"), in: folder)
        #expect(redone.verdict == .redo)
        #expect(redone.output.isEmpty)

        let truncated = folder.file("truncated.json").path
        try Data(try Data(contentsOf: URL(fileURLWithPath: path)).dropLast(2)).write(to: URL(fileURLWithPath: truncated))
        let failed = try Self.settle(truncated, in: folder)
        #expect(failed.verdict == .failed)
        #expect(failed.output.isEmpty)

        var ending = DecodeOptions()
        ending.label = .end
        #expect(try Self.settle(path, options: ending, in: folder).verdict == .notStreamed)
    }

    /// A series whose final identity is not the one the pages were encoded with (a step the
    /// first page guessed wrong) is converted again; the same identity is kept.
    @Test func theVerdictComparesTheIdentityThePagesWereWrittenWith() {
        let channel = LiveSeries()
        let guessed = Self.identity
        var final = guessed
        final.step = 60
        let outcome = LiveSeries.Outcome(claimed: true, ended: true, identity: guessed)
        func loaded(_ identity: SeriesIdentity) -> Conversion.Loaded {
            var series = Series(identity: identity)
            series.stored = LivePoints(channel: channel, isEncoders: false, count: 1, firstTime: 0, lastTime: 0, widestGap: nil)
            var loaded = Conversion.Loaded()
            loaded.series = [series]
            return loaded
        }
        #expect(LiveEncoding.verdict(outcome, channel: channel, loaded: loaded(guessed)) == .streamed)
        #expect(LiveEncoding.verdict(outcome, channel: channel, loaded: loaded(final)) == .redo)
        #expect(LiveEncoding.verdict(outcome, channel: LiveSeries(), loaded: loaded(guessed)) == .redo)
        var read = outcome
        read.abandoned = true
        #expect(LiveEncoding.verdict(read, channel: channel, loaded: loaded(guessed)) == .redo)
    }

    /// Abandoned on its tenth point, a long series' later points are dropped as they come: the
    /// page never grows past its size (they would otherwise pile up in memory).
    @Test func anAbandonedSeriesDropsItsLaterPoints() {
        let channel = LiveSeries()
        #expect(channel.claim())
        var writer = LivePageWriter(channel: channel, identity: Self.identity, stepFallback: 300)
        for index in 0..<10 { writer.append(time: Int64(index) * 300, value: Number(Int64(index))) }
        channel.abandon()
        for index in 10..<(3 * LiveSeries.pagePoints) { writer.append(time: Int64(index) * 300, value: Number(Int64(index))) }
        #expect(writer.pendingPoints < LiveSeries.pagePoints)
        channel.drain()
    }

    /// A mark cuts a regular file back to where writing started, and is refused where that could
    /// take bytes that are not the run's (a file appended to) or cannot be done (a pipe).
    @Test func anOutputMarkTakesBackWhatWasWrittenAfterIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("out.csv").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let plain = FileDescriptorSink(descriptor: fd, name: path)
        try plain.write(Array("kept\n".utf8)[...])
        let mark = try #require(OutputMark.start(of: fd))
        #expect(mark.offset == 5)
        let sink = mark.counting(plain)
        try sink.write(Array("taken back\n".utf8)[...])
        try mark.rewind(name: path)
        try sink.write(Array("again\n".utf8)[...])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept\nagain\n")

        // Bytes the run did not write (another writer on the same file) are never cut.
        try plain.write(Array("theirs\n".utf8)[...])
        #expect(throws: Diagnostic.self) { try mark.rewind(name: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept\nagain\ntheirs\n")

        // Bytes after the offset (`1<> FILE`) are not the run's either.
        #expect(lseek(fd, 0, SEEK_SET) == 0)
        #expect(OutputMark.start(of: fd) == nil)

        let appending = open(path, O_WRONLY | O_APPEND)
        try #require(appending >= 0)
        defer { close(appending) }
        #expect(OutputMark.start(of: appending) == nil)
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        #expect(OutputMark.start(of: ends[1]) == nil)
    }
}
