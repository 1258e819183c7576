import Testing

@testable import UsageConvCore

/// Walks `text` and renders every token with its value (`[`, `n:1`, `s:a`, `]`).
func tokens(_ text: String, options: JSONReaderOptions = .default, sourceChunk: Int = .max) throws -> [String] {
    let reader = JSONReader(source: MemoryByteSource(text, chunkLimit: sourceChunk), options: options)
    var out: [String] = []
    while true {
        let token = try reader.next()
        switch token {
        case .endOfInput: return out
        case .beginObject: out.append("{")
        case .endObject: out.append("}")
        case .beginArray: out.append("[")
        case .endArray: out.append("]")
        case .key: out.append("k:" + reader.key)
        case .string: out.append("s:" + reader.stringValue())
        case .number: out.append("n:" + (try reader.numberValue()).description)
        case .bool(let b): out.append(b ? "true" : "false")
        case .null: out.append("null")
        }
    }
}

/// The error reading `text` produces.
func readError(_ text: String, options: JSONReaderOptions = .default) -> Diagnostic? {
    do {
        _ = try tokens(text, options: options)
        return nil
    } catch let diagnostic as Diagnostic {
        return diagnostic
    } catch {
        return nil
    }
}

struct JSONReaderTests {
    @Test func walksNestedStructures() throws {
        #expect(
            try tokens(#"{"a": [1, -2.5, "x\n\u00e9\ud83d\ude00", true, false, null], "b": {}}"#)
                == ["{", "k:a", "[", "n:1", "n:-2.5", "s:x\né😀", "true", "false", "null", "]", "k:b", "{", "}", "}"]
        )
    }

    @Test func acceptsTopLevelScalarsBOMAndCRLF() throws {
        #expect(try tokens("\u{FEFF}[1,\r\n2]\r\n") == ["[", "n:1", "n:2", "]"])
        #expect(try tokens(" 7 ") == ["n:7"])
        #expect(try tokens("\"s\"") == ["s:s"])
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func chunkBoundariesDoNotChangeTheWalk(chunk: Int) throws {
        var options = JSONReaderOptions()
        options.chunkSize = 64
        let text = #"{"long key with spaces": ["\u00e9t\u00e9 \ud83d\ude00 ütf8 日本", 123456789012345678, 1.25e-3, true], "n": null}"#
        #expect(try tokens(text, options: options, sourceChunk: chunk) == (try tokens(text)))
    }

    @Test func longStringsGrowTheBufferInsteadOfFailing() throws {
        var options = JSONReaderOptions()
        options.chunkSize = 64
        let long = String(repeating: "abcdé", count: 10_000)
        #expect(try tokens("[\"\(long)\"]", options: options, sourceChunk: 100) == ["[", "s:" + long, "]"])
    }

    @Test func reportsLineColumnOffsetAndPath() throws {
        let error = try #require(readError("{\n  \"data\": [\n    [1, 2],\n    [3 4]\n  ]\n}"))
        #expect(error.code == .malformedInput)
        #expect(error.location?.line == 4)
        #expect(error.location?.column == 8)
        #expect(error.location?.offset == 33)
        // The path names the element the separator was expected after.
        #expect(error.location?.path == "$.data[1][0]")
        #expect(error.message == "expected ',' or ']', found '4'")
    }

    @Test(arguments: [
        ("[1,]", "trailing commas are not JSON"),
        ("{\"a\":1,}", "trailing commas are not JSON"),
        ("[01]", "leading zeros"),
        ("[NaN]", "expected a JSON value, found 'NaN'"),
        ("[Infinity]", "expected a JSON value"),
        ("[-]", "expected a digit after '-'"),
        ("[1.]", "expected a digit after '.'"),
        ("[1e]", "expected a digit in the exponent"),
        ("[.5]", "expected a JSON value"),
        ("[\"\\ud800\"]", "high surrogate without its low half"),
        ("[\"\\udc00\"]", "lone low surrogate"),
        ("[\"a\tb\"]", "control byte"),
        ("[\"\\x\"]", "expected an escape"),
        ("{\"a\" 1}", "expected ':' after the key"),
        ("{1:2}", "expected a string key"),
        ("[1] [2]", "expected end of input after the JSON value"),
        ("// c\n[1]", "JSON has no comments"),
        ("[tru]", "expected a JSON value"),
    ])
    func rejectsWhatRFC8259Rejects(input: String, message: String) throws {
        let error = try #require(readError(input))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location?.line != nil)
    }

    @Test func rejectsInvalidUTF8() throws {
        for bytes: [UInt8] in [
            [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D], [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D], [0x5B, 0x22, 0xFF, 0x22, 0x5D],
        ] {
            let reader = JSONReader(bytes: bytes)
            #expect(throws: Diagnostic.self) {
                while try reader.next() != .endOfInput {}
            }
        }
    }

