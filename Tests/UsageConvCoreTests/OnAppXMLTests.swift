import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// OnApp XML through the library: twins agree with JSON, hostile documents read nothing and fail
/// fast with one clear error, and a pipe (no size known: the parser thread) reads what a file does.
struct OnAppXMLTests {
    /// Every `Fixtures/onapp/<name>.xml` that has a `<name>.json` twin.
    static let twins: [String] = TestPaths.fixtureFiles(in: "onapp")
        .filter { $0.hasSuffix(".xml") && !$0.contains("/invalid/") && !$0.contains("/hostile/") }
        .map { String($0.dropLast(4)) }
        .filter { !$0.hasSuffix("/error-404") && !$0.hasSuffix("/error-422") }
        .filter { FileManager.default.fileExists(atPath: TestPaths.root.appendingPathComponent($0 + ".json").path) }

    static var lenient: DecodeOptions {
        var options = DecodeOptions()
        options.lenient = true
        return options
    }

    @Test func thereAreTwins() {
        #expect(Self.twins.count >= 5)
    }

    @Test(arguments: twins)
    func xmlAndJSONTwinsGiveIdenticalSeries(_ base: String) throws {
        for format in [OutputFormat.csv, .json] {
            let xml = LibraryRun.convert([base + ".xml"], to: format)
            let json = LibraryRun.convert([base + ".json"], to: format)
            #expect(xml.status == 0 && json.status == 0, "\(xml.stderr)\(json.stderr)")
            #expect(!xml.output.isEmpty)
            // Warnings point into their own file (line numbers differ); the series must not.
            let series = { (text: String) in text.components(separatedBy: "\"warnings\":").first ?? text }
            #expect(series(xml.stdout) == series(json.stdout), "\(base): XML and JSON differ in \(format)")
        }
    }

    @Test func aMemberTwiceInARecordIsAnErrorAsInJSON() throws {
        let xml = """
            <vm_stats type="array"><vm_hourly_stat><stat_time type="datetime">2013-05-01T00:00:00Z</stat_time>
            <currency_code>USD</currency_code><virtual_machine_id type="integer">1201</virtual_machine_id>
            <total_cost type="decimal">0.5</total_cost><total_cost type="decimal">9</total_cost></vm_hourly_stat></vm_stats>
            """
        let json =
            #"[{"vm_hourly_stat":{"stat_time":"2013-05-01T00:00:00Z","currency_code":"USD","virtual_machine_id":1201,"total_cost":"0.5","total_cost":"9"}}]"#
        let fromXML = LibraryRun.decode(bytes: Array(xml.utf8))
        let fromJSON = LibraryRun.decode(bytes: Array(json.utf8))
        #expect(fromXML.status == 65 && fromJSON.status == 65)
        #expect(fromXML.stderr.contains("expected <total_cost> once in a <vm_hourly_stat> record, found it twice"), "\(fromXML.stderr)")
        #expect(fromJSON.stderr.contains("total_cost"), "\(fromJSON.stderr)")
    }

