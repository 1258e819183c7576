import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// `ShapeSniffer.plainShape`, the one-pass sniff of a small plain JSON input, against the JSON
/// reader's sniff (`readerShape`): wherever it answers, it answers the same shape, and it
/// answers nothing for input the reader rejects or would decode (escapes, UTF-8, comments).
struct ShapeSnifferPlainTests {
    /// Whether the plain pass took `bytes`; records an issue when its shape differs from the reader's.
    @discardableResult
    static func agree(_ bytes: [UInt8], _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        let reader = ShapeSniffer.readerShape(bytes)
        guard let plain = ShapeSniffer.plainShape(bytes) else { return false }
        #expect(reader.syntaxError == nil, "\(label): the plain pass accepted what the reader rejects", sourceLocation: sourceLocation)
        #expect(plain.kinds == reader.kinds, "\(label): kinds", sourceLocation: sourceLocation)
        #expect(plain.order == reader.order, "\(label): order", sourceLocation: sourceLocation)
        #expect(plain.scalars == reader.scalars, "\(label): scalars", sourceLocation: sourceLocation)
        #expect(plain.topLevelCount == reader.topLevelCount, "\(label): top-level count", sourceLocation: sourceLocation)
        #expect(plain.syntax == .json && plain.syntaxError == nil, sourceLocation: sourceLocation)
        return true
    }

    /// The JSON fixtures shorter than a sniff (each one whole, as a batch reads it).
    static func smallJSONFixtures() throws -> [(String, [UInt8])] {
        let folders = ["baishan", "swiftfederation", "interserver", "surfercloud", "onapp"]
        return try folders.flatMap(TestPaths.fixtureFiles(in:)).filter { $0.hasSuffix(".json") }.compactMap { path in
            let bytes = try TestPaths.fixture(String(path.dropFirst("Fixtures/".count)))
            return bytes.count < ShapeSniffer.prefixLength ? (path, bytes) : nil
        }
    }

    @Test func everyFixtureGetsTheReadersShape() throws {
        let fixtures = try Self.smallJSONFixtures()
        let taken = fixtures.filter { Self.agree($0.1, $0.0) }.map(\.0)
        // Most dumps are plain JSON: the fast pass must actually run on them.
        #expect(taken.count * 2 > fixtures.count, "plain pass took \(taken.count) of \(fixtures.count)")
        #expect(taken.contains("Fixtures/baishan/bandwidth-3days.json"))
    }

    @Test func whatTheReaderWouldDecodeOrRejectGoesToTheReader() {
        let notPlain = [
            #"{"a":"caf\u00e9"}"#, "{\"a\":\"café\"}", "{\"a\":1}//c", "{\"a\":1,}", "[1,]", "[01]", "[1.]", "[1e]", "[-]",
            "{\"a\" 1}", "[1 2]", "[tru]", "[nulll]", "{\"a\":1}x", "[1", "{\"a\":", "\u{FEFF}", "[\"a\u{1}\"]", "[1]]", "{'a':1}",
            "[-01]", "[1e+]", "[.5]", "[+1]", "[1-2]", "[\"\\\"\"]",
        ]
        for text in notPlain {
            #expect(ShapeSniffer.plainShape(Array(text.utf8)) == nil, "\(text)")
        }
        // A UTF-8 byte order mark is skipped, as the reader skips it.
        #expect(Self.agree([0xEF, 0xBB, 0xBF] + Array(#"{"code":0,"data":[[1,2]]}"#.utf8), "BOM"))
    }

    /// Every fixture cut short and with one byte changed: the plain pass either declines or agrees.
    @Test func cutAndDamagedFixturesNeverDisagree() throws {
        let replacements = Array(#"",:[]{}0-.eE+ \tn1"#.utf8) + [0x01, 0xC3, 0x5C, 0x2F]
        for (path, bytes) in try Self.smallJSONFixtures().prefix(12) {
            let stride = max(1, bytes.count / 97)
            for cut in Swift.stride(from: 0, to: bytes.count, by: stride) {
                Self.agree(Array(bytes[..<cut]), "\(path) cut at \(cut)")
                var damaged = bytes
                damaged[cut] = replacements[cut % replacements.count]
                Self.agree(damaged, "\(path) byte \(cut)")
            }
        }
    }

    /// Random documents, valid and not, from pieces that exercise every state of the walk.
    @Test func randomDocumentsNeverDisagree() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...Int(Int32.max)), Gen.bool) { seed, structured in
            var random = ShapeRandom(seed: UInt64(seed))
            let text = structured ? Self.document(&random, depth: 0) : Self.soup(&random)
            Self.agree(Array(text.utf8), text)
        }
    }

    /// A valid document: nested objects and arrays with every kind of scalar, keys repeated at times.
    private static func document(_ random: inout ShapeRandom, depth: Int) -> String {
        let scalars = [
            "0", "-1", "12.50", "1e3", "-0.0E-2", "\"x\"", "\"\"", "true", "false", "null", "208706182.3", "\"2019-01-01T00:00:00Z\"",
        ]
        let keys = ["code", "data", "domain", "volumes", "timestamp", "value", "a b", "9", "_x", "message"]
        let pick = random.next(depth > 4 ? 2 : 5)
        switch pick {
        case 0, 1: return scalars[random.next(scalars.count)]
        case 2, 3:
            let members = (0..<random.next(5)).map { _ in
                "\"\(keys[random.next(keys.count)])\"" + (random.next(2) == 0 ? ":" : " : ") + document(&random, depth: depth + 1)
            }
            return "{" + members.joined(separator: random.next(2) == 0 ? "," : ",\n ") + "}"
        default:
            let elements = (0..<random.next(6)).map { _ in document(&random, depth: depth + 1) }
            return "[" + elements.joined(separator: ",") + "]"
        }
    }

    /// A random sequence of JSON pieces: mostly invalid, sometimes valid by chance.
    private static func soup(_ random: inout ShapeRandom) -> String {
        let pieces = [
            "{", "}", "[", "]", ",", ":", "\"k\"", "1", "-2.5e1", "0", "01", "true", "nul", " ", "\n", "\"é\"", "\"\\n\"", "/**/", ".", "e",
        ]
        return (0..<random.next(14)).map { _ in pieces[random.next(pieces.count)] }.joined()
    }
}

/// A small deterministic generator (SplitMix64), so a failing seed reproduces.
private struct ShapeRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