    @Test func truncationIsItsOwnError() throws {
        for text in ["[1, 2", "{\"a\": [", "[\"abc", "{\"a\"", "", "   "] {
            let error = try #require(readError(text))
            #expect(error.code == .truncatedInput, "\(text): \(error)")
        }
    }

    @Test func duplicateKeysAreErrorsUnlessAllowed() throws {
        let error = try #require(readError(#"{"a": 1, "b": 2, "a": 3}"#))
        #expect(error.code == .duplicateKey)
        #expect(error.message == "expected unique keys in an object, found \"a\" twice")
        #expect(error.location?.column == 18)
        // Escapes are decoded before comparing.
        #expect(readError(#"{"a": 1, "\u0061": 3}"#)?.code == .duplicateKey)
        var options = JSONReaderOptions()
        options.rejectDuplicateKeys = false
        #expect(readError(#"{"a": 1, "a": 3}"#, options: options) == nil)
        // Large objects switch to a hash set; same answer.
        let many = (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        #expect(readError("{\(many)}") == nil)
        #expect(readError("{\(many), \"k57\": 1}")?.code == .duplicateKey)
        // The same key in sibling objects is fine.
        #expect(readError(#"[{"a": 1}, {"a": 2}]"#) == nil)
    }

    @Test func deepNestingIsALocatedErrorNotACrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(readError(deep))
        #expect(error.code == .depthLimit)
        #expect(error.location?.column == 1001)
        let objects = String(repeating: "{\"a\":", count: 100_000)
        #expect(readError(objects)?.code == .depthLimit)
        #expect(readError(String(repeating: "[", count: 500) + String(repeating: "]", count: 500)) == nil)
    }

    @Test func numbersStayExact() throws {
        #expect(try tokens("[9007199254740993]") == ["[", "n:9007199254740993", "]"])
        #expect(try tokens("[-9223372036854775808]") == ["[", "n:-9223372036854775808", "]"])
        #expect(try tokens("[0.10, 1.50, 1E2, 2.5e-3, -0]") == ["[", "n:0.1", "n:1.5", "n:100", "n:0.0025", "n:0", "]"])
        let big = try #require(readError("[123456789012345678901234]"))
        #expect(big.code == .numberOutOfRange)
        let reader = JSONReader(bytes: Array("[1e400]".utf8))
        _ = try reader.next()
        _ = try reader.next()
        #expect(throws: Diagnostic.self) { _ = try reader.doubleValue() }
        // More than 19 significant digits is an error, never a silently rounded value.
        for text in ["[0.1000000000000000055511151231257827]", "[99999999999999999.99]", "[1.000000000000000000001]"] {
            let error = try #require(readError(text))
            #expect(error.code == .numberOutOfRange)
            #expect(error.message.contains("more significant digits than can be kept exactly"), "\(error.message)")
        }
        // An exponent no float reaches is a range error, both ways; one a float reaches is that float.
        #expect(try #require(readError("[1e400]")).message.contains("out of range"))
        #expect(try #require(readError("[1e-400]")).message.contains("out of range"))
        #expect(try tokens("[1e300]") == ["[", "n:1" + String(repeating: "0", count: 300), "]"])
    }

