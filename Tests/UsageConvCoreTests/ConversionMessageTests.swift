import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// What a conversion says about inputs it cannot take, in-process through ``Conversion`` and
/// ``InputDecoding``: provider error bodies, forced formats on other providers' dumps, input no
/// decoder recognises, `--strict` and null samples, and dumps whose windows overlap.
struct ConversionMessageTests {
    static let baishan = #"{"code":0,"data":[[1503244800,208706182.29],[1503245100,202799878.64]]}"#

    /// Writes `text` into `folder` as `name` and returns its path.
    func write(_ text: String, _ name: String, in folder: TemporaryFolder) throws -> String {
        let url = folder.file(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func strictTurnsWarningsIntoErrors() throws {
        let folder = try TemporaryFolder()
        let duplicate = try write(#"{"code":0,"data":[[1503244800,1],[1503244800,2]]}"#, "duplicate.json", in: folder)
        let relaxed = LibraryRun.convert([duplicate])
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning: series all bandwidth out has 1 duplicate timestamps"), "\(relaxed.stderr)")
        #expect(relaxed.stdout.contains(",2,measured"))
        let strict = LibraryRun.convert([duplicate], strict: true)
        #expect(strict.status == 65)
        #expect(strict.output.isEmpty)
        #expect(!strict.stderr.contains("warning:") && !strict.diagnostics.isEmpty, "\(strict.stderr)")
        var options = DecodeOptions()
        options.duplicates = .error
        let error = LibraryRun.convert([duplicate], options: options)
        #expect(error.status == 65)
        #expect(error.stderr.contains("two different values at 2017-08-20T16:00:00Z: 1 and 2"), "\(error.stderr)")
    }

    /// A null sample of any provider is a warning (exit 0, no row) that `--strict` makes an error.
    @Test(arguments: [
        "Fixtures/interserver/null-samples.json", "Fixtures/swiftfederation/null-values.json", "Fixtures/surfercloud/null-quantity.json",
    ])
    func strictFailsOnANullValue(_ path: String) throws {
        let relaxed = LibraryRun.convert([path])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(relaxed.stderr.contains("null value"), "\(relaxed.stderr)")
        let strict = LibraryRun.convert([path], strict: true)
        #expect(strict.status == 65)
        #expect(strict.output.isEmpty)
        #expect(strict.stderr.contains("\(path): ") && strict.stderr.contains("null value"), "\(strict.stderr)")
    }

    @Test func providerErrorBodiesNameTheProvider() throws {
        let baishan = LibraryRun.decode(bytes: Array(#"{"code":401,"message":"Invalid token","data":[]}"#.utf8))
        #expect(baishan.status == 65)
        #expect(baishan.stderr == "usageconv: <stdin>: 1:9: baishan API error: code 401: Invalid token\n")
        let swift = LibraryRun.decode(bytes: Array(#"{"code":"Signature.NotMatch","message":"bad signature"}"#.utf8))
        #expect(swift.status == 65)
        #expect(swift.stderr == "usageconv: <stdin>: 1:1: swiftfederation API error Signature.NotMatch: bad signature\n")
        let html = LibraryRun.decode(bytes: Array("<html><head><title>502 Bad Gateway</title></head></html>".utf8))
        #expect(html.status == 65)
        #expect(html.stderr.contains("an HTML page titled '502 Bad Gateway'"), "\(html.stderr)")
    }

    @Test func aForcedFormatOnAnotherProvidersDumpSaysSo() throws {
        let result = LibraryRun.decode(bytes: Array(Self.baishan.utf8), format: "swiftfederation")
        #expect(result.status == 65)
        #expect(result.stderr.contains("this is not a swiftfederation dump"), "\(result.stderr)")
    }

    /// Every provider forced onto every other provider's typical dump: exit 65, one line that
    /// names the forced provider and what the dump looks like.
    @Test(arguments: ["baishan", "swiftfederation", "interserver", "surfercloud", "onapp"])
    func everyForcedFormatRejectsTheOtherProvidersDumps(_ format: String) throws {
        let typical = [
            "baishan": "Fixtures/baishan/bandwidth-hourly.json",
            "swiftfederation": "Fixtures/swiftfederation/volume-day1.json",
            "interserver": "Fixtures/interserver/vps-day.json",
            "surfercloud": "Fixtures/surfercloud/eip-november.json",
            "onapp": "Fixtures/onapp/user-3days.json",
        ]
        for (provider, path) in typical where provider != format {
            let result = LibraryRun.convert([path], format: format)
            #expect(result.status == 65, "\(format) on \(path)")
            #expect(result.output.isEmpty)
            let article = format.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            #expect(result.stderr.hasPrefix("usageconv: \(path): "), "\(result.stderr)")
            #expect(result.stderr.contains("this is not \(article) \(format) dump"), "\(result.stderr)")
            let looksLike = provider == "onapp" || provider == "interserver" ? "an" : "a"
            #expect(result.stderr.contains("looks like \(looksLike) \(provider) dump"), "\(result.stderr)")
            #expect(result.diagnostics.count == 1, "\(result.stderr)")
        }
    }

    /// Two archived 24 h windows that overlap by 12 h: one table, each time once, the overlap's
    /// identical values collapsed without a warning.
    @Test func overlappingArchivedWindowsMergeIntoOneTable() throws {
        let day1 = "Fixtures/swiftfederation/volume-day1.json"
        let day2 = "Fixtures/swiftfederation/volume-day2-overlapping.json"
        let merged = LibraryRun.convert([day1, day2])
        let first = LibraryRun.convert([day1])
        let second = LibraryRun.convert([day2])
        #expect(merged.status == 0)
        let rows = { (text: String) in Set(text.split(separator: "\n").dropFirst()) }
        #expect(!rows(first.stdout).isEmpty && !rows(second.stdout).subtracting(rows(first.stdout)).isEmpty)
        #expect(rows(merged.stdout) == rows(first.stdout).union(rows(second.stdout)))
        #expect(merged.stdout.split(separator: "\n").count == rows(merged.stdout).count + 1, "a time appears twice")
        // The windows overlap with the same values: nothing lost, nothing to warn about.
        #expect(!merged.stderr.contains("duplicate timestamps"), "\(merged.stderr)")
    }

    @Test(
        arguments: [
            ("[1,2", "1:5: expected ',' or ']', found end of input"),
            ("[1,]", "1:4: expected a value after ',', found ']' (trailing commas are not JSON)"),
            (#"{"a":1,}"#, "1:8: expected a key after ',', found '}'"),
            (String(repeating: "[", count: 100_000), "1:1001: expected at most 1000 levels of nesting, found deeper input"),
        ]
    )
    func malformedJSONGetsItsLocatedSyntaxError(input: String, expected: String) throws {
        let result = LibraryRun.decode(bytes: Array(input.utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.output.isEmpty)
    }

    @Test func wellFormedJSONOfNoProviderIsSaidSo() throws {
        let result = LibraryRun.decode(bytes: Array("[1,2]".utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("expected a dump of a known provider"), "\(result.stderr)")
    }

    @Test func aLeadingCommentIsJSONWithLenientAndALocatedErrorWithout() throws {
        let dump = Array("// fetched by cron\n{\"code\":0,\"data\":[[1503244800,1]]}".utf8)
        var lenient = DecodeOptions()
        lenient.lenient = true
        let accepted = LibraryRun.decode(bytes: dump, options: lenient)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,1,measured"))
        #expect(accepted.stderr.contains("1:1: warning: skipped a comment"), "\(accepted.stderr)")
        let refused = LibraryRun.decode(bytes: dump)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("1:1: expected a JSON value or punctuation, found a comment"), "\(refused.stderr)")
    }

    @Test func aJSONDecoderForcedOnXMLSaysWhatTheInputIs() throws {
        let result = LibraryRun.convert(["Fixtures/onapp/user-3days.xml"], format: "baishan")
        #expect(result.status == 65)
        #expect(
            result.stderr.contains(
                "1:1: this is not a baishan dump (it looks like an onapp dump): expected JSON, found an XML document with root <vm_stats>"
            ),
            "\(result.stderr)"
        )
    }

    @Test func anEmptyDumpOfAnyProviderIsAWarning() throws {
        let folder = try TemporaryFolder()
        let path = try write(#"<vm_stats type="array"></vm_stats>"#, "empty.xml", in: folder)
        let relaxed = LibraryRun.convert([path])
        #expect(relaxed.status == 0)
        #expect(relaxed.stderr.contains("warning: the dump has no points (an XML document with root <vm_stats>)"), "\(relaxed.stderr)")
        let strict = LibraryRun.convert([path], strict: true)
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("the dump has no points (an XML document with root <vm_stats>)"), "\(strict.stderr)")
    }
}
