import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// The OpenMetrics encoder (`--to openmetrics`), on every converting fixture converted in-process,
/// read by the real Prometheus: `promtool tsdb create-blocks-from openmetrics`
/// (Debian's `prometheus` package) backfills a temporary TSDB, `promtool tsdb dump` reads every
/// sample back, and each must equal the CSV of the same conversion in the base unit.
@Suite(.enabled(if: TestTools.shouldRun(TestTools.executable("promtool") != nil)))
struct PrometheusBackfillTests {
    /// Fixtures that convert (exit 0), every provider's.
    static let inputs: [String] = FixtureGoldens.converting

    /// Backfills `openMetrics` into a fresh TSDB and dumps it; the dump, or promtool's failure.
    static func backfillAndDump(_ openMetrics: String) throws -> (status: Int32, output: String) {
        let promtool = try #require(TestTools.executable("promtool"))
        let folder = try TemporaryFolder()
        let input = folder.file("usage.om")
        try Data(openMetrics.utf8).write(to: input)
        let data = folder.file("data")
        // One large block instead of one per 2 hours: the fixtures span up to months.
        let created = try TestTools.run(
            promtool,
            ["tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=87600h", input.path, data.path]
        )
        guard created.status == 0 else { return (created.status, created.stderr + created.stdout) }
        // promtool 2.42's dump opens the head too and insists on its WAL folder.
        try FileManager.default.createDirectory(at: data.appendingPathComponent("wal"), withIntermediateDirectories: true)
        let dumped = try TestTools.run(promtool, ["tsdb", "dump", data.path])
        return dumped.status == 0 ? (0, dumped.stdout) : (dumped.status, dumped.stderr)
    }

    /// The conversion of `input` as CSV rows and as OpenMetrics text.
    static func convert(_ input: String) throws -> (rows: [TimeSeriesExpectation.Row], openMetrics: String) {
        let conversion = try FixtureGoldens.conversion(of: input)
        let csv = LibraryRun.run(conversion, to: .csv, encoding: LibraryRun.encoding(time: .epoch))
        let om = LibraryRun.run(conversion, to: .openmetrics)
        #expect(csv.status == 0 && om.status == 0, "\(csv.stderr)\(om.stderr)")
        return (try TimeSeriesExpectation.rows(csv: csv.stdout), om.stdout)
    }

    @Test(arguments: inputs)
    func everySampleReadsBackAsTheCSVSays(_ input: String) throws {
        let (rows, openMetrics) = try Self.convert(input)
        let dump = try Self.backfillAndDump(openMetrics)
        try #require(dump.status == 0, "promtool failed on \(input): \(dump.output)")
        let expected = try TimeSeriesExpectation.promSamples(rows)
        let actual = try TimeSeriesExpectation.parseDump(dump.output)
        #expect(TimeSeriesExpectation.promMismatches(expected: expected, actual: actual) == [], "\(input)")
        // Not vacuous: the fixture has samples (or converts to an empty exposition), and promtool returned them all.
        #expect(!rows.isEmpty || openMetrics.split(separator: "\n").allSatisfy { $0.hasPrefix("#") })
        #expect(actual.values.reduce(0) { $0 + $1.count } == expected.values.reduce(0) { $0 + $1.count })
    }

    @Test func everyProviderIsBackfilled() {
        for provider in FixtureGoldens.providers {
            #expect(Self.inputs.contains { $0.hasPrefix("Fixtures/\(provider)/") }, "no converting fixture for \(provider)")
        }
    }

    /// Timestamps written in milliseconds (the classic mistake) load, but land 1000 times too late:
    /// the comparison must catch them, as it must catch bits taken for bytes.
    @Test func theComparisonCatchesMillisecondTimestampsAndBits() throws {
        let (rows, openMetrics) = try Self.convert("Fixtures/swiftfederation/volume-day1.json")
        let expected = try TimeSeriesExpectation.promSamples(rows)
        let milliseconds = openMetrics.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard !line.hasPrefix("#"), let space = line.lastIndex(of: " ") else { return String(line) }
            return line[..<space] + " " + String(line[line.index(after: space)...]) + "000"
        }.joined(separator: "\n")
        let late = try Self.backfillAndDump(milliseconds)
        try #require(late.status == 0, "\(late.output)")
        let lateProblems = TimeSeriesExpectation.promMismatches(
            expected: expected,
            actual: try TimeSeriesExpectation.parseDump(late.output)
        )
        #expect(lateProblems.first?.contains("expected 0.0 at 1522281600000 ms") == true, "\(lateProblems.prefix(2))")