    @Test func integerConversionAcceptsIntegralDecimalsOnly() throws {
        func int(_ text: String) throws -> Int64 {
            let reader = JSONReader(bytes: Array(text.utf8))
            _ = try reader.next()
            return try reader.int64Value()
        }
        #expect(try int("1.0") == 1)
        #expect(try int("1e3") == 1000)
        #expect(throws: Diagnostic.self) { try int("1.5") }
        #expect(throws: Diagnostic.self) { try int("1e30") }
    }

    @Test func lenientModeSkipsCommentsWithOneWarningEach() throws {
        var options = JSONReaderOptions()
        options.allowComments = true
        let reader = JSONReader(source: MemoryByteSource("{\"a\": 1, // one\n /* two\n lines */ \"b\": 2}"), options: options)
        while try reader.next() != .endOfInput {}
        #expect(reader.warnings.count == 2)
        #expect(reader.warnings[0].location?.line == 1)
        #expect(reader.warnings[0].message.contains("'// one'"))
        #expect(reader.warnings[1].location?.line == 2)
        #expect(try tokens("[1 /* x */, 2]", options: options) == ["[", "n:1", "n:2", "]"])
        #expect(readError("[1 /* open", options: options)?.code == .truncatedInput)
    }

    @Test func utf16IsRejectedWithAReason() throws {
        let reader = JSONReader(bytes: [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00])
        #expect(throws: Diagnostic.self) { _ = try reader.next() }
    }

    @Test func skipValueSkipsWholeSubtrees() throws {
        let reader = JSONReader(bytes: Array(#"{"skip": {"a": [1, {"b": 2}]}, "keep": 3}"#.utf8))
        #expect(try reader.next() == .beginObject)
        #expect(try reader.next() == .key)
        try reader.skipNextValue()
        #expect(try reader.next() == .key)
        #expect(reader.isKey("keep"))
        #expect(try reader.next() == .number)
        #expect(try reader.int64Value() == 3)
    }

    @Test func readsTimestampsInPlace() throws {
        let reader = JSONReader(bytes: Array(#"["2018-03-29T17:35:00Z", "2018-03-29T17:40:00Z", "2013-05-01T03:00:00+03:00", "bad"]"#.utf8))
        _ = try reader.next()
        var times: [Int64?] = []
        while try reader.next() == .string { times.append(reader.iso8601Value()) }
        #expect(times == [1_522_344_900, 1_522_345_200, 1_367_366_400, nil])
    }

    @Test(arguments: [Int.max, 1, 3, 7])
    func numberPairsInBulkStopAtARefusedPairWhichIsTheCurrentToken(_ chunk: Int) throws {
        let text = "[[1,2],\n [3,-4], [5,6], \"x\"]"
        let reader = JSONReader(source: MemoryByteSource(Array(text.utf8), chunkLimit: chunk))
        #expect(try reader.next() == .beginArray)
        var accepted: [Int64] = []
        var refused: Int64? = nil
        while true {
            let stopped = reader.forEachNumberPair { first, second in
                guard let value = second.int64, value >= 0 else {
                    refused = first.int64
                    return false
                }
                accepted.append(value)
                return true
            }
            if stopped {
                let error = reader.error(.invalidNumber, "negative")
                #expect(error.location?.line == 2 && error.location?.column == 2, "\(error)")
                break
            }
            // The slow path (a chunk boundary inside a pair): one element through next().
            let token = try reader.next()
            guard token == .beginArray else { break }
            #expect(try reader.next() == .number)
            let first = try reader.int64Value()
            #expect(try reader.next() == .number)
            let second = try reader.int64Value()
            #expect(try reader.next() == .endArray)
            if second < 0 {
                refused = first
                break
            }
            accepted.append(second)
        }
        #expect(accepted == [2])
        #expect(refused == 3)
    }
}
