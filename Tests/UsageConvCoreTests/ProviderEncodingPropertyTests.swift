import PropertyBased
import Testing

@testable import UsageConvCore

/// decode(encode(series)) == series on generated series, for every provider: any set of times on
/// the provider's step, any non-negative exact values (whole where the format counts bytes).
struct ProviderEncodingPropertyTests {
    /// The identity each provider's decoder gives such a series.
    static func identity(_ provider: DumpProvider, step: Int64) -> SeriesIdentity {
        switch provider {
        case .baishan:
            SeriesIdentity(
                source: "baishan",
                resource: "all",
                metric: "bandwidth",
                direction: "out",
                unit: "bit/s",
                kind: .rate,
                step: step,
                absent: .zero
            )
        case .swiftfederation:
            SeriesIdentity(
                source: "swiftfederation",
                resource: "cdn.example.com",
                metric: "traffic",
                direction: "out",
                unit: "B",
                kind: .amount,
                step: step,
                absent: .zero
            )
        case .interserver:
            SeriesIdentity(
                source: "interserver",
                resource: "10.0.0.1",
                metric: "bandwidth",
                direction: "in",
                unit: "B/s",
                kind: .rate,
                step: step,
                absent: .unknown
            )
        case .surfercloud:
            SeriesIdentity(
                source: "surfercloud",
                resource: "eip-x",
                metric: "traffic",
                direction: "out",
                unit: "GB",
                kind: .amount,
                step: step,
                absent: .unknown
            )
        case .onapp:
            SeriesIdentity(
                source: "onapp",
                resource: "vm:7",
                metric: "cost.total",
                direction: "",
                unit: "EUR",
                kind: .amount,
                step: step,
                absent: .unknown
            )
        }
    }

    /// Steps each provider has.
    static let steps: [DumpProvider: [Int64]] = [
        .baishan: [60, 300, 3600, 86_400], .swiftfederation: [300, 86_400], .interserver: [60, 300],
        .surfercloud: [86_400], .onapp: [3600],
    ]

    @Test(arguments: DumpProvider.allCases)
    func decodingAnEncodedSeriesGivesItBack(_ provider: DumpProvider) async {
        let whole = provider == .swiftfederation
        await propertyCheck(
            input: Gen.int64(in: 0...400).array(of: 1...60),
            Gen.int64(in: 0...9_999_999_999).array(of: 1...8),
            Gen.element(of: Self.steps[provider] ?? [300]).map { $0 ?? 300 },
            Gen.int64(in: 0...4)
        ) { slots, digits, step, scale in
            let base: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z
            let times = Set(slots).sorted().map { base + $0 * step }
            let values = times.indices.map { Number(significand: digits[$0 % digits.count], exponent: whole ? 0 : -Int(scale)) }
            let series = Series(identity: Self.identity(provider, step: step), times: times, values: values)
            let dump = try DumpEncoding.encode([series], as: provider)
            var options = DecodeOptions()
            var index = 0
            while index + 1 < dump.decodeArguments.count {
                if dump.decodeArguments[index] == "--step" { options.step = Int64(dump.decodeArguments[index + 1]) }
                index += 2
            }
            let back = try InputDecoding.decode(source: MemoryByteSource(dump.bytes), format: provider.rawValue, options: options).series
            #expect(back.map(\.identity) == [series.identity])
            #expect(back.first?.times == series.times)
            #expect(back.first?.values == series.values)
            #expect(back.first?.qualities == series.qualities)
        }
    }
}