        let good = try TimeSeriesExpectation.parseDump(try Self.backfillAndDump(openMetrics).output)
        let inBits = good.mapValues { samples in samples.map { ($0.ms, $0.value * 8) } }
        #expect(!TimeSeriesExpectation.promMismatches(expected: expected, actual: inBits).isEmpty)
        #expect(TimeSeriesExpectation.promMismatches(expected: expected, actual: good) == [])
    }

    /// Ways to break a good exposition.
    enum Breakage: String, CaseIterable, Sendable {
        case noEOF, lineAfterEOF, unescapedQuote, wordForNumber, unclosedLabels

        func apply(to text: String) -> String {
            switch self {
            case .noEOF: String(text.dropLast("# EOF\n".count))
            case .lineAfterEOF: text + "usageconv_traffic_bytes_total 1 1522368000\n"
            case .wordForNumber: text.replacingOccurrences(of: "\"} 0 ", with: "\"} zero ")
            case .unclosedLabels: text.replacingOccurrences(of: "step=\"300\"} ", with: "step=\"300\" ")
            case .unescapedQuote: text.replacingOccurrences(of: "resource=\"www.example1.com\"", with: "resource=\"www.\"example1.com\"")
            }
        }
    }

    /// promtool rejects a broken file rather than loading part of it.
    @Test(arguments: Breakage.allCases)
    func promtoolRejectsABrokenFile(_ breakage: Breakage) throws {
        let (_, openMetrics) = try Self.convert("Fixtures/swiftfederation/volume-day1.json")
        let broken = breakage.apply(to: openMetrics)
        #expect(broken != openMetrics, "\(breakage) changed nothing")
        #expect(try Self.backfillAndDump(broken).status != 0, "\(breakage) was accepted")
    }

    /// Quotes, backslashes, line breaks, commas and non-ASCII in resource and label values come
    /// back from Prometheus as they went in.
    @Test func escapedLabelValuesReadBackUnchanged() throws {
        let resources = ["a \"quoted\" name", "back\\slash\\", "two\nlines", "comma, space = equals", "ünïcödé 🚀 名前", "tab\there"]
        var series: [Series] = []
        for (k, resource) in resources.enumerated() {
            let identity = SeriesIdentity(
                source: "test",
                resource: resource,
                metric: k % 2 == 0 ? "traffic" : "bandwidth",
                direction: "out",
                unit: k % 2 == 0 ? "GB" : "bit/s",
                kind: k % 2 == 0 ? .amount : .rate,
                step: 300,
                absent: .zero
            )
            series.append(
                Series(
                    identity: identity,
                    times: [1_700_000_000, 1_700_000_300],
                    values: [Number(significand: 125, exponent: -2), Number(Int64(k))],
                    labels: ["billed": ["say \"yes\"\n", "no\\"]]
                )
            )
        }
        let sink = MemorySink()
        try OpenMetricsEncoder().encode(series, warnings: [], to: sink)
        let dump = try Self.backfillAndDump(sink.text)
        try #require(dump.status == 0, "\(dump.output)")
        let read = try TimeSeriesExpectation.parseDump(dump.output)
        let resourcesRead = Set(read.keys.compactMap { key in resources.first { key.contains("resource=\($0.debugDescription)") } })
        #expect(resourcesRead == Set(resources))
        #expect(read.keys.filter { $0.contains("billed=\("say \"yes\"\n".debugDescription)") }.count == resources.count)
        #expect(read.keys.filter { $0.contains("billed=\("no\\".debugDescription)") }.count == resources.count)
        #expect(read.values.reduce(0) { $0 + $1.count } == samplesWritten(sink.text))
    }

    private func samplesWritten(_ text: String) -> Int {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.count
    }
}
