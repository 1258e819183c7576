import Foundation
import Testing

@testable import UsageConvCore

/// What users type and feed in: unit names in any case, millisecond times, empty and blank
/// inputs, a window that keeps nothing, and local times with the zone's offset.
struct UserInputTests {
    @Test(arguments: [
        ("mbps", "Mbit/s"), ("Mbps", "Mbps"), ("gbit/s", "Gbit/s"), ("MBit/s", "Mbit/s"), ("mbit", "Mbit"), ("GB", "GB"),
        ("USD", "USD"), ("Bytes", "B"),
    ])
    func unitNamesResolveIgnoringCaseWhereBitsAndBytesAgree(_ typed: String, _ unit: String) throws {
        #expect(try UnitConverter.resolveTarget(typed) == unit)
    }

    @Test(arguments: [
        ("gb", "did you mean GB?"), ("MBPS", "did you mean Mbit/s?"), ("KBPS", "did you mean kbit/s?"), ("kib", "did you mean KiB?"),
    ])
    func aCaseThatChangesBitsIntoBytesIsADidYouMean(_ typed: String, _ suggestion: String) {
        #expect {
            _ = try UnitConverter.resolveTarget(typed)
        } throws: { error in
            let diagnostic = error as? Diagnostic
            return diagnostic?.code == .usage && diagnostic?.message.contains("unknown unit '\(typed)'; \(suggestion)") == true
                && diagnostic?.message.contains("b is bits, B bytes") == true
        }
    }

    @Test func anUnknownUnitNamesTheUnitsThereAre() {
        #expect {
            _ = try UnitConverter.resolveTarget("furlongs")
        } throws: { error in
            (error as? Diagnostic)?.message.hasPrefix("unknown unit 'furlongs'; expected a data unit (bit kbit") == true
        }
    }

    /// Decodes `text` as a dump, returning the error it fails with.
    func failure(_ bytes: [UInt8], format: String? = nil) -> Diagnostic? {
        do {
            _ = try InputDecoding.decode(source: MemoryByteSource(bytes), format: format, options: DecodeOptions())
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    @Test func baishanMillisecondTimesAreNamedAsMilliseconds() throws {
        let dump = #"{"code":0,"data":[[1503244800000,147592925.42],[1503245100000,208845845.06]]}"#
        let error = try #require(failure(Array(dump.utf8)))
        #expect(error.code == .invalidTimestamp)
        #expect(error.message.contains("found 1503244800000, which is milliseconds (2017-08-20T16:00:00Z)"), "\(error.message)")
        #expect(error.message.contains("divide the dump's times by 1000"))
        #expect(error.location?.line == 1 && error.location?.column == 19, "\(String(describing: error.location))")
        // A time that is neither seconds nor milliseconds is just out of range.
        let far = try #require(failure(Array(#"{"code":0,"data":[[300000000000,1]]}"#.utf8)))
        #expect(far.message.hasSuffix("found 300000000000"), "\(far.message)")
    }

    @Test func anEmptyInputSaysWhatToCheck() throws {
        for format in [nil, "baishan"] {
            let empty = try #require(failure([], format: format))
            #expect(empty.code == .truncatedInput)
            #expect(empty.message.contains("found an empty input (0 bytes): check the command that saved it"), "\(empty.message)")
            let blank = try #require(failure(Array("  \n\t\r\n".utf8), format: format))
            #expect(blank.message.contains("found only whitespace (6 bytes): check the command that saved it"), "\(blank.message)")
        }
        // More than the sniffed prefix of whitespace is read to its end, not called empty.
        let long = try #require(failure([UInt8](repeating: 0x20, count: 200_000)))
        #expect(long.message.contains("found only whitespace (200000 bytes)"), "\(long.message)")
        let late = try #require(failure([UInt8](repeating: 0x0A, count: 100_000) + Array(#"{"code":0,"data":[]}"#.utf8)))
        #expect(late.code == .malformedInput && late.location?.offset == 100_000, "\(late)")
        #expect(late.message.contains("found 100000 bytes of whitespace before its first other byte"), "\(late.message)")
    }

    /// Points with whole values.
    func points(_ list: [(Int64, Int64)]) -> [(Int64, Number)] {
        list.map { ($0.0, Number(significand: $0.1, exponent: 0)) }
    }

    @Test func aWindowThatKeepsNothingWarns() throws {
        let identity = TestSeries.identity()
        let series = [TestSeries.make(points([(1_503_244_800, 1), (1_503_245_100, 2)]), identity: identity)]
        var plan = TransformPlan()
        plan.start = TestSeries.utc("2030-01-01T00:00:00Z")
        let result = try plan.apply(to: series)
        #expect(result.series.allSatisfy { $0.count == 0 })
        #expect(
            result.warnings.map(\.message) == [
                "--start 2030-01-01T00:00:00Z keeps no point: the points start from 2017-08-20T16:00:00Z to 2017-08-20T16:05:00Z"
            ]
        )
        plan.end = TestSeries.utc("2031-01-01T00:00:00Z")
        let both = try plan.apply(to: series).warnings.first?.message ?? ""
        #expect(both.hasPrefix("--start 2030-01-01T00:00:00Z and --end 2031-01-01T00:00:00Z keep no point"), "\(both)")
        // A window holding a point, or a dump with no point at all, says nothing.
        plan.start = 1_503_245_100
        #expect(try plan.apply(to: series).warnings.isEmpty)
        plan.start = TestSeries.utc("2030-01-01T00:00:00Z")
        #expect(try plan.apply(to: [TestSeries.make([], identity: identity)]).warnings.isEmpty)
    }

    @Test func localTimesCarryTheZonesOffset() {
        func text(_ time: Int64, _ offset: Int64) -> String {
            var out: [UInt8] = []
            UnixTime.writeISO8601(time, offset: offset, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
        #expect(text(1_503_167_400, 19_800) == "2017-08-20T00:00:00+05:30")
        #expect(text(1_503_167_400, 0) == "2017-08-19T18:30:00+00:00")
        #expect(text(1_503_167_400, -18_000) == "2017-08-19T13:30:00-05:00")
        // A local mean time with seconds (Asia/Kolkata before 1854: +05:53:28).
        #expect(text(0, 21_208) == "1970-01-01T05:53:28+05:53:28")
        // The day before the epoch, west of UTC.
        #expect(text(3600, -7200) == "1969-12-31T23:00:00-02:00")
    }

    @Test func everyTextEncoderWritesLocalTimes() throws {
        let zone = try ZoneRules(identifier: "+05:30")
        let series = [TestSeries.make(points([(1_503_167_400, 1)]), identity: TestSeries.identity(step: 86_400))]
        var options = EncodeOptions()
        options.time = .local
        options.zone = zone
        // OpenMetrics and Influx timestamps are Unix time by definition (the CLI refuses --time for them).
        for format in [OutputFormat.csv, .tsv, .json, .ndjson] {
            let sink = MemorySink()
            try format.encoder(options: options).encode(series, warnings: [], to: sink)
            #expect(sink.text.contains("2017-08-20T00:00:00+05:30"), "\(format): \(sink.text)")
        }
    }

    @Test(.enabled(if: TestSeries.hasZoneInfo)) func localTimesFollowSummerTime() throws {
        // 2025-03-30 01:00Z is when Berlin moves from +01:00 to +02:00.
        let series = [TestSeries.make(points([(1_743_296_400 - 3600, 1), (1_743_296_400, 2)]), identity: TestSeries.identity(step: 3600))]
        let sink = MemorySink()
        try DelimitedEncoder(style: .csv, time: .local, zone: try TestSeries.berlin).encode(series, warnings: [], to: sink)
        let times = sink.text.split(separator: "\n").dropFirst().map { $0.prefix { $0 != "," } }
        #expect(times == ["2025-03-30T01:00:00+01:00", "2025-03-30T03:00:00+02:00"])
    }
}
