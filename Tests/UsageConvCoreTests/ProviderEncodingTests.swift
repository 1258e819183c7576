import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// `DumpEncoding`: every fixture of every provider decodes, encodes and decodes back to the same
/// series; encoded dumps pass `usageconv validate`; goldens show one dump per provider.
struct ProviderEncodingTests {
    /// A fixture that decodes, with the flags its `.args` file gives.
    struct Case: CustomTestStringConvertible, Sendable {
        var provider: DumpProvider
        var path: String
        var arguments: [String]
        var form: DumpForm?
        var testDescription: String { path + (form.map { " as \($0.rawValue)" } ?? "") }
    }

    /// Every fixture of every provider that decodes (error bodies and `invalid/` ones do not);
    /// OnApp fixtures once per form.
    static let cases: [Case] = DumpProvider.allCases.flatMap { provider in
        TestPaths.fixtureFiles(in: provider.rawValue)
            .filter { !$0.contains("/invalid/") && !$0.contains("/hostile/") && !$0.hasSuffix(".args") && !$0.hasSuffix(".md") }
            .flatMap { path -> [Case] in
                let arguments =
                    (try? String(contentsOf: TestPaths.root.appendingPathComponent(path + ".args"), encoding: .utf8))
                    .map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
                guard (try? decode(DecoderContractTests.bytes(path), arguments, provider: provider)) != nil else { return [] }
                let forms: [DumpForm?] = provider == .onapp ? [.xml, .json] : [nil]
                return forms.map { Case(provider: provider, path: path, arguments: arguments, form: $0) }
            }
    }

