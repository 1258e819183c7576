import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// What every decoder must do, checked on every decoder and every fixture of its provider.
struct DecoderContractTests {
    static let decoderIDs = DecoderRegistry.builtIn.map(\.id)

    /// Fixtures that decode without flags: not under `invalid/`, no `.args`.
    static let plainFixtures: [(provider: String, path: String)] = decoderIDs.flatMap { id in
        TestPaths.fixtureFiles(in: id)
            .filter { !$0.contains("/invalid/") && !$0.contains("/hostile/") && !$0.hasSuffix(".args") && !$0.hasSuffix(".md") }
            .filter { !FileManager.default.fileExists(atPath: TestPaths.root.appendingPathComponent($0 + ".args").path) }
            .map { (id, $0) }
    }

    /// A fixture's content: `.gz` fixtures (and gzip named otherwise) inflated, as `usageconv` reads them.
    static func bytes(_ path: String) throws -> [UInt8] {
        try InputDecoding.readAll(MemoryByteSource(Array(try Data(contentsOf: TestPaths.root.appendingPathComponent(path)))))
    }

    /// The exit status recorded at the end of the fixture's `Fixtures/expected/<provider>/<file>.stderr`.
    static func goldenExitStatus(_ path: String) throws -> Int {
        let parts = path.split(separator: "/")
        let golden = "Fixtures/expected/\(parts[1])/\(parts.dropFirst(2).joined(separator: "/")).stderr"
        let text = try String(contentsOf: TestPaths.root.appendingPathComponent(golden), encoding: .utf8)
        let last = text.split(separator: "\n").last.map(String.init) ?? ""
        return try #require(Int(last.replacingOccurrences(of: "exit status: ", with: "")), "\(golden) ends with '\(last)'")
    }

    @Test(arguments: decoderIDs)
    func rejectsEmptyInputWithALocatedError(_ id: String) throws {
        let decoder = try #require(DecoderRegistry.decoder(named: id))
        do {
            _ = try decoder.decode(MemoryByteSource([UInt8]()), options: DecodeOptions())
            Issue.record("\(id) accepted empty input")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.location?.line == 1, "\(diagnostic)")
            #expect(diagnostic.message.contains("end of input"), "\(diagnostic.message)")
        }
    }

    @Test(arguments: decoderIDs)
    func rejectsEveryOtherProvidersSuccessfulDump(_ id: String) throws {
        let decoder = try #require(DecoderRegistry.decoder(named: id))
        for other in Self.plainFixtures where other.provider != id && !other.path.contains("error") {
            let input = try Self.bytes(other.path)
            let result = try? decoder.decode(MemoryByteSource(input), options: DecodeOptions())
            // Accepting another provider's dump is only tolerable when nothing came out of it.
            #expect(result == nil || result?.series.allSatisfy { $0.count == 0 } == true, "\(id) decoded \(other.path)")
        }
    }

    @Test(arguments: plainFixtures.map(\.path))
    func autoDetectionPicksTheFixturesProvider(_ path: String) throws {
        let provider = String(path.split(separator: "/")[1])
        let input = try Self.bytes(path)
        let shape = ShapeSniffer.shape(of: Array(input.prefix(65_536)))
        if shape.syntax == .html { return }  // an HTML error page names no provider
        let chosen = try DecoderRegistry.select(for: shape)
        #expect(chosen.id == provider, "\(path) went to \(chosen.id)")
    }

    @Test(arguments: plainFixtures.map(\.path))
    func decodesDeterministicallyWithSortedUniqueTimes(_ path: String) throws {
        let provider = String(path.split(separator: "/")[1])
        let decoder = try #require(DecoderRegistry.decoder(named: provider))
        let input = try Self.bytes(path)
        if ShapeSniffer.shape(of: Array(input.prefix(4096))).syntax == .html { return }  // decoded by no decoder
        // The CLI's golden says whether the fixture converts: one that does (exit 0) must decode here.
        let converts = try Self.goldenExitStatus(path) == 0
        func run() throws -> DecodeResult? {
            do {
                return try decoder.decode(MemoryByteSource(input, chunkLimit: 7), options: DecodeOptions())
            } catch let diagnostic as Diagnostic {
                // Error bodies are provider errors, never syntax errors.
                #expect(diagnostic.code == .providerError || !path.contains("error"), "\(path): \(diagnostic)")
                #expect(!converts, "\(path) converts (its golden exits 0), yet decoding it threw: \(diagnostic)")
                return nil
            }
        }
        guard let first = try run() else { return }
        let second = try #require(try run())
        #expect(first.series == second.series)
        for series in first.series {
            #expect(zip(series.times, series.times.dropFirst()).allSatisfy { $0 < $1 }, "\(path): times not sorted and unique")
            #expect(series.identity.source == provider)
            #expect(series.identity.step > 0)
        }
    }
}
