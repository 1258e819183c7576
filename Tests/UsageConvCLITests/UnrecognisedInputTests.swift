import Testing
import UsageConvTestSupport

/// Input no decoder recognises: a real syntax error is reported where it is, not as a guess at
/// the provider; a leading comment is JSON as the docs print it.
struct UnrecognisedInputTests {
    @Test(
        arguments: [
            ("[1,2", "1:5: expected ',' or ']', found end of input"),
            ("[1,]", "1:4: expected a value after ',', found ']' (trailing commas are not JSON)"),
            (#"{"a":1,}"#, "1:8: expected a key after ',', found '}'"),
            (String(repeating: "[", count: 100_000), "1:1001: expected at most 1000 levels of nesting, found deeper input"),
        ]
    )
    func malformedJSONGetsItsLocatedSyntaxError(input: String, expected: String) throws {
        let result = try CLIRunner.run(["-", "--to", "csv"], stdin: Array(input.utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func wellFormedJSONOfNoProviderIsSaidSo() throws {
        let result = try CLIRunner.run(["-"], stdin: Array("[1,2]".utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("expected a dump of a known provider"), "\(result.stderr)")
    }

    @Test func aLeadingCommentIsJSONWithLenientAndALocatedErrorWithout() throws {
        let dump = Array("// fetched by cron\n{\"code\":0,\"data\":[[1503244800,1]]}".utf8)
        let lenient = try CLIRunner.run(["-", "--lenient"], stdin: dump)
        #expect(lenient.status == 0, "\(lenient.stderr)")
        #expect(lenient.stdout.contains("2017-08-20T16:00:00Z,baishan,all,bandwidth,out,bit/s,300,1,measured"))
        #expect(lenient.stderr.contains("1:1: warning: skipped a comment"), "\(lenient.stderr)")
        let strict = try CLIRunner.run(["-"], stdin: dump)
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("1:1: expected a JSON value or punctuation, found a comment"), "\(strict.stderr)")
    }

    @Test func aJSONDecoderForcedOnXMLSaysWhatTheInputIs() throws {
        let result = try CLIRunner.run(["Fixtures/onapp/user-3days.xml", "--format", "baishan"])
        #expect(result.status == 65)
        #expect(
            result.stderr.contains(
                "1:1: this is not a baishan dump (it looks like an onapp dump): expected JSON, found an XML document with root <vm_stats>"
            ),
            "\(result.stderr)"
        )
    }

    @Test func anEmptyDumpOfAnyProviderIsAWarning() throws {
        let result = try CLIRunner.run(["-", "--strict"], stdin: Array(#"<vm_stats type="array"></vm_stats>"#.utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("the dump has no points (an XML document with root <vm_stats>)"), "\(result.stderr)")
    }
}
