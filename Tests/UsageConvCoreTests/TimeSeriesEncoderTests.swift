import PropertyBased
import Testing

@testable import UsageConvCore

/// `--to openmetrics` and `--to influx` in process.
///
/// Exact text, naming, counters, escaping and the errors raised before anything is written. The real readers check the same outputs in
/// `PrometheusBackfillTests` and `InfluxDBWriteTests`.
struct TimeSeriesEncoderTests {
    static func identity(
        source: String = "swiftfederation",
        resource: String = "www.example.com",
        metric: String = "traffic",
        direction: String = "out",
        unit: String = "B",
        kind: Kind = .amount,
        step: Int64 = 300
    ) -> SeriesIdentity {
        SeriesIdentity(
            source: source,
            resource: resource,
            metric: metric,
            direction: direction,
            unit: unit,
            kind: kind,
            step: step,
            absent: .zero
        )
    }

    static func series(_ identity: SeriesIdentity, _ points: [(Int64, String)], labels: [String: [String]] = [:]) -> Series {
        Series(identity: identity, times: points.map(\.0), values: points.map { TestSeries.decimal($0.1) }, labels: labels)
    }

    func encode(_ encoder: any UsageEncoder, _ series: [Series]) throws -> String {
        let sink = MemorySink()
        try encoder.encode(series, warnings: [], to: sink)
        return sink.text
    }

    /// The sample lines (no metadata, no `# EOF`).
    func samples(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    // MARK: - OpenMetrics

    @Test func amountsAreCountersRisingAtEachIntervalsEndInBytes() throws {
        let kb = Self.identity(source: "onapp", resource: "vm:1", metric: "data_sent", unit: "KB", step: 3600)
        let text = try encode(OpenMetricsEncoder(), [Self.series(kb, [(0, "1.5"), (3600, "2"), (10_800, "0.25")])])
        #expect(
            text == """
                # TYPE usageconv_data_sent_bytes counter
                # UNIT usageconv_data_sent_bytes bytes
                # HELP usageconv_data_sent_bytes usageconv data_sent from provider dumps: bytes accrued since the series' first interval (cumulative, rises at each interval's end; use increase())
                usageconv_data_sent_bytes_total{source="onapp",resource="vm:1",direction="out",step="3600"} 0 0
                usageconv_data_sent_bytes_total{source="onapp",resource="vm:1",direction="out",step="3600"} 1500 3600
                usageconv_data_sent_bytes_total{source="onapp",resource="vm:1",direction="out",step="3600"} 3500 7200
                usageconv_data_sent_bytes_total{source="onapp",resource="vm:1",direction="out",step="3600"} 3500 10800
                usageconv_data_sent_bytes_total{source="onapp",resource="vm:1",direction="out",step="3600"} 3750 14400
                # EOF

                """
        )
    }

