import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// A provider that exists only in this test target: `{"toymeter": "link-1", "bps": [[unix, bit/s], ...]}`.
///
/// It proves README's "Adding a decoder": a decoder type and its registration are all a new
/// provider needs; conversion, validation and `usageconv formats` find it through the registry.
struct ToyMeterDecoder: UsageDecoder {
    let id = "toymeter"
    let summary = "Toy meter (test only): {toymeter: link, bps: [[unix, bit/s]]}"
    var facts: ProviderFacts {
        ProviderFacts(callSpan: .init(seconds: 3_600, rule: "the toy meter keeps one hour"))
    }

    func confidence(for shape: InputShape) -> Int {
        shape.syntax == .json && shape.has("$.toymeter", .string) && shape.has("$.bps", .array) ? 90 : 0
    }

    func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodeResult {
        let reader = JSONReader(source: source, options: options.jsonReaderOptions)
        try reader.expect(.beginObject, "a toy meter object")
        var link = "link"
        var points: [(Int64, Number)] = []
        try reader.forEachMember {
            if reader.isKey("toymeter") {
                link = try reader.readString("the link name")
            } else if reader.isKey("bps") {
                try reader.expect(.beginArray, "an array of [time, value] pairs")
                try reader.forEachElement { token in
                    guard token == .beginArray else { throw reader.mismatch(expected: "a [time, value] pair", found: token) }
                    try reader.expect(.number, "a unix time")
                    let time = try reader.int64Value()
                    try reader.expect(.number, "a value in bit/s")
                    points.append((time, try reader.numberValue()))
                    try reader.expect(.endArray, "the end of the pair")
                }
            } else {
                try reader.skipNextValue()
            }
        }
        let identity = SeriesIdentity(
            source: id,
            resource: link,
            metric: "bandwidth",
            direction: "out",
            unit: "bit/s",
            kind: .rate,
            step: 60,
            absent: .unknown
        )
        var builder = SeriesBuilder(identity: identity)
        for (time, value) in points { builder.append(time: time, value: value) }
        let (series, warnings) = try builder.finish(duplicates: options.duplicates)
        return DecodeResult(series: [series], warnings: warnings)
    }
}

// The registry is process-wide and suites run in parallel: tests elsewhere that enumerate
// decoders use `DecoderRegistry.builtIn`, so this test-only provider never shows up in them.
@Suite(.serialized) struct CustomDecoderTests {
    init() { DecoderRegistry.register(ToyMeterDecoder()) }

    /// Writes `text` to a temporary dump and returns its path.
    private func dump(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("toymeter-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func conversionPicksTheRegisteredDecoderByContent() throws {
        let path = try dump(#"{"toymeter": "link-7", "bps": [[1700000000, 1.5], [1700000060, 2]]}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = Conversion(inputs: BatchInput.expand([path])).load()
        #expect(loaded.failures.isEmpty)
        let sink = MemorySink()
        try DelimitedEncoder(style: .csv).encode(loaded.series, warnings: [], to: sink)
        #expect(
            sink.text == """
                time,source,resource,metric,direction,unit,step,value,quality
                2023-11-14T22:13:20Z,toymeter,link-7,bandwidth,out,bit/s,60,1.5,measured
                2023-11-14T22:14:20Z,toymeter,link-7,bandwidth,out,bit/s,60,2,measured

                """
        )
    }

    @Test func validationRunsTheDecodersChecksAndItsDeclaredFacts() throws {
        // Two points two hours apart: more than the one hour the decoder's facts declare per call.
        let path = try dump(#"{"toymeter": "link-7", "bps": [[1700000000, 1], [1700007200, 2]]}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let results = FixtureValidation(schemas: try DumpSchemas()).check(BatchInput.expand([path]))
        let messages = results.flatMap(\.findings).map(\.diagnostic.message)
        #expect(messages.contains { $0.contains("the toy meter keeps one hour") }, "\(messages)")
        let broken = try dump(#"{"toymeter": "link-7", "bps": [[1700000000, "x"]]}"#)
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let failed = FixtureValidation(schemas: try DumpSchemas()).check(BatchInput.expand([broken]))
        #expect(failed.first?.failed(strict: false) == true)
    }

    @Test func theFormatsListingAndForcedFormatNameIt() throws {
        #expect(DecoderRegistry.formatsListing.contains("toymeter"))
        #expect(DecoderRegistry.decoder(named: "TOYMETER")?.id == "toymeter")
        // Registering again replaces the decoder instead of listing it twice.
        DecoderRegistry.register(ToyMeterDecoder())
        #expect(DecoderRegistry.names.filter { $0 == "toymeter" }.count == 1)
        #expect(DecoderRegistry.names.starts(with: DecoderRegistry.builtIn.map(\.id)))
    }
}
