import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// The XML parse thread (`XMLParsePipeline`) outlives no reader and is never freed while in use,
/// whatever makes the reader stop early.
///
/// Inputs without a size (memory, stdin, gzip, zip entries) always take the pipeline. Before the
/// fix, dropping a reader while the thread was ahead of it freed a libdispatch semaphore below its
/// starting value: SIGILL, about every second run of `validate` on the fixture below. The loops
/// make the race all but certain to show within one test run.
struct XMLReaderLifetimeTests {
    /// The reported dump: OnApp XML whose second record's `stat_time` is `201V-05-01T04:00:00+03:00`.
    static let badStatTime = "onapp/invalid/bad-stat-time.xml"

    @Test func validatingADumpThatFailsOnItsSecondRecordNeverCrashes() throws {
        let bytes = try TestPaths.fixture(Self.badStatTime)
        let schemas = try DumpSchemas()
        for _ in 0..<60 {
            // Both passes: the strict decode stops at record 2, then the lenient one does too.
            let findings = try DumpValidation.validate(bytes: bytes, shown: "dump.xml", schemas: schemas, format: nil)
            let decode = try #require(findings.first { $0.rule == "decode" })
            #expect(decode.diagnostic.severity == .error)
            #expect(decode.diagnostic.location?.line == 90)
            #expect(decode.diagnostic.location?.path == "/vm_hourly_stats/vm_hourly_stat[2]")
            #expect(decode.diagnostic.message.contains("'201V-05-01T04:00:00+03:00'"))
        }
    }

    @Test func aDecoderErrorMidDocumentLeavesTheParseThreadSafely() throws {
        let bytes = try TestPaths.fixture(Self.badStatTime)
        for chunk in [Int.max, 4096, 97] {
            for _ in 0..<20 {
                let error = #expect(throws: Diagnostic.self) {
                    try InputDecoding.decode(source: MemoryByteSource(bytes, chunkLimit: chunk), format: nil, options: DecodeOptions())
                }
                #expect(error?.code == .invalidTimestamp)
                #expect(error?.location?.line == 90)
            }
        }
    }

    /// A document many batches long, so the thread is always ahead when the reader is dropped.
    static func longDocument(records: Int) -> [UInt8] {
        var text = "<?xml version=\"1.0\"?>\n<vm_stats type=\"array\">\n"
        for i in 0..<records {
            text += "<vm_hourly_stat><id type=\"integer\">\(i)</id><total_cost type=\"decimal\">0.5</total_cost></vm_hourly_stat>\n"
        }
        return Array((text + "</vm_stats>\n").utf8)
    }

    @Test(arguments: [0, 1, 5_000])
    func aReaderDroppedAfterAnyNumberOfEventsStopsItsThread(_ events: Int) throws {
        let bytes = Self.longDocument(records: 20_000)
        for _ in 0..<20 {
            let reader = try XMLStreamReader(source: MemoryByteSource(bytes))
            var seen = 0
            while seen < events, try reader.next() != nil { seen += 1 }
            #expect(seen == events)
        }
    }

    @Test func aReaderReadToTheEndSeesEveryRecord() throws {
        let reader = try XMLStreamReader(source: MemoryByteSource(Self.longDocument(records: 3_000), chunkLimit: 1000))
        var records = 0
        while let event = try reader.next() {
            if case .start(name: "vm_hourly_stat", _, _, _) = event { records += 1 }
        }
        #expect(records == 3_000)
        #expect(try reader.next() == nil)
    }
}