    @Test func ratesAreGaugesInBytesPerSecondAtTheIntervalsStart() throws {
        let bits = Self.identity(source: "baishan", resource: "all", metric: "bandwidth", unit: "bit/s", kind: .rate)
        let text = try encode(OpenMetricsEncoder(), [Self.series(bits, [(1_503_244_800, "208706182.29"), (1_503_245_100, "1")])])
        #expect(
            text == """
                # TYPE usageconv_bandwidth_bytes_per_second gauge
                # UNIT usageconv_bandwidth_bytes_per_second bytes_per_second
                # HELP usageconv_bandwidth_bytes_per_second usageconv bandwidth from provider dumps: mean over the interval [t, t+step), bytes per second
                usageconv_bandwidth_bytes_per_second{source="baishan",resource="all",direction="out",step="300"} 26088272.78625 1503244800
                usageconv_bandwidth_bytes_per_second{source="baishan",resource="all",direction="out",step="300"} 0.125 1503245100
                # EOF

                """
        )
    }

    @Test func moneyIsOneCounterFamilyWithCurrencyAndItemLabelsAndStaysExact() throws {
        let total = Self.identity(source: "onapp", resource: "vm:2", metric: "cost.total", direction: "", unit: "USD", step: 3600)
        let plain = Self.identity(source: "surfercloud", resource: "eip-1", metric: "cost", direction: "", unit: "CNY", step: 86400)
        let tenDimes = (0..<10).map { (Int64($0) * 3600, "0.1") }
        let lines = samples(try encode(OpenMetricsEncoder(), [Self.series(total, tenDimes), Self.series(plain, [(0, "3")])]))
        #expect(lines.last == "usageconv_cost_total{source=\"surfercloud\",resource=\"eip-1\",currency=\"CNY\",step=\"86400\"} 3 86400")
        // Ten times 0.10 is 1, not 0.9999999999999999.
        #expect(
            lines.contains("usageconv_cost_total{source=\"onapp\",resource=\"vm:2\",item=\"total\",currency=\"USD\",step=\"3600\"} 1 36000")
        )
        #expect(lines.count == 11 + 2)
    }

    @Test func familiesAreSortedAndNeverInterleaved() throws {
        // Identity order puts a's traffic, a's bandwidth, b's traffic: the families must regroup.
        let series = [
            Self.series(Self.identity(source: "a", metric: "bandwidth", unit: "B/s", kind: .rate), [(0, "1")]),
            Self.series(Self.identity(source: "a"), [(0, "1")]),
            Self.series(Self.identity(source: "b"), [(0, "2")]),
        ]
        let text = try encode(OpenMetricsEncoder(), series)
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE") }
        #expect(types == ["# TYPE usageconv_bandwidth_bytes_per_second gauge", "# TYPE usageconv_traffic_bytes counter"])
        let names = samples(text).map { $0.prefix { $0 != "{" } }
        #expect(names == ["usageconv_bandwidth_bytes_per_second"] + Array(repeating: "usageconv_traffic_bytes_total", count: 4))
        #expect(text.hasSuffix("\n# EOF\n"))
    }

    @Test func labelValuesAreEscapedAsTheABNFSays() throws {
        let resource = "a \"quoted\" back\\slash\nnew line, é 🚀"
        let text = try encode(OpenMetricsEncoder(), [Self.series(Self.identity(resource: resource), [(0, "1")])])
        #expect(text.contains("resource=\"a \\\"quoted\\\" back\\\\slash\\nnew line, é 🚀\""))
        // Exactly one line per sample: the newline did not break a line.
        #expect(samples(text).count == 2)
    }

    @Test func perPointLabelsSplitASeriesIntoContiguousCounters() throws {
        let s = Self.series(
            Self.identity(source: "surfercloud", unit: "GB", step: 86400),
            [(0, "1"), (86400, "2"), (172_800, "4")],
            labels: ["billed": ["Yes", "No", "Yes"]]
        )
        let lines = samples(try encode(OpenMetricsEncoder(), [s]))
        let yes = lines.filter { $0.contains("billed=\"Yes\"") }.map { $0.split(separator: "} ")[1] }
        let no = lines.filter { $0.contains("billed=\"No\"") }.map { $0.split(separator: "} ")[1] }
        // Billed days 0 and 2: flat over the unbilled day 1 (a gap for this series).
        #expect(yes == ["0 0", "1000000000 86400", "1000000000 172800", "5000000000 259200"])
        #expect(no == ["0 86400", "2000000000 172800"])
        #expect(lines.firstIndex { $0.contains("\"No\"") }.map { $0 > lines.lastIndex { $0.contains("\"Yes\"") } ?? 0 } == true)
    }

    @Test func aCounterEndsAtTheNextPointWhenCalendarBucketsAreShorterThanTheNominalStep() throws {
        // After --resample 1mo the step is nominal (30.44 days): February ends at March's start.
        let feb: Int64 = 1_738_368_000  // 2025-02-01
        let mar: Int64 = 1_740_787_200  // 2025-03-01
        let s = Self.series(Self.identity(step: 2_629_746), [(feb, "1"), (mar, "2")])
        let lines = samples(try encode(OpenMetricsEncoder(), [s])).map { $0.split(separator: "} ")[1] }
        #expect(lines == ["0 \(feb)", "1 \(mar)", "3 \(mar + 2_629_746)"])
    }

    @Test func aNegativeAmountFailsBeforeAnythingIsWritten() throws {
        let sink = MemorySink()
        let s = Self.series(Self.identity(metric: "cost", direction: "", unit: "USD"), [(0, "1"), (300, "-0.5")])
        let error = #expect(throws: Diagnostic.self) { try OpenMetricsEncoder().encode([s], warnings: [], to: sink) }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("at 1970-01-01T00:05:00Z is -0.5") == true)
        #expect(sink.bytes.isEmpty)
    }

    @Test func twoSeriesThatWouldBeOnePrometheusSeriesAreAnError() throws {
        let bytes = Self.series(Self.identity(unit: "B"), [(0, "1")])
        let kilobytes = Self.series(Self.identity(unit: "KB"), [(300, "1")])
        let error = #expect(throws: Diagnostic.self) { try encode(OpenMetricsEncoder(), [bytes, kilobytes]) }
        #expect(error?.message.contains("would be the same Prometheus series") == true)
    }

    @Test func metricNamesKeepOnlyTheCharactersTheFormatAllows() throws {
        let s = Self.series(Self.identity(source: "x", metric: "hit-ratio.é", direction: "", unit: "count"), [(0, "1")])
        let text = try encode(OpenMetricsEncoder(), [s])
        #expect(text.hasPrefix("# TYPE usageconv_hit_ratio___ counter\n# HELP"))
        #expect(samples(text).first == "usageconv_hit_ratio____total{source=\"x\",resource=\"www.example.com\",step=\"300\"} 0 0")
    }

    @Test func anEmptyInputIsJustTheEOFLine() throws {
        #expect(try encode(OpenMetricsEncoder(), []) == "# EOF\n")
    }

    @Test func counterDifferencesAreTheIntervalsAmountsExactly() async {
        await propertyCheck(
            input: Gen.int64(in: 0...40).array(of: 1...60),
            Gen.int64(in: 0...9_999_999).array(of: 1...5)
        ) { slots, cents in
            let times = Array(Set(slots)).sorted().map { $0 * 300 }
            let values = times.indices.map { Number(significand: cents[$0 % cents.count], exponent: -2) }
            let s = Series(identity: Self.identity(unit: "KB"), times: times, values: values)
            guard let text = try? encode(OpenMetricsEncoder(), [s]) else {
                Issue.record("encoding failed")
                return
            }
            var counter: [Int64: Number] = [:]
            for line in samples(text) {
                let fields = line.split(separator: " ")
                counter[Int64(fields[2]) ?? -1] = TestSeries.decimal(String(fields[1]))
            }
            // Each interval's amount (KB → bytes, × 1000) is the counter's rise over it, exactly.
            for (t, v) in zip(times, values) {
                let rise = (counter[t + 300] ?? Number(Double.nan)) - (counter[t] ?? Number(Double.nan))
                #expect(rise == v.multiplied(by: 1000), "at \(t)")
            }
            #expect(counter.count == Set(times + times.map { $0 + 300 }).count)
        }
    }

    // MARK: - Influx line protocol

    @Test func influxLinesCarryTagsSortedByKeyValueAndQualityInBaseUnits() throws {
        let bits = Self.identity(source: "baishan", resource: "all", metric: "bandwidth", unit: "bit/s", kind: .rate)
        var s = Self.series(bits, [(1_503_244_800, "208706182.29"), (1_503_245_100, "8")])
        s.qualities[1] = .interpolated
        #expect(
            try encode(InfluxLineEncoder(), [s]) == """
                bandwidth,direction=out,resource=all,source=baishan,step=300,unit=B/s quality="measured",value=26088272.78625 1503244800
                bandwidth,direction=out,resource=all,source=baishan,step=300,unit=B/s quality="interpolated",value=1 1503245100

                """
        )
    }

    @Test(arguments: [(InfluxPrecision.s, "1503244800"), (.ms, "1503244800000"), (.us, "1503244800000000"), (.ns, "1503244800000000000")])
    func influxTimestampsAreInThePrecisionAsked(_ precision: InfluxPrecision, _ expected: String) throws {
        let text = try encode(InfluxLineEncoder(precision: precision), [Self.series(Self.identity(), [(1_503_244_800, "1")])])
        #expect(text.hasSuffix(" \(expected)\n"))
    }

    @Test func influxEscapesCommasSpacesAndEqualsSignsInTagsAndMeasurements() throws {
        let s = Self.series(
            Self.identity(resource: "a,b c=d \"q\" é🚀 x\\y", metric: "hit traffic,x", direction: "", unit: "EUR"),
            [(0, "0.10")],
            labels: ["billed": ["Yes, in part"]]
        )
        #expect(
            try encode(InfluxLineEncoder(), [s])
                == "hit\\ traffic\\,x,resource=a\\,b\\ c\\=d\\ \"q\"\\ é🚀\\ x\\y,source=swiftfederation,step=300,unit=EUR,billed=Yes\\,\\ in\\ part quality=\"measured\",value=0.1 0\n"
        )
    }

    @Test func influxMovesCostItemsToATagAndLeavesEmptyTagsOut() throws {
        let s = Self.series(
            Self.identity(source: "onapp", resource: "vm:2", metric: "cost.total", direction: "", unit: "USD"),
            [(0, "1")],
            labels: ["billed": [""]]
        )
        #expect(
            try encode(InfluxLineEncoder(), [s])
                == "cost,item=total,resource=vm:2,source=onapp,step=300,unit=USD quality=\"measured\",value=1 0\n"
        )
    }

    @Test(arguments: ["line\nbreak", "ends in\\", "back\\,comma", "back\\ space"])
    func influxRefusesTagsLineProtocolCannotCarry(_ resource: String) throws {
        let sink = MemorySink()
        let s = Self.series(Self.identity(resource: resource), [(0, "1")])
        let error = #expect(throws: Diagnostic.self) {
            try InfluxLineEncoder().encode([Self.series(Self.identity(), [(0, "1")]), s], warnings: [], to: sink)
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains("cannot carry") == true)
        #expect(sink.bytes.isEmpty)
    }

    @Test func influxRefusesTimesBeyondNanosecondRange() throws {
        let s = Self.series(Self.identity(), [(10_000_000_000, "1")])  // year 2286
        #expect(throws: Diagnostic.self) { try encode(InfluxLineEncoder(precision: .ns), [s]) }
        #expect(try encode(InfluxLineEncoder(precision: .s), [s]).hasSuffix(" 10000000000\n"))
    }

    @Test func influxDB1SpellsMicrosecondsU() {
        #expect(InfluxPrecision.allCases.map(\.writeParameter) == ["s", "ms", "u", "ns"])
    }

    @Test func fileExtensionsNameTheFormats() {
        #expect(OutputFormat.openmetrics.fileExtension == "om")
        #expect(OutputFormat.influx.fileExtension == "lp")
        #expect(OutputFormat.csv.fileExtension == "csv")
    }
}
