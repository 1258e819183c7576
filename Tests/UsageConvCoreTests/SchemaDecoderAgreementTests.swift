import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// Every bundled provider schema accepts exactly what its decoder accepts without `--lenient`:
/// `validate` never calls a dump invalid that `convert` reads, nor valid one it refuses.
///
/// Compared on every fixture and on the contract cases below. Not compared: input that is not a
/// document the tool reads at all (syntax, truncation, nesting depth, duplicate keys, numbers no
/// Double holds, DTDs): `validate` reports those as `json`/`decode` errors before any schema, and
/// facts relating two members (SurferCloud's `EndTime` after `StartTime`), which JSON Schema
/// cannot state; README lists them.
struct SchemaDecoderAgreementTests {
    static let providers = ["baishan", "interserver", "onapp", "surfercloud", "swiftfederation"]

    /// Decoder refusals that are about reading the bytes, not the dump's shape.
    static let readingCodes: Set<Diagnostic.Code> = [
        .malformedInput, .truncatedInput, .depthLimit, .duplicateKey, .numberOutOfRange, .sizeLimit,
    ]

    /// Dumps whose only defect relates two members.
    static let relational: Set<String> = ["Fixtures/surfercloud/invalid/seed-without-lenient.json"]

    enum Verdict: Equatable {
        case accepts
        case refuses(String)
        case notADocument

        var accepted: Bool { self == .accepts }
    }

    static func decoderVerdict(_ bytes: [UInt8], provider: String) -> Verdict {
        do {
            _ = try InputDecoding.decode(source: MemoryByteSource(bytes), format: provider, options: DecodeOptions())
            return .accepts
        } catch let diagnostic as Diagnostic {
            if diagnostic.code == .providerError { return .accepts }  // the schemas describe error bodies too
            if readingCodes.contains(diagnostic.code) || diagnostic.message.contains("DOCTYPE") { return .notADocument }
            return .refuses(diagnostic.description)
        } catch {
            return .refuses("\(error)")
        }
    }

    static func schemaVerdict(_ bytes: [UInt8], provider: String, schemas: DumpSchemas) throws -> Verdict {
        let shape = ShapeSniffer.shape(of: Array(bytes.prefix(ShapeSniffer.prefixLength)))
        if shape.syntax == .html { return .accepts }  // an error page: no schema applies, the decoder reports the error
        if shape.syntax == .xml {
            let errors = schemas.xsd.validate(MemoryByteSource(bytes)).filter { $0.severity == .error }
            if errors.contains(where: { $0.code == .malformedInput }) { return .notADocument }
            return errors.first.map { .refuses($0.description) } ?? .accepts
        }
        let schema = try #require(schemas.providerJSON[provider])
        guard let value = try? JSONValueParser.parse(bytes) else { return .notADocument }
        let violations = try schema.validate(value: value)
        return violations.first.map { .refuses($0.description) } ?? .accepts
    }

    static let fixtures: [String] = providers.flatMap { TestPaths.fixtureFiles(in: $0) }
        .filter { !$0.hasSuffix(".args") && !$0.hasSuffix(".md") }

    @Test func everyFixtureIsAcceptedByTheSchemaExactlyWhenByTheDecoder() throws {
        let schemas = try DumpSchemas()
        var compared = 0
        for path in Self.fixtures where !Self.relational.contains(path) {
            let provider = String(path.split(separator: "/")[1])
            let bytes = try InputDecoding.readAll(MemoryByteSource(try TestPaths.fixture(String(path.dropFirst("Fixtures/".count)))))
            let decoder = Self.decoderVerdict(bytes, provider: provider)
            let schema = try Self.schemaVerdict(bytes, provider: provider, schemas: schemas)
            if decoder == .notADocument || schema == .notADocument { continue }
            compared += 1
            #expect(decoder.accepted == schema.accepted, "\(path): decoder \(decoder), schema \(schema)")
        }
        #expect(compared > 80, "only \(compared) fixtures compared")
    }

