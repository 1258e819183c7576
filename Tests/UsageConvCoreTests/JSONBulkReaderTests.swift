import PropertyBased
import Testing

@testable import UsageConvCore

/// The JSON reader's bulk paths must read exactly what the token walk reads.
///
/// `forEachNumberPair`, `forEachTimestampValue`, `forEachTimeNumberPair` and `forEachTimeString`
/// must give the same times, values, warnings and errors at the same locations. A source that
/// hands out one byte per read never holds a whole element, so it makes a decoder take the token
/// walk for every element: the reference each property compares the bulk path with.
struct JSONBulkReaderTests {
    // MARK: - Canonical timestamps

    /// Characters a mutation writes into a timestamp: the ones its grammar uses, near misses and
    /// other printable bytes (no quote or backslash: the JSON stays a string).
    static let timeBytes: [UInt8] = Array("0123456789-:TZtz +.aA/~".utf8)

    @Test func canonicalTimesInBulkEqualTheGeneralParser() async throws {
        await propertyCheck(
            input: Gen.int64(in: -62_135_596_800...253_402_300_799),
            Gen.int64(in: 0...400_000).array(of: 1...12)
        ) { base, codes in
            // Times near `base` (sharing days, so the day cache is hit), some with one byte changed.
            var texts: [[UInt8]] = []
            for code in codes {
                var text = Array(UnixTime.iso8601(min(base + code / 4, 253_402_300_799)).utf8)
                if code % 3 == 0 {
                    let position = Int(code / 3 % 20)
                    text[position] = Self.timeBytes[Int(code / 60 % Int64(Self.timeBytes.count))]
                }
                texts.append(text)
            }
            let document = "[" + texts.map { "\"" + String(decoding: $0, as: UTF8.self) + "\"" }.joined(separator: ",") + "]"
            let reader = JSONReader(bytes: Array(document.utf8))
            let open = try reader.next()
            #expect(open == .beginArray)
            var read: [Int64?] = []
            var bulk: [Bool] = []
            while read.count < texts.count {
                reader.forEachTimeString { time in
                    read.append(time)
                    bulk.append(true)
                    return true
                }
                guard read.count < texts.count else { break }
                let token = try reader.next()
                #expect(token == .string)
                read.append(reader.iso8601Value())
                bulk.append(false)
            }
            let close = try reader.next()
            #expect(close == .endArray)
            for (index, text) in texts.enumerated() {
                let expected = UnixTime.parseISO8601(text)
                #expect(read[index] == expected, "\(String(decoding: text, as: UTF8.self))")
                // The bulk path takes every valid canonical time and nothing else.
                let canonical =
                    text[10] == UInt8(ascii: "T") && text[13] == UInt8(ascii: ":") && text[16] == UInt8(ascii: ":")
                    && text[19] == UInt8(ascii: "Z")
                #expect(bulk[index] == (canonical && expected != nil), "\(String(decoding: text, as: UTF8.self))")
            }
        }
    }

    @Test func aRefusedElementIsLeftForTheTokenWalkWithItsLocation() throws {
        let text = """
            [{"timestamp":"2019-01-01T00:00:00Z","value":1},
             {"timestamp": "2019-01-01T00:05:00Z" , "value" : 2 },
             {"timestamp":"2019-01-01T00:10:00Z","value":2.5}]
            """
        let reader = JSONReader(bytes: Array(text.utf8))
        #expect(try reader.next() == .beginArray)
        var accepted: [Int64] = []
        reader.forEachTimestampValue { time, value in
            accepted.append(time)
            return value.int64 != nil
        }
        #expect(accepted == [1_546_300_800, 1_546_301_100, 1_546_301_400])
        #expect(try reader.next() == .beginObject)
        #expect(reader.location.line == 3 && reader.location.column == 2)
        #expect(reader.path == "$[2]")
        // An escaped key, another key order or an offset is not bulk-read at all.
        for element in [
            #"{"time\u0073tamp":"2019-01-01T00:00:00Z","value":1}"#, #"{"value":1,"timestamp":"2019-01-01T00:00:00Z"}"#,
            #"{"timestamp":"2019-01-01T00:00:00+00:00","value":1}"#, #"{"timestamp":"2019-01-01T00:00:00Z","value":1,"x":2}"#,
        ] {
            let other = JSONReader(bytes: Array("[\(element)]".utf8))
            #expect(try other.next() == .beginArray)
            var any = false
            other.forEachTimestampValue { _, _ in
                any = true
                return true
            }
            #expect(!any, "\(element)")
            #expect(try other.next() == .beginObject)
        }
    }

