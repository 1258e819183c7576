import Testing
import UsageConvCore

/// The one content sniff: what the walker, the decompressor, the archive reader, the shape sniffer
/// and the OnApp decoder all decide from an input's first bytes.
struct LeadingBytesTests {
    @Test(arguments: [
        ("", LeadingBytes.empty),
        (" \n\t\r", .empty),
        ("\u{FEFF}  ", .empty),
        ("{\"a\":1}", .jsonContainer(start: 0)),
        ("\u{FEFF}\n[1]", .jsonContainer(start: 4)),
        ("// docs\n{}", .jsonContainer(start: 0)),
        ("/* c */ {}", .jsonContainer(start: 0)),
        ("/x", .other),
        ("  <?xml version=\"1.0\"?>", .markup(start: 2)),
        ("<!DOCTYPE html>", .markup(start: 0)),
        ("\"text\"", .jsonScalar(start: 0)),
        ("-1", .jsonScalar(start: 0)),
        ("null", .jsonScalar(start: 0)),
        ("index,time,value", .other),
        ("time,value", .jsonScalar(start: 0)),  // `t` may start `true`: the JSON parser says what it found
    ])
    func textIsClassifiedByItsFirstSignificantByte(text: String, expected: LeadingBytes) {
        #expect(LeadingBytes(Array(text.utf8)) == expected)
    }

    @Test func containersAreKnownByTheirMagicNumbers() {
        #expect(LeadingBytes([0x1F, 0x8B, 8, 0]) == .gzip)
        #expect(LeadingBytes([0x50, 0x4B, 3, 4, 20]) == .zip)
        #expect(LeadingBytes([0x50, 0x4B, 5, 6]) == .zip)
        #expect(LeadingBytes([0x50, 0x4B, 1, 2]) == .other)
        #expect(LeadingBytes([0xFF, 0xFE, 0x3C, 0]) == .utf16)
        #expect(LeadingBytes([0xFE, 0xFF, 0, 0x3C]) == .utf16)
    }

    @Test func onlyDumpsAndContainersOfDumpsAreReadFromFolders() {
        let dumps: [[UInt8]] = [Array("{}".utf8), Array(" <x/>".utf8), [0x1F, 0x8B], [0x50, 0x4B, 3, 4], [0xFF, 0xFE]]
        let others: [[UInt8]] = [[], Array("  ".utf8), Array("42".utf8), Array("README".utf8)]
        #expect(dumps.allSatisfy { LeadingBytes($0).isDumpOrContainer })
        #expect(!others.contains { LeadingBytes($0).isDumpOrContainer })
        #expect(LeadingBytes(Array("\n<vm_stats/>".utf8)).isMarkup)
        #expect(LeadingBytes([0xFE, 0xFF, 0, 0x3C]).isMarkup)
        #expect(!LeadingBytes(Array("[{\"vm_hourly_stat\":{}}]".utf8)).isMarkup)
    }
}