    /// Decode options from command-line flags (`--label end`, `--metric traffic`, ...).
    static func options(_ arguments: [String]) -> DecodeOptions {
        var options = DecodeOptions()
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--lenient": options.lenient = true
            case "--label": options.label = DecodeOptions.Label(rawValue: value) ?? .start
            case "--metric": options.metric = value
            case "--resource": options.resource = value
            case "--step": options.step = Int64(value)
            case "--assume-unit": options.assumedUnit = value
            default: break
            }
            index += arguments[index] == "--lenient" ? 1 : 2
        }
        return options
    }

    static func decode(_ bytes: [UInt8], _ arguments: [String], provider: DumpProvider) throws -> DecodeResult {
        try InputDecoding.decode(source: MemoryByteSource(bytes), format: provider.rawValue, options: options(arguments))
    }

    /// The series in one order, whatever order the dump lists them in.
    static func sorted(_ series: [Series]) -> [Series] {
        series.sorted { $0.identity < $1.identity || ($0.identity == $1.identity && $0.count < $1.count) }
    }

    /// Fixture → series → dump → series, with the flags the encoder says the dump needs.
    static func roundTrip(_ c: Case) throws -> (original: [Series], dump: EncodedDump, back: DecodeResult)? {
        let original = try decode(DecoderContractTests.bytes(c.path), c.arguments, provider: c.provider).series
        var options = DumpEncodeOptions()
        options.form = c.form
        let dump: EncodedDump
        do {
            dump = try DumpEncoding.encode(original, as: c.provider, options: options)
        } catch let diagnostic as Diagnostic where c.arguments.contains("--lenient") {
            // What only --lenient reads (the seeds' filler) the format cannot hold: refused, naming the series.
            #expect(diagnostic.code == .invalidValue && diagnostic.message.hasPrefix("series \(c.provider.rawValue) "), "\(diagnostic)")
            return nil
        }
        let back = try decode(dump.bytes, dump.decodeArguments, provider: c.provider)
        return (original, dump, back)
    }

    @Test(arguments: cases)
    func encodingAFixturesSeriesDecodesToTheSameSeries(_ c: Case) throws {
        guard let (original, dump, back) = try Self.roundTrip(c) else { return }
        var expected = Self.sorted(original)
        // InterServer's `last` is made the newest sample's time (the summaries are made consistent).
        if c.provider == .interserver {
            let newest = original.filter { $0.identity.kind == .rate }.compactMap(\.times.last).max()
            for k in expected.indices { if let newest { expected[k].meta["last"] = UnixTime.iso8601(newest) } }
        }
        let actual = Self.sorted(back.series)
        #expect(actual.map(\.identity) == expected.map(\.identity), "\(c.path)\n\(String(decoding: dump.bytes.prefix(600), as: UTF8.self))")
        for (a, e) in zip(actual, expected) {
            #expect(a.times == e.times, "\(c.path): \(e.identity)")
            #expect(a.values == e.values, "\(c.path): \(e.identity)")
            #expect(a.qualities == e.qualities, "\(c.path): \(e.identity)")
            #expect(a.labels == e.labels, "\(c.path): \(e.identity)")
            #expect(a.meta == e.meta, "\(c.path): \(e.identity)")
        }
    }

    /// Every dump made from a fixture that decodes cleanly passes `usageconv validate`: its
    /// provider's schema (or the XSD), a strict decode without a warning, the consistency checks.
    @Test(arguments: cases)
    func encodedDumpsPassValidate(_ c: Case) throws {
        let original = try Self.decode(DecoderContractTests.bytes(c.path), c.arguments, provider: c.provider)
        guard let (_, dump, _) = try Self.roundTrip(c) else { return }
        let findings = try DumpValidation.validate(bytes: dump.bytes, shown: "encoded", schemas: DumpSchemas(), format: c.provider.rawValue)
        let fixtureFindings = try DumpValidation.validate(
            bytes: try DecoderContractTests.bytes(c.path),
            shown: c.path,
            schemas: DumpSchemas(),
            format: c.provider.rawValue
        )
        // A fixture with defects of its own (nulls, totals that disagree, duplicates) may keep
        // some in its encoding (nulls stay null); one that validates must encode to one that does.
        if fixtureFindings.isEmpty && original.warnings.isEmpty && dump.decodeArguments.isEmpty {
            #expect(findings.isEmpty, "\(c.path): \(findings.map { "\($0.rule): \($0.diagnostic)" })")
        } else {
            #expect(
                !findings.contains { $0.rule == "schema" || $0.rule == "xsd" || $0.rule == "json" },
                "\(c.path): \(findings.map(\.diagnostic))"
            )
        }
    }

    /// The providers `encode --to` takes are exactly the decoders `--format` takes.
    @Test func providersAreTheDecoders() {
        #expect(DumpProvider.allCases.map(\.rawValue).sorted() == DecoderRegistry.builtIn.map(\.id).sorted())
    }

    @Test(arguments: [
        ("baishan/each-domain.json", DumpProvider.baishan, DumpForm?.none, "json"),
        ("baishan/traffic-daily.json", .baishan, nil, "json"),
        ("swiftfederation/hit-request-number.json", .swiftfederation, nil, "json"),
        ("swiftfederation/customer-volume-daily.json", .swiftfederation, .customer, "json"),
        ("interserver/null-samples.json", .interserver, nil, "json"),
        ("surfercloud/ucloud-field-names.json", .surfercloud, nil, "json"),
        ("onapp/exact-money.xml", .onapp, .xml, "xml"),
        ("onapp/exact-money.xml", .onapp, .json, "json"),
        ("onapp/net-hourly-stats.xml", .onapp, .xml, "xml"),
    ])
    func goldenDumps(_ fixture: String, _ provider: DumpProvider, _ form: DumpForm?, _ ext: String) throws {
        let path = "Fixtures/" + fixture
        let arguments =
            (try? String(contentsOf: TestPaths.root.appendingPathComponent(path + ".args"), encoding: .utf8))
            .map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
        let series = try Self.decode(DecoderContractTests.bytes(path), arguments, provider: provider).series
        var options = DumpEncodeOptions()
        options.form = form
        let dump = try DumpEncoding.encode(series, as: provider, options: options)
        let name = fixture.replacingOccurrences(of: "/", with: "--") + (form.map { ".\($0.rawValue)" } ?? "")
        var text = String(decoding: dump.bytes, as: UTF8.self)
        if !dump.decodeArguments.isEmpty { text = "decode with: \(dump.decodeArguments.joined(separator: " "))\n" + text }
        expectSnapshot(text, at: "Fixtures/expected/encode/\(name).\(ext)")
    }

    @Test(arguments: DumpProvider.allCases)
    func errorBodiesDecodeAsTheProvidersError(_ provider: DumpProvider) throws {
        let forms: [DumpForm?] = provider == .onapp ? [.xml, .json] : [nil]
        for form in forms {
            var options = DumpEncodeOptions()
            options.form = form
            let body = try DumpEncoding.errorBody(of: provider, options: options)
            // Picked by content alone (as `usageconv FILE` would) it is a provider error; its own
            // decoder names the provider (InterServer and SwiftFederation share the {code, message} shape).
            let byContent = #expect(throws: Diagnostic.self) {
                try InputDecoding.decode(source: MemoryByteSource(body), format: nil, options: DecodeOptions())
            }
            #expect(byContent?.code == .providerError, "\(provider): \(String(describing: byContent))")
            do {
                _ = try InputDecoding.decode(source: MemoryByteSource(body), format: provider.rawValue, options: DecodeOptions())
                Issue.record("\(provider): the error body decoded as data")
            } catch let diagnostic as Diagnostic {
                #expect(diagnostic.code == .providerError, "\(provider): \(diagnostic)")
                #expect(diagnostic.message.hasPrefix("\(provider.rawValue) API error"), "\(diagnostic.message)")
            }
        }
    }
}