    /// An OnApp XML record with this `stat_time` and `total_cost` text (the XSD's side of the contract).
    static func onappXML(_ statTime: String, _ cost: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <vm_stats type="array">
          <vm_stat>
            <stat_time type="datetime">\(statTime)</stat_time>
            <currency_code>USD</currency_code>
            <virtual_machine_id type="integer">7</virtual_machine_id>
            <total_cost type="decimal">\(cost)</total_cost>
          </vm_stat>
        </vm_stats>

        """
    }

    /// Boundaries of each decoder's contract, and whether it accepts them.
    static let contractCases: [(provider: String, json: String, accepted: Bool)] = [
        // Baishan: null values are missing points; a numeric string code; negative or string values are refused.
        ("baishan", #"{"code": 0, "data": [[1503244800, null], [1503245100, 2.5]]}"#, true),
        ("baishan", #"{"code": "0", "data": [[1503244800, 1]]}"#, true),
        ("baishan", #"{"code": 0, "data": [[1503244800, "1"]]}"#, false),
        ("baishan", #"{"code": 0, "data": [[1503244800, -1]]}"#, false),
        ("baishan", #"{"code": 0, "data": [[1503244800.5, 1]]}"#, false),
        ("baishan", #"{"code": 0, "data": {"a.example": {"domain": "a.example", "data": [[1503244800, null]]}}}"#, true),
        // InterServer: null samples; ISO times with an offset or without seconds; others refused.
        (
            "interserver",
            #"{"data": [{"name": "10.0.0.1 In", "data": [["2023-09-17T01:00:30Z", null], ["2023-09-17T01:01:30+02:00", 4], ["2023-09-17T01:02Z", 5]]}]}"#,
            true
        ),
        ("interserver", #"{"data": [{"name": "10.0.0.1 In", "data": [["2023-09-17 01:00:30", 1]]}]}"#, false),
        ("interserver", #"{"data": [{"name": "10.0.0.1 In", "data": [["2023-13-17T01:00:30Z", 1]]}]}"#, false),
        ("interserver", #"{"data": [{"name": "10.0.0.1 In", "data": [["2023-09-17T01:00:30Z", "1"]]}]}"#, false),
        ("interserver", #"{"history": {"hour": {"data": [["2023-09-17T01:00:00Z", null]]}}}"#, true),
        // SwiftFederation: a null value; a fractional byte count or an odd timestamp is refused.
        ("swiftfederation", #"[{"domain": "a", "volumes": [{"timestamp": "2018-03-29T00:00:00Z", "value": null}]}]"#, true),
        ("swiftfederation", #"[{"timestamp": "2018-03-29T00:00:00Z", "value": null}]"#, true),
        ("swiftfederation", #"[{"domain": "a", "volumes": [{"timestamp": "2018-03-29T00:00:00Z", "value": 1.5}]}]"#, false),
        ("swiftfederation", #"[{"domain": "a", "bandwidths": [{"timestamp": "2018-03-29T00:00:00Z", "value": 1.5}]}]"#, true),
        ("swiftfederation", #"[{"domain": "a", "volumes": [{"timestamp": "29/03/2018", "value": 1}]}]"#, false),
        (
            "swiftfederation", #"[{"domain": "a", "hitReqNumbers": [{"timestamp": "2018-03-29T00:00:00Z", "request": 3, "hit": null}]}]"#,
            true
        ),
        // SurferCloud: null quantity and money; quoted numbers; a missing quantity is refused.
        (
            "surfercloud",
            #"{"RetCode": 0, "Stats": [{"StartTime": 1698768000, "EndTime": 1698854400, "QuantityOut": null, "QuantityOutMoney": null, "BillingState": "Yes"}]}"#,
            true
        ),
        ("surfercloud", #"{"RetCode": "0", "Stats": [{"StartTime": "1698768000", "EndTime": 1698854400, "QuantityOut": "3"}]}"#, true),
        ("surfercloud", #"{"RetCode": 0, "Stats": [{"StartTime": 1698768000, "EndTime": 1698854400}]}"#, false),
        ("surfercloud", #"{"RetCode": 0, "Stats": [{"StartTime": 1698768000, "EndTime": 1698854400, "QuantityOut": -1}]}"#, false),
        // OnApp: costs as Ruby writes them ("1.0e-05"), quoted ids, nulls; no leading zeros, no words.
        (
            "onapp",
            #"[{"vm_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "currency_code": "USD", "virtual_machine_id": 7, "total_cost": "1.0e-05"}}]"#,
            true
        ),
        (
            "onapp",
            #"[{"vm_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "currency_code": "USD", "virtual_machine_id": "7", "total_cost": null}}]"#,
            true
        ),
        (
            "onapp",
            #"[{"vm_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "currency_code": "USD", "virtual_machine_id": 7, "billing_stats": {"disks": [{"id": 1, "costs": [{"resource_name": "disk_size", "value": "2.5E+1", "cost": "0.10"}]}]}}}]"#,
            true
        ),
        (
            "onapp",
            #"[{"vm_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "currency_code": "USD", "virtual_machine_id": 7, "billing_stats": {"disks": [{"id": 1, "costs": [{"resource_name": "disk_size", "value": "01", "cost": "0.10"}]}]}}}]"#,
            false
        ),
        (
            "onapp",
            #"[{"vm_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "currency_code": "USD", "virtual_machine_id": 7, "billing_stats": {"disks": [{"id": 1, "costs": [{"resource_name": "disk_size", "value": "ten", "cost": "0.10"}]}]}}}]"#,
            false
        ),
        ("onapp", #"[{"vm_hourly_stat": {"stat_time": "01/05/2013 00:00", "currency_code": "USD", "virtual_machine_id": 7}}]"#, false),
        ("onapp", #"[{"net_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "data_sent": -3}}]"#, false),
        ("onapp", #"[{"net_hourly_stat": {"stat_time": "2013-05-01T00:00:00Z", "data_sent": "-3"}}]"#, false),
        // OnApp XML against the XSD: the same number and time forms, white space around text ignored.
        ("onapp", onappXML("2013-05-01T00:00:00Z", "1.0e-05"), true),
        ("onapp", onappXML("2013-05-01T00:00:00Z", " 1.5 "), true),
        ("onapp", onappXML("2013-05-01T00:00:00Z", "01"), false),
        ("onapp", onappXML("2013-05-01T00:00:00Z", "ten"), false),
        ("onapp", onappXML("2013-05-01 00:00:00Z", "1"), true),
        ("onapp", onappXML("2013-05-01T00:00Z", "1"), true),
        ("onapp", onappXML("2013-05-01T00:00:00+0300", "1"), true),
        ("onapp", onappXML("2013-05-01T00:00:00.5Z", "1"), false),
        ("onapp", onappXML("01/05/2013 00:00", "1"), false),
    ]

    @Test(arguments: 0..<contractCases.count)
    func contractCaseIsJudgedAlikeByTheSchemaAndTheDecoder(_ index: Int) throws {
        let (provider, json, accepted) = Self.contractCases[index]
        let bytes = Array(json.utf8)
        let decoder = Self.decoderVerdict(bytes, provider: provider)
        let schema = try Self.schemaVerdict(bytes, provider: provider, schemas: try DumpSchemas())
        #expect(decoder.accepted == accepted, "\(provider) decoder: \(decoder) on \(json)")
        #expect(schema.accepted == accepted, "\(provider) schema: \(schema) on \(json)")
    }
}