    @Test func timeNumberPairsInBulkAdvanceTheIndexAsTheWalkDoes() throws {
        let reader = JSONReader(bytes: Array(#"[["2023-09-17T03:00:30Z",5],["2023-09-17T03:01:31Z",6.5],["x",1]]"#.utf8))
        #expect(try reader.next() == .beginArray)
        var values: [String] = []
        reader.forEachTimeNumberPair { _, number in
            values.append(number.exactNumber?.description ?? "?")
            return true
        }
        #expect(values == ["5", "6.5"])
        #expect(String(decoding: reader.tokenText(), as: UTF8.self) == "6.5")
        #expect(try reader.next() == .beginArray)
        #expect(reader.path == "$[2][0]")
    }

    // MARK: - Decoders: bulk path against token walk

    /// Decodes `text` twice, with the whole text in the buffer and one byte per read, and
    /// requires the same series (values to the byte), warnings and error (unless `errorLocations`
    /// is false, Baishan's case, which has always located and worded an error in a pair its bulk
    /// reader read at the pair: then both must fail).
    func expectSameDecoding(_ decoder: some UsageDecoder, _ text: String, errorLocations: Bool = true) throws {
        func run(_ chunk: Int) -> Result<DecodeResult, Diagnostic> {
            do {
                return .success(try decoder.decode(MemoryByteSource(text, chunkLimit: chunk), options: DecodeOptions()))
            } catch let error as Diagnostic {
                return .failure(error)
            } catch {
                return .failure(Diagnostic.error(.malformedInput, "\(error)", at: SourceLocation()))
            }
        }
        switch (run(.max), run(1)) {
        case (.success(let bulk), .success(let walk)):
            #expect(bulk.series == walk.series, "\(text)")
            #expect(bulk.series.map { $0.values.map(\.description) } == walk.series.map { $0.values.map(\.description) }, "\(text)")
            #expect(bulk.warnings == walk.warnings, "\(text)")
        case (.failure(let bulk), .failure(let walk)):
            if errorLocations {
                #expect(bulk == walk, "\(text)")
            } else {
                // Baishan words a refused pair's error in its own terms ("a Unix time in seconds as
                // the pair's first element" where the walk says "an integer"): both must fail.
                #expect(bulk.severity == .error && walk.severity == .error, "\(text)")
            }
        case (let bulk, let walk):
            Issue.record("bulk \(bulk) but token walk \(walk) for \(text)")
        }
    }

    /// One element per code: mostly plain, some spaced over lines, some null, negative,
    /// fractional, exponent, out-of-order keys, offsets or invalid dates (each decided by the code).
    static func swiftFederationElement(_ code: Int64, time: Int64) -> String {
        let iso = UnixTime.iso8601(time)
        let value = code / 32
        switch code % 32 {
        case 0: return #"{ "timestamp" : "\#(iso)" ,"# + "\n" + #"  "value" : \#(value) }"#
        case 1: return #"{"timestamp":"\#(iso)","value":null}"#
        case 2: return #"{"timestamp":"\#(iso)","value":-\#(value + 1)}"#
        case 3: return #"{"timestamp":"\#(iso)","value":\#(value).5}"#
        case 4: return #"{"timestamp":"\#(iso)","value":\#(value % 100)e2}"#
        case 5: return #"{"value":\#(value),"timestamp":"\#(iso)"}"#
        case 6: return #"{"timestamp":"\#(iso.dropLast())+00:00","value":\#(value)}"#
        case 7: return #"{"timestamp":"2019-02-30T00:00:00Z","value":\#(value)}"#
        case 8: return #"{"timestamp":"\#(iso)"}"#
        case 9: return #"{"timestamp":"\#(iso)","value":\#(value).0}"#
        case 10: return #"{"timestamp":"\#(iso)","value":0\#(value)}"#
        case 11: return #"{"timestamp":"\#(iso)","valuf":\#(value)}"#
        case 12: return #"{"timestamq":"\#(iso)","value":\#(value)}"#
        default: return #"{"timestamp":"\#(iso)","value":\#(value)}"#
        }
    }

    @Test func swiftFederationBulkPathDecodesAsTheTokenWalk() async throws {
        await propertyCheck(input: Gen.int64(in: 0...1_000_000_000_000).array(of: 0...14), Gen.bool) { codes, bandwidth in
            let member = bandwidth ? "bandwidths" : "volumes"
            // Mostly increasing 5-minute times, sometimes a repeat or a step back.
            var time: Int64 = 1_546_300_800
            var elements: [String] = []
            for code in codes {
                time += code % 7 == 6 ? -300 : (code % 11 == 10 ? 0 : 300)
                elements.append(Self.swiftFederationElement(code, time: time))
            }
            let text = #"[{"domain":"d.example.com","\#(member)":[\#(elements.joined(separator: ","))]}]"#
            try expectSameDecoding(SwiftFederationUsageDecoder(), text)
        }
    }

    static func interServerPair(_ code: Int64, time: Int64) -> String {
        let iso = UnixTime.iso8601(time)
        let value = code / 16
        switch code % 16 {
        case 0: return "[ \"\(iso)\" ,\n \(value) ]"
        case 1: return "[\"\(iso)\",null]"
        case 2: return "[\"\(iso)\",-\(value + 1)]"
        case 3: return "[\"\(iso)\",\(value).25]"
        case 4: return "[\"\(iso.dropLast())+01:00\",\(value)]"
        case 5: return "[\"\(iso)\",\(value),1]"
        case 6: return "[\"2023-13-01T00:00:00Z\",\(value)]"
        default: return "[\"\(iso)\",\(value)]"
        }
    }

    @Test func interServerBulkPathDecodesAsTheTokenWalk() async throws {
        let codes = Gen.int64(in: 0...1_000_000_000).array(of: 0...12)
        await propertyCheck(input: codes, Gen.int64(in: 0...15).array(of: 0...4)) { codes, timeCodes in
            var time: Int64 = 1_694_919_630
            var pairs: [String] = []
            var times: [String] = []
            for code in codes {
                time += code % 9 == 8 ? -60 : 61
                pairs.append(Self.interServerPair(code, time: time))
                times.append("\"\(UnixTime.iso8601(time))\"")
            }
            // `times` mostly lists the sample times; some codes add an offset form or a bad entry.
            for code in timeCodes {
                switch code {
                case 0: times.append("\"2023-09-17T03:00:30+00:00\"")
                case 1: times.append("5")
                case 2: times.append("\"2023-09-17T25:00:30Z\"")
                default: break
                }
            }
            let series = #"{"name":"10.0.0.1 In","data":[\#(pairs.joined(separator: ","))]}"#
            let history = #"{"hour":{"data":[\#(pairs.prefix(3).joined(separator: ","))]}}"#
            let text = #"{"data":[\#(series)],"times":[\#(times.joined(separator: ","))],"history":\#(history)}"#
            try expectSameDecoding(InterServerTrafficDecoder(), text)
        }
    }

    static func baishanPair(_ code: Int64, time: Int64) -> String {
        let value = code / 16
        switch code % 16 {
        case 0: return "[ \(time) ,\n \(value).\(code % 100) ]"
        case 1: return "[\(time),null]"
        case 2: return "[\(time),-\(value)]"
        case 3: return "[\(time),\(value)e-3]"
        case 4: return "[\(time * 1000),\(value)]"
        case 5: return "[\(time).5,\(value)]"
        case 6: return "[\(time),\(value)\(value)\(value)\(value)]"
        case 7: return "[\(time),0.\(String(repeating: "0", count: Int(code % 5)))]"
        default: return "[\(time),\(value).\(code % 1000)]"
        }
    }

    @Test func baishanBulkPathDecodesAsTheTokenWalk() async throws {
        await propertyCheck(input: Gen.int64(in: 0...1_000_000_000_000).array(of: 0...14)) { codes in
            var time: Int64 = 1_503_244_800
            var pairs: [String] = []
            for code in codes {
                time += code % 7 == 6 ? -300 : 300
                pairs.append(Self.baishanPair(code, time: time))
            }
            let text = #"{"code":0,"data":[\#(pairs.joined(separator: ","))]}"#
            try expectSameDecoding(BaishanBandwidthDecoder(), text, errorLocations: false)
        }
    }

    // MARK: - Numbers

    @Test func bulkNumbersEqualTheTokenWalksNumbers() async throws {
        // Digit runs of every length around the eight-byte steps, fractions, signs and zeros.
        await propertyCheck(input: Gen.int64(in: 0...Int64.max), Gen.int(in: 0...20), Gen.int(in: 0...10)) { digits, length, fraction in
            var text = String(String(digits).prefix(max(length, 1)))
            if fraction > 0 { text += "." + String(String(digits).suffix(fraction)) }
            if digits % 5 == 0 { text = "-" + text }
            // Trailing spaces keep the numbers away from the buffer's end, where the bulk reader
            // leaves them to the grammar's scan.
            let document = "[[\(text),\(text)],\n[1,\(text)]]" + String(repeating: " ", count: 40)
            let reader = JSONReader(bytes: Array(document.utf8))
            #expect(try reader.next() == .beginArray)
            var bulk: [JSONNumber] = []
            _ = reader.forEachNumberPair { first, second in
                bulk += [first, second]
                return true
            }
            let walk = JSONReader(bytes: Array(document.utf8))
            var walked: [JSONNumber] = []
            while true {
                let token = try walk.next()
                if token == .endOfInput { break }
                if token == .number { walked.append(walk.number) }
            }
            // The reader's bulk path reads plain numbers of up to 18 digits itself; others it leaves.
            #expect(bulk == Array(walked.prefix(bulk.count)), "\(text)")
            #expect(bulk.count == 4, "\(text)")
        }
    }
}
