import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// What a provider format cannot hold is refused with one diagnostic naming the series, located
/// where the series came from (here: its first CSV line).
struct ProviderEncodingErrorTests {
    static let header = "time,source,resource,metric,direction,unit,step,value,quality\n"

    /// Reads `rows` as usageconv CSV and encodes them; returns the error, rendered with a file name.
    func refusal(_ rows: String, as provider: DumpProvider, form: DumpForm? = nil) throws -> String {
        let series = try CanonicalSeriesReader.read(Array((Self.header + rows).utf8))
        var options = DumpEncodeOptions()
        options.form = form
        let error = #expect(throws: Diagnostic.self) { try DumpEncoding.encode(series, as: provider, options: options) }
        #expect(error?.exitCode == 65)
        return error.map { "\($0.inFile("month.csv"))" } ?? ""
    }

    @Test func aUnitTheProviderDoesNotUseIsRefused() throws {
        let text = try refusal("2017-08-20T16:00:00Z,baishan,all,traffic,out,GB,300,1.5,measured\n", as: .baishan)
        #expect(
            text
                == "month.csv: 2:1: series baishan all traffic out (GB, 300 s): baishan dumps hold bandwidth in bit/s or traffic in B only, not traffic in GB"
        )
    }

    @Test func aStepTheProviderDoesNotHaveIsRefused() throws {
        let rows = """
            2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,900,1,measured
            2017-08-20T16:15:00Z,baishan,all,bandwidth,out,bit/s,900,2,measured

            """
        let text = try refusal(rows, as: .baishan)
        #expect(
            text
                == "month.csv: 2:1: series baishan all bandwidth out (bit/s, 900 s): baishan dumps have points at steps of 60 s, 300 s, 3600 s, 86400 s only, not 900 s"
        )
    }

    @Test func severalResourcesWhereTheFormatHasOneAreRefused() throws {
        let rows = """
            2023-11-01T00:00:00Z,surfercloud,eip-a,traffic,out,GB,86400,3,measured
            2023-11-01T00:00:00Z,surfercloud,eip-b,traffic,out,GB,86400,4,measured

            """
        let text = try refusal(rows, as: .surfercloud)
        #expect(
            text.hasPrefix("month.csv: 3:1: series surfercloud eip-b traffic out (GB, 86400 s): surfercloud dumps hold one EIP"),
            "\(text)"
        )
        let plain = try refusal(
            """
            2017-08-20T16:00:00Z,baishan,a.example,bandwidth,out,bit/s,300,1,measured
            2017-08-20T16:00:00Z,baishan,b.example,bandwidth,out,bit/s,300,1,measured
            2017-08-20T16:05:00Z,baishan,b.example,traffic,out,B,300,1,measured

            """,
            as: .baishan
        )
        #expect(
            plain.hasPrefix("month.csv: 4:1: series baishan b.example traffic out (B, 300 s): baishan dumps answer one data_type"),
            "\(plain)"
        )
    }

    /// One `--step` decodes a whole dump: a series whose step its spacing does not show cannot share
    /// the dump with a series of another step.
    @Test func seriesNeedingDifferentStepsAreRefused() throws {
        let rows = """
            2018-03-29T00:00:00Z,swiftfederation,a.example,traffic,out,B,86400,10,measured
            2018-03-29T00:00:00Z,swiftfederation,b.example,traffic,out,B,300,1,measured
            2018-03-29T00:05:00Z,swiftfederation,b.example,traffic,out,B,300,2,measured

            """
        let text = try refusal(rows, as: .swiftfederation)
        #expect(
            text
                == "month.csv: 2:1: series swiftfederation a.example traffic out (B, 86400 s): swiftfederation dumps show a bucket's "
                + "length only by the spacing of its points, and one --step cannot also decode swiftfederation b.example traffic out "
                + "(B, 300 s): encode them separately"
        )
    }

    @Test func aMetricWithoutAFieldIsRefused() throws {
        let swift = try refusal("2018-03-29T17:35:00Z,swiftfederation,d.example,traffic,in,B,300,10,measured\n", as: .swiftfederation)
        #expect(
            swift.contains("swiftfederation dumps hold traffic, hit_traffic (B, out), bandwidth (bit/s, out), requests and hit_requests")
        )
        let onapp = try refusal("2013-05-01T00:00:00Z,onapp,vm:1/disk:2,data_read,,B,3600,10,measured\n", as: .onapp)
        #expect(onapp == "month.csv: 2:1: series onapp vm:1/disk:2 data_read (B, 3600 s): onapp dumps hold data_read in KB only, not B ''")
        let money = try refusal("2013-05-01T00:00:00Z,onapp,vm:1,cost.total,,dollars,3600,1,measured\n", as: .onapp)
        #expect(money.contains("onapp dumps hold money in a currency code"), "\(money)")
    }

    @Test func negativeAndFractionalAmountsAreRefused() throws {
        let negative = try refusal("2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,-1,measured\n", as: .baishan)
        #expect(negative.hasSuffix("baishan dumps hold no negative values; found -1 at 2017-08-20T16:00:00Z"))
        let fraction = try refusal("2018-03-29T17:35:00Z,swiftfederation,d.example,traffic,out,B,300,1.5,measured\n", as: .swiftfederation)
        #expect(fraction.hasSuffix("swiftfederation dumps hold whole bytes only; found 1.5 at 2018-03-29T17:35:00Z"))
    }

    @Test func optionsOfAnotherProviderAreUsageErrors() throws {
        var options = DumpEncodeOptions()
        options.omitZeros = true
        let zeros = #expect(throws: Diagnostic.self) { try DumpEncoding.encode([], as: .surfercloud, options: options) }
        #expect(zeros?.exitCode == 64)
        options = DumpEncodeOptions()
        options.form = .json
        let form = #expect(throws: Diagnostic.self) { try DumpEncoding.errorBody(of: .baishan, options: options) }
        #expect(form?.message == "--form json is a onapp form; baishan: its forms are each-domain")
    }

    @Test func filledPointsAreWrittenWithAWarning() throws {
        let series = try CanonicalSeriesReader.read(
            Array((Self.header + "2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,0,zero-filled\n").utf8)
        )
        let dump = try DumpEncoding.encode(series, as: .baishan)
        #expect(
            dump.warnings.map(\.message) == [
                "series baishan all bandwidth out (bit/s, 300 s): 1 point is zero-filled (first at 2017-08-20T16:00:00Z); baishan dumps mark no quality, so they decode as measured"
            ]
        )
    }

    @Test func omittingZerosLeavesThemOutAndTheyDecodeAsAbsentZeros() throws {
        let rows = """
            2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,5,measured
            2017-08-20T16:05:00Z,baishan,all,bandwidth,out,bit/s,300,0,measured
            2017-08-20T16:10:00Z,baishan,all,bandwidth,out,bit/s,300,7,measured

            """
        var options = DumpEncodeOptions()
        options.omitZeros = true
        let dump = try DumpEncoding.encode(try CanonicalSeriesReader.read(Array((Self.header + rows).utf8)), as: .baishan, options: options)
        #expect(String(decoding: dump.bytes, as: UTF8.self) == "{\"code\":0,\"data\":[\n[1503244800,5],\n[1503245400,7]\n]}\n")
        let back = try BaishanBandwidthDecoder().decode(MemoryByteSource(dump.bytes), options: DecodeOptions())
        #expect(back.series.first?.identity.absent == .zero)
        #expect(back.series.first?.identity.step == 300)
    }
}
