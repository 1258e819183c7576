import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

struct EncoderTests {
    static func series(resource: String = "www.example.com", values: [Number] = [Number(Int64(1))]) -> Series {
        let identity = SeriesIdentity(
            source: "swiftfederation",
            resource: resource,
            metric: "traffic",
            direction: "out",
            unit: "B",
            kind: .amount,
            step: 300,
            absent: .zero
        )
        return Series(identity: identity, times: values.indices.map { 1_522_344_900 + Int64($0) * 300 }, values: values)
    }

    func encode(_ encoder: any UsageEncoder, _ series: [Series], warnings: [Diagnostic] = []) throws -> String {
        let sink = MemorySink()
        try encoder.encode(series, warnings: warnings, to: sink)
        return sink.text
    }

    @Test func csvQuotesOnlyWhatRFC4180Needs() throws {
        let text = try encode(DelimitedEncoder(style: .csv), [Self.series(resource: "a,\"b\"\nc")])
        #expect(
            text
                == "time,source,resource,metric,direction,unit,step,value,quality\n2018-03-29T17:35:00Z,swiftfederation,\"a,\"\"b\"\"\nc\",traffic,out,B,300,1,measured\n"
        )
    }

    @Test func tsvEscapesSeparators() throws {
        let text = try encode(DelimitedEncoder(style: .tsv, time: .epoch), [Self.series(resource: "a\tb\\c")])
        #expect(text.hasSuffix("\n1522344900\tswiftfederation\ta\\tb\\\\c\ttraffic\tout\tB\t300\t1\tmeasured\n"))
    }

    @Test func columnarJSONMatchesTheDesignLayout() throws {
        let warning = Diagnostic.warning(.emptySeries, "series x has no points", at: SourceLocation(file: "a.json", path: "$"))
        let text = try encode(ColumnarJSONEncoder(), [Self.series(values: [Number(significand: 15, exponent: -1)])], warnings: [warning])
        #expect(
            text == """
                {"format":"usageconv/1",
                "series":[
                {"source":"swiftfederation","resource":"www.example.com","metric":"traffic","direction":"out","unit":"B","kind":"amount","step":300,"absent":"zero","time":[1522344900],"value":[1.5],"quality":["measured"]}],
                "warnings":[
                {"severity":"warning","code":"emptySeries","message":"series x has no points","file":"a.json","path":"$"}]}

                """
        )
    }

    @Test func ndjsonHasOneObjectPerPoint() throws {
        let text = try encode(NDJSONEncoder(), [Self.series(values: [Number(Int64(1)), Number(Int64(2))])])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[1]
                == #"{"time":"2018-03-29T17:40:00Z","source":"swiftfederation","resource":"www.example.com","metric":"traffic","direction":"out","unit":"B","kind":"amount","step":300,"value":2,"quality":"measured"}"#
        )
    }

    /// Splits RFC 4180 text into rows of fields (the inverse of the CSV encoder).
    static func parseCSV(_ text: String) -> [[String]] {
        CSVTable.rows(text)
    }

    @Test func csvParsesBackToTheSameTable() async throws {
        let resources = Gen.element(of: ["plain", "with,comma", "with \"quotes\"", "multi\nline", "ütf8 é"])
        await propertyCheck(input: resources, Gen.int64(in: 0...1_000_000).array(of: 1...20)) { chosen, raw in
            let resource = chosen ?? "plain"
            let values = raw.map { Number(significand: $0, exponent: -2) }
            let series = Self.series(resource: resource, values: values)
            let rows = Self.parseCSV(try encode(DelimitedEncoder(style: .csv), [series]))
            #expect(rows.count == values.count + 1)
            #expect(rows[0] == DelimitedEncoder.columns)
            for (index, row) in rows.dropFirst().enumerated() {
                #expect(row[2] == resource)
                #expect(UnixTime.parseISO8601(Array(row[0].utf8)) == series.times[index])
                #expect(Double(row[7]) == values[index].doubleValue)
            }
        }
    }

    /// The row writer's in-place digits agree with the reference decimal text for any sign,
    /// magnitude and exponent (fractions with leading zeros, trailing zeros, integers padded).
    @Test func rowValuesMatchTheReferenceDecimalText() async throws {
        let significands = Gen.int64(in: -9_999_999_999_999_999...9_999_999_999_999_999)
        await propertyCheck(input: significands.array(of: 1...12), Gen.int(in: -20...6)) { raw, exponent in
            let values = raw.map { Number(significand: $0, exponent: exponent) }
            let rows = Self.parseCSV(try encode(DelimitedEncoder(style: .csv), [Self.series(values: values)]))
            for (index, value) in values.enumerated() {
                var expected: [UInt8] = []
                NumberText.writeDecimal(significand: raw[index], exponent: exponent, to: &expected)
                #expect(rows[index + 1][7] == String(decoding: expected, as: UTF8.self), "\(raw[index])e\(exponent)")
                #expect(Double(rows[index + 1][7]) == value.doubleValue)
            }
        }
    }
}
