import Testing
import UsageConvCore

/// `FileName`: names that are not UTF-8 survive the trip through `String` byte for byte.
struct FileNameTests {
    @Test func validUTF8IsTheNameItself() {
        #expect(FileName.decode(Array("a/b/café.json".utf8)) == "a/b/café.json")
        #expect(FileName.bytes("a/b/café.json") == Array("a/b/café.json".utf8))
        #expect(FileName.display("a/b/café.json") == "a/b/café.json")
    }

    @Test func latin1BytesAreKeptAndShownAsEscapes() {
        let raw: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".json".utf8)
        let name = FileName.decode(raw)
        #expect(name != "caf\u{FFFD}.json")
        #expect(FileName.bytes(name) == raw)
        #expect(FileName.display(name) == #"caf\xE9.json"#)
        var opened: [UInt8] = []
        FileName.withCString(name) { pointer in
            var index = 0
            while pointer[index] != 0 {
                opened.append(UInt8(bitPattern: pointer[index]))
                index += 1
            }
        }
        #expect(opened == raw)
    }

    @Test func theEscapeRangeItselfRoundTrips() {
        // A real U+10FF41 in a name must not be mistaken for the escaped byte 0x41.
        let raw = Array("x\u{10FF41}y".utf8)
        #expect(FileName.bytes(FileName.decode(raw)) == raw)
        #expect(FileName.decode(raw) != "xAy")
    }

    @Test(arguments: 0..<200) func anyBytesRoundTrip(seed: Int) {
        var generator = SplitMix(seed: UInt64(seed))
        let length = Int(generator.next() % 24)
        // Bias towards the bytes that make UTF-8 interesting: leads, continuations, F4 8F BC.
        let palette: [UInt8] = [0x41, 0x2F, 0x2E, 0x80, 0xBF, 0xC2, 0xC3, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0x8F, 0xBC, 0xFF, 0xA9]
        let raw = (0..<length).map { _ in
            generator.next() % 3 == 0 ? UInt8(truncatingIfNeeded: generator.next()) : palette[Int(generator.next() % UInt64(palette.count))]
        }
        #expect(FileName.bytes(FileName.decode(raw)) == raw, "\(raw)")
    }
}

/// A small deterministic generator for the property test.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