extension ProviderEncodingTests {
    /// Record money, the VM's own rows, a disk and a NIC in one hour, as OnApp lists them.
    static var billingSeries: [Series] {
        func series(
            _ resource: String,
            _ metric: String,
            _ direction: String,
            _ unit: String,
            _ values: [Number],
            label: String? = nil
        ) -> Series {
            let identity = SeriesIdentity(
                source: "onapp",
                resource: resource,
                metric: metric,
                direction: direction,
                unit: unit,
                kind: .amount,
                step: 3600,
                absent: .unknown
            )
            return Series(
                identity: identity,
                times: [1_367_366_400, 1_367_370_000].prefix(values.count).map { $0 },
                values: values,
                meta: label.map { ["label": $0] } ?? [:]
            )
        }
        let cents = { (c: Int64) in Number(significand: c, exponent: -2) }
        return [
            series("vm:7", "cost.total", "", "EUR", [cents(12), cents(13)]),
            series("vm:7", "cpus", "", "onapp:cpus", [Number(Int64(2)), Number(Int64(2))], label: "web"),
            series("vm:7", "cost.cpus", "", "EUR", [cents(5), cents(5)], label: "web"),
            series("vm:7/disk:70", "disk_size", "", "onapp:disk_size", [Number(Int64(20)), Number(Int64(20))]),
            series("vm:7/disk:70", "cost.disk_size", "", "EUR", [cents(2), cents(2)]),
            series("vm:7/nic:71", "data_sent", "out", "KB", [Number(Int64(54088)), Number(Int64(61000))], label: "eth0"),
            series("vm:7/nic:71", "cost.data_sent", "", "EUR", [cents(1), cents(2)], label: "eth0"),
            series("user:3", "cost", "", "EUR", [Number(Int64(1))]),
        ]
    }

    @Test(arguments: [DumpForm.xml, .json])
    func billingStatsRoundTripAndGolden(_ form: DumpForm) throws {
        var options = DumpEncodeOptions()
        options.form = form
        let dump = try DumpEncoding.encode(Self.billingSeries, as: .onapp, options: options)
        expectSnapshot(String(decoding: dump.bytes, as: UTF8.self), at: "Fixtures/expected/encode/onapp--billing-stats.\(form.rawValue)")
        let back = try Self.decode(dump.bytes, [], provider: .onapp)
        #expect(back.warnings.isEmpty, "\(back.warnings)")
        #expect(Self.sorted(back.series) == Self.sorted(Self.billingSeries))
        let findings = try DumpValidation.validate(bytes: dump.bytes, shown: "billing", schemas: DumpSchemas(), format: "onapp")
        #expect(findings.isEmpty, "\(findings.map(\.diagnostic))")
    }
}

extension ProviderEncodingTests {
    /// The readers of the written dumps (the XSD through libxml2, the provider decoders) reject a
    /// broken one, so the validity checks above can fail.
    @Test func aBrokenEncodedDumpIsRejected() throws {
        var options = DumpEncodeOptions()
        options.form = .xml
        let xml = String(decoding: try DumpEncoding.encode(Self.billingSeries, as: .onapp, options: options).bytes, as: UTF8.self)
        let broken = xml.replacingOccurrences(of: "<id type=\"integer\">70</id>", with: "<id type=\"integer\">7.5</id>")
        #expect(broken != xml)
        let findings = try DumpValidation.validate(bytes: Array(broken.utf8), shown: "broken.xml", schemas: DumpSchemas(), format: "onapp")
        #expect(findings.contains { $0.rule == "xsd" }, "\(findings.map(\.diagnostic))")
        let series = try Self.decode(DecoderContractTests.bytes("Fixtures/baishan/bandwidth-hourly.json"), [], provider: .baishan).series
        let json = try DumpEncoding.encode(series, as: .baishan).bytes
        let truncated = Array(json.dropLast(4))
        let error = #expect(throws: Diagnostic.self) { try Self.decode(truncated, [], provider: .baishan) }
        #expect(error?.code == .truncatedInput, "\(String(describing: error))")
    }
}

extension ProviderEncodingTests {
    /// End labels (Baishan `stat_is_forward=1`, OnApp's hour ending at `stat_time`) decode back with `--label end`.
    @Test(arguments: ["Fixtures/baishan/bandwidth-hourly.json", "Fixtures/onapp/exact-money.xml"])
    func endLabelsDecodeBackWithLabelEnd(_ path: String) throws {
        let provider = try #require(DumpProvider(rawValue: String(path.split(separator: "/")[1])))
        let series = try Self.decode(DecoderContractTests.bytes(path), [], provider: provider).series
        var options = DumpEncodeOptions()
        options.label = .end
        let dump = try DumpEncoding.encode(series, as: provider, options: options)
        #expect(dump.decodeArguments.suffix(2) == ["--label", "end"])
        let start = try DumpEncoding.encode(series, as: provider).bytes
        #expect(dump.bytes != start)
        let back = try Self.decode(dump.bytes, dump.decodeArguments, provider: provider).series
        #expect(Self.sorted(back) == Self.sorted(series))
        let refused = #expect(throws: Diagnostic.self) { try DumpEncoding.encode([], as: .surfercloud, options: options) }
        #expect(refused?.exitCode == 64)
    }
}
