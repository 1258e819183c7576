import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

// The code between the `example` markers is README's "Use it as a library" example and the
// DocC getting-started article's, character for character: the test below compiles and runs it,
// and checks both documents still show exactly this code.

// example: start
/// Converts dumps to hourly CSV, as `usageconv FILE... --resample 1h --to csv` does.
func hourlyCSV(of paths: [String]) throws -> String {
    var plan = TransformPlan()
    if let hour = CalendarInterval(parsing: "1h") {
        plan.resample = try BucketGrid(interval: hour)
    }
    let conversion = Conversion(inputs: BatchInput.expand(paths), transforms: plan)
    let loaded = conversion.load()
    if let problem = loaded.fatal.first ?? loaded.failures.first {
        throw problem  // a Diagnostic: code, message, file, line:column or JSON path
    }
    let sink = MemorySink()
    try DelimitedEncoder(style: .csv).encode(loaded.series, warnings: loaded.warnings, to: sink)
    return String(decoding: sink.bytes, as: UTF8.self)
}

/// Checks a fixture as `usageconv validate FILE` does: its schema, then its decoder's consistency checks.
func problems(inFixture path: String) throws -> [String] {
    let bytes = try FileByteSource(path: path).readBytes(upTo: 64 << 20)
    let findings = try DumpValidation.validate(bytes: bytes, shown: path, schemas: DumpSchemas(), format: nil)
    return findings.map { "\($0.rule): \($0.diagnostic)" }
}

/// Writes usageconv CSV back as a Baishan dump, as `usageconv encode FILE --to baishan` does.
func baishanDump(fromCSV path: String) throws -> [UInt8] {
    let series = try CanonicalSeriesReader.read(try FileByteSource(path: path).readBytes(upTo: 64 << 20))
    let dump = try DumpEncoding.encode(series, as: .baishan)
    return dump.bytes  // dump.decodeArguments: flags the payload cannot say, such as --metric traffic
}
// example: end

@Suite struct LibraryExampleTests {
    @Test func theExampleConvertsABaishanDumpToHourlyCSV() throws {
        let csv = try hourlyCSV(of: [TestPaths.fixtures.appendingPathComponent("baishan/bandwidth-3days.json").path])
        let lines = csv.split(separator: "\n")
        #expect(lines.first == "time,source,resource,metric,direction,unit,step,value,quality")
        // Three days of 5-minute points, averaged into hours.
        #expect(lines.count == 1 + 72)
        #expect(lines.dropFirst().allSatisfy { $0.contains(",3600,") })
    }

    @Test func theExampleThrowsTheLocatedDiagnosticOfABrokenDump() throws {
        #expect(throws: Diagnostic.self) {
            try hourlyCSV(of: [TestPaths.fixtures.appendingPathComponent("baishan/error-401.json").path])
        }
    }

    @Test func theExampleValidatesAFixture() throws {
        #expect(try problems(inFixture: TestPaths.fixtures.appendingPathComponent("baishan/bandwidth-3days.json").path).isEmpty)
        #expect(try !problems(inFixture: TestPaths.fixtures.appendingPathComponent("baishan/seed-example.json").path).isEmpty)
    }

    @Test func theExampleEncodesCSVBackIntoTheDumpItCameFrom() throws {
        let dump = TestPaths.fixtures.appendingPathComponent("baishan/bandwidth-3days.json").path
        let folder = try TemporaryFolder()
        let csv = folder.file("month.csv")
        try Data(try hourlyCSV(of: [dump]).utf8).write(to: csv)
        let bytes = try baishanDump(fromCSV: csv.path)
        #expect(bytes.starts(with: Array("{\"code\":0,\"data\":[".utf8)))
        let back = try InputDecoding.decode(source: MemoryByteSource(bytes), format: nil, options: DecodeOptions())
        #expect(back.series.first?.count == 72)
        #expect(back.series.first?.identity.step == 3600)
    }

    @Test(arguments: ["README.md", "Sources/UsageConvCore/UsageConvCore.docc/GettingStarted.md"])
    func theDocumentShowsExactlyTheTestedCode(document: String) throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let start = try #require(source.range(of: "// example: start\n"))
        let end = try #require(source.range(of: "// example: end\n"))
        let example = String(source[start.upperBound..<end.lowerBound])
        let text = try String(contentsOfFile: TestPaths.root.appendingPathComponent(document).path, encoding: .utf8)
        #expect(text.contains("```swift\nimport UsageConvCore\n\n" + example + "```\n"))
    }
}