    @Test func aTwoLineLibxml2MessageIsOneLine() throws {
        var bytes = Array(#"<vm_stats type="array"><vm_hourly_stat><currency_code>US"#.utf8)
        bytes += [0xFF] + Array("D</currency_code></vm_hourly_stat></vm_stats>".utf8)
        let r = LibraryRun.decode(bytes: bytes, format: "onapp")
        #expect(r.status == 65)
        #expect(r.stderr.contains("Input is not proper UTF-8, indicate encoding !; Bytes: 0xFF"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test func utf16WithBOMConvertsLikeUTF8() throws {
        let utf16 = LibraryRun.convert(["Fixtures/onapp/exact-money-utf16.xml"])
        let utf8 = LibraryRun.convert(["Fixtures/onapp/exact-money.xml"])
        #expect(utf16.status == 0)
        #expect(!utf16.output.isEmpty)
        #expect(utf16.stdout == utf8.stdout)
    }

    /// XXE against a file only this test knows: its content must never appear anywhere.
    @Test(arguments: [false, true])
    func externalEntitiesNeverReadALocalFile(_ lenient: Bool) throws {
        let folder = try TemporaryFolder()
        let secret = folder.file("secret.txt")
        let marker = "SECRET-\(UInt64.random(in: 1...UInt64.max))"
        try Data(marker.utf8).write(to: secret)
        let documents = [
            #"<?xml version="1.0"?><!DOCTYPE vm_stats [<!ENTITY x SYSTEM "file://\#(secret.path)">]><vm_stats type="array"><vm_hourly_stat><stat_time>2013-05-01T00:00:00Z</stat_time><currency_code>&x;</currency_code><total_cost>1</total_cost></vm_hourly_stat></vm_stats>"#,
            #"<?xml version="1.0"?><!DOCTYPE vm_stats [<!ENTITY % p SYSTEM "file://\#(secret.path)"> %p;]><vm_stats type="array"/>"#,
            #"<?xml version="1.0"?><!DOCTYPE vm_stats SYSTEM "file://\#(secret.path)"><vm_stats type="array"/>"#,
            #"<?xml version="1.0"?><vm_stats type="array" xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file://\#(secret.path)" parse="text"/></vm_stats>"#,
        ]
        for document in documents {
            let result = LibraryRun.decode(
                bytes: Array(document.utf8),
                format: "onapp",
                options: lenient ? Self.lenient : DecodeOptions(),
                to: .json
            )
            #expect(!result.stdout.contains(marker) && !result.stderr.contains(marker), "\(document)")
            // Something was said about the document: a refusal or the empty dump's warning.
            #expect(!result.diagnostics.isEmpty, "\(document)")
        }
    }

    @Test(arguments: [
        ("xxe-local-file", "expected no DOCTYPE"),
        ("xxe-parameter-entity", "expected no DOCTYPE"),
        ("external-dtd", "expected no DOCTYPE"),
        ("billion-laughs", "expected no DOCTYPE"),
        ("deep-nesting", "levels of nesting"),
        ("tag-mismatch", "tag mismatch"),
        ("integer-holds-fraction", "whole number"),
    ])
    func hostileDocumentsFailWithOneClearError(_ name: String, _ phrase: String) throws {
        let path = "Fixtures/onapp/hostile/\(name).xml"
        for options in [DecodeOptions(), Self.lenient] {
            let result = LibraryRun.convert([path], options: options)
            #expect(result.status == 65, "\(name) lenient: \(options.lenient)")
            #expect(result.output.isEmpty)
            #expect(result.diagnostics.count == 1, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("usageconv: \(path): "), "\(result.stderr)")
            #expect(result.stderr.contains(phrase), "\(result.stderr)")
        }
    }

    @Test func aTruncatedDocumentFailsAndLenientKeepsItsCompleteRecords() throws {
        let path = "Fixtures/onapp/hostile/truncated-mid-element.xml"
        let strict = LibraryRun.convert([path])
        #expect(strict.status == 65)
        #expect(strict.output.isEmpty)
        #expect(
            strict.stderr.contains("truncated") && strict.stderr.contains("still open: /vm_stats/vm_hourly_stat[3]/"),
            "\(strict.stderr)"
        )
        let lenient = LibraryRun.convert([path], options: Self.lenient)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("converted the 2 complete records"), "\(lenient.stderr)")
    }

    @Test func theSeedConvertsOnlyWithLenient() throws {
        let strict = LibraryRun.convert(["Fixtures/onapp/invalid/seed-example-strict.xml"])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("root is never closed"), "\(strict.stderr)")
        let lenient = LibraryRun.convert(["Fixtures/onapp/seed-example.xml"], options: Self.lenient)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("warning:") && lenient.stderr.contains("converted the 2 complete records"), "\(lenient.stderr)")
        #expect(lenient.stdout.split(separator: "\n").count == 5)
    }

    /// Reading in 1-byte chunks (as a pipe may deliver) gives the same result as one read.
    @Test func smallChunksGiveTheSameOutput() throws {
        let path = "Fixtures/onapp/vs-quoted-offsets.xml"
        let bytes = try TestPaths.fixture("onapp/vs-quoted-offsets.xml")
        let piped = LibraryRun.decode(bytes: bytes, chunk: 1)
        let file = LibraryRun.decode(path: path)
        #expect(piped.status == 0)
        #expect(!piped.output.isEmpty)
        #expect(piped.stdout == file.stdout)
    }

    /// The threaded parser (no size known, as for a pipe) and the inline one (a small file) agree.
    ///
    /// Both must agree on every XML fixture, hostile ones included (output, message, status).
    @Test(arguments: TestPaths.fixtureFiles(in: "onapp").filter { $0.hasSuffix(".xml") })
    func theParserThreadGivesWhatTheInlineParserGives(_ path: String) throws {
        let bytes = try TestPaths.fixture(String(path.dropFirst("Fixtures/".count)))
        let options = path.contains("seed-example.xml") && !path.contains("invalid") ? Self.lenient : DecodeOptions()
        let file = LibraryRun.decode(path: path, format: "onapp", options: options)
        let piped = LibraryRun.decode(bytes: bytes, format: "onapp", options: options)
        #expect(piped.status == file.status, "\(path)")
        #expect(piped.stdout == file.stdout, "\(path)")
        #expect(piped.stderr.replacingOccurrences(of: "<stdin>", with: path) == file.stderr, "\(path)")
        #expect(!file.output.isEmpty || !file.diagnostics.isEmpty, "\(path): nothing decoded and nothing said")
    }
}
