import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// usageconv's own outputs read back: CSV, TSV, NDJSON and columnar JSON give the series they were written from.
struct CanonicalSeriesReaderTests {
    static let fixtures = [
        "Fixtures/surfercloud/ucloud-field-names.json", "Fixtures/baishan/each-domain.json", "Fixtures/onapp/exact-money.xml",
        "Fixtures/interserver/null-samples.json", "Fixtures/swiftfederation/hit-request-number.json",
    ]

    func decoded(_ path: String) throws -> [Series] {
        try InputDecoding.decode(source: MemoryByteSource(DecoderContractTests.bytes(path)), format: nil, options: DecodeOptions()).series
    }

    func written(_ encoder: any UsageEncoder, _ series: [Series]) throws -> [UInt8] {
        let sink = MemorySink()
        try encoder.encode(series, warnings: [], to: sink)
        return sink.bytes
    }

    /// What the row forms keep: identity less `absent` (and `kind` inferred from the unit), columns, labels.
    func rowView(_ series: [Series]) -> [String] {
        series.map { s in
            let i = s.identity
            return
                "\(i.source)|\(i.resource)|\(i.metric)|\(i.direction)|\(i.unit)|\(i.kind)|\(i.step)|\(s.times)|\(s.values)|\(s.qualities)|\(s.labels)"
        }
    }

    @Test(arguments: fixtures)
    func columnarJSONReadsBackExactly(_ path: String) throws {
        let series = try decoded(path)
        let back = try CanonicalSeriesReader.read(try written(ColumnarJSONEncoder(), series))
        #expect(back == series)
        #expect(back.map(\.identity) == series.map(\.identity))
    }

    @Test(arguments: fixtures)
    func csvTSVAndNDJSONReadBackTheirColumns(_ path: String) throws {
        let series = try decoded(path)
        for encoder: any UsageEncoder in [
            DelimitedEncoder(style: .csv), DelimitedEncoder(style: .tsv), NDJSONEncoder(), DelimitedEncoder(style: .csv, time: .epoch),
        ] {
            let back = try CanonicalSeriesReader.read(try written(encoder, series))
            // A series without points has no row to be written in.
            #expect(rowView(back) == rowView(series.filter { !$0.isEmpty }), "\(path) via \(encoder)")
        }
    }

    @Test func quotedFieldsAndCRLFAreRead() throws {
        let text =
            "time,source,resource,metric,direction,unit,step,value,quality\r\n"
            + "2017-08-20T16:00:00Z,baishan,\"a,\"\"b\"\"\nc\",bandwidth,out,bit/s,300,1.50,measured\r\n"
        let series = try CanonicalSeriesReader.read(Array(text.utf8))
        #expect(series.first?.identity.resource == "a,\"b\"\nc")
        #expect(series.first?.values == [Number(significand: 15, exponent: -1)])
    }

    @Test func badCellsAreLocatedErrors() throws {
        let header = "time,source,resource,metric,direction,unit,step,value,quality\n"
        let cases: [(String, String)] = [
            (header + "2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,1x,measured\n", "2:58: expected a number, found '1x'"),
            (
                header + "2017-08-20 16:00,baishan,all,bandwidth,out,bit/s,300,1,measured\n",
                "2:1: expected a time as ISO 8601 with a zone or Unix seconds, found '2017-08-20 16:00'"
            ),
            (header + "2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,1\n", "2:1: expected 9 fields as in the header, found 8"),
            (
                "time,value\n1,2\n",
                "1:1: expected the header time,source,resource,metric,direction,unit,step,value,quality (usageconv's own CSV or TSV), found 'time,value'"
            ),
            (
                header + "2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,1,measured\n"
                    + "2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,2,measured\n",
                "3:1: expected one point per time in series baishan all bandwidth out, found two at 2017-08-20T16:00:00Z"
            ),
            ("{\"time\":1,\"step\":300,\"value\":1}\n", "1:1: expected time, step, value and unit in each line"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: Diagnostic.self) { try CanonicalSeriesReader.read(Array(text.utf8)) }
            #expect(error.map { "\($0)" } == expected)
        }
    }
}
