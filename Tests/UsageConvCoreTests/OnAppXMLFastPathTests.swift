import Foundation
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// The OnApp XML reader's fast paths read exactly what the general ones read: canonical times,
/// plain decimals, trimmed text, and element text whatever XML spelling carries it and however
/// the input is cut into chunks.
struct OnAppXMLFastPathTests {
    // MARK: - Times

    /// The canonical shape with any digits (month 00–19, day 00–39, hour to 29, ...) and, often, one
    /// byte replaced or the length changed: valid and invalid texts both common.
    @Test func canonicalTimesParseAsTheGeneralParserDoes() async {
        await propertyCheck(
            input: Gen.int(in: 0...9999),
            Gen.int(in: 0...19).array(of: 5...5),
            Gen.int(in: -8...24),
            Gen.int(in: 0...(Self.timeBytes.count - 1)),
            Gen.int(in: -1...1)
        ) { year, fields, position, pick, resize in
            let byte = Self.timeBytes[pick]
            var text = Array(
                (Self.digits(year, 4) + "-" + Self.digits(fields[0], 2) + "-" + Self.digits(fields[1] * 2, 2) + "T"
                    + Self.digits(fields[2] + fields[3] / 2, 2) + ":" + Self.digits(fields[3] * 3, 2) + ":"
                    + Self.digits(fields[4] * 3, 2) + "Z").utf8
            )
            if position >= 0 && position < text.count { text[position] = byte }
            if resize < 0 { text.removeLast() } else if resize > 0 { text.append(byte) }
            let fast = UnixTime.parseCanonicalUTC(text.span)
            let general = UnixTime.parseISO8601(text)
            #expect(fast == nil || fast == general, "\(String(decoding: text, as: UTF8.self))")
            if Self.isCanonicalShape(text) {
                // The fast path must not refuse what the general one reads.
                #expect(fast == general, "\(String(decoding: text, as: UTF8.self))")
            }
        }
    }

    @Test(arguments: [
        "2013-05-01T00:00:00Z", "2016-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    ])
    func canonicalTimesAreRead(text: String) throws {
        let bytes = Array(text.utf8)
        let expected = try #require(UnixTime.parseISO8601(bytes))
        #expect(UnixTime.parseCanonicalUTC(bytes.span) == expected)
    }

    @Test(arguments: [
        "2017-02-29T00:00:00Z", "2013-00-01T00:00:00Z", "2013-05-00T00:00:00Z", "2013-05-01T24:00:00Z", "2013-05-01T00:60:00Z",
        "2013-05-01T00:00:60Z", "2013-05-01t00:00:00Z", "2013-05-01T00:00:00z", "2013-05-01 00:00:00Z", "2013-05-01T00:00:00+00:00",
        "2013-05-01T00:00:00", "+013-05-01T00:00:00Z", "2013-05-01T00:00:0 Z", "",
    ])
    func otherTextsAreLeftToTheGeneralParser(text: String) {
        #expect(UnixTime.parseCanonicalUTC(Array(text.utf8).span) == nil)
    }

    /// What a mutated time byte becomes: digits, separators and near misses.
    static let timeBytes = Array("0123456789-:TtZz +.x".utf8)

    static func digits(_ value: Int, _ count: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, count - text.count)) + text
    }

    static func isCanonicalShape(_ text: [UInt8]) -> Bool {
        guard text.count == 20 else { return false }
        let separators: [Int: UInt8] = [4: 0x2D, 7: 0x2D, 10: 0x54, 13: 0x3A, 16: 0x3A, 19: 0x5A]
        for (index, byte) in text.enumerated() {
            if let separator = separators[index] {
                if byte != separator { return false }
            } else if byte < 0x30 || byte > 0x39 {
                return false
            }
        }
        return true
    }

    // MARK: - Numbers and text

    @Test func elementNumbersParseAsParseTextDoes() async {
        let alphabet = Array("0123456789012345.-+eE x".utf8)
        await propertyCheck(input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...24)) { picks in
            let bytes = picks.map { alphabet[$0] }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = Number.parseText(text)
            let fast = Number.plainDecimal(bytes.span)
            let read = OnAppXMLReader.parseNumber(bytes[...])
            #expect(fast == nil || fast.map(String.init(describing:)) == expected.map(String.init(describing:)), "\(text)")
            #expect(read.map(String.init(describing:)) == expected.map(String.init(describing:)), "\(text)")
            #expect(read == expected, "\(text)")
        }
    }

    @Test func trimmedBytesAreTheTrimmedString() async {
        let alphabet = Array(" \t\r\nab\u{0B}".utf8)
        await propertyCheck(input: Gen.int(in: 0...(alphabet.count - 1)).array(of: 0...12)) { picks in
            let bytes = picks.map { alphabet[$0] }
            // A slice that does not start at 0, as element text never does.
            let padded = [UInt8(ascii: "a")] + bytes
            let source = padded[1...]
            let trimmed = OnAppXMLReader.trimmed(source)
            #expect(Array(trimmed) == Array(String(decoding: source, as: UTF8.self).trimmingWhitespace().utf8))
        }
    }

    // MARK: - XML spellings

    /// Two records, one with billing_stats, in the plainest spelling.
    static let plain = """
        <?xml version="1.0" encoding="UTF-8"?>
        <vm_stats type="array">
          <vm_hourly_stat>
            <currency_code>USD</currency_code>
            <stat_time type="datetime">2013-05-01T00:00:00Z</stat_time>
            <user_id type="integer">239</user_id>
            <virtual_machine_id type="integer">1201</virtual_machine_id>
            <total_cost type="decimal">0.2254</total_cost>
            <usage_cost type="decimal">0.0398</usage_cost>
            <billing_stats>
              <disks type="array">
                <disk>
                  <id type="integer">12011</id>
                  <label>a &amp; b</label>
                  <costs type="array">
                    <cost><value type="integer">20</value><cost type="decimal">0.02</cost><resource_name>disk_size</resource_name></cost>
                    <cost><value type="integer">2682</value><cost type="decimal">0.0</cost><resource_name>data_read</resource_name></cost>
                  </costs>
                </disk>
              </disks>
            </billing_stats>
          </vm_hourly_stat>
          <vm_hourly_stat>
            <currency_code>USD</currency_code>
            <stat_time type="datetime">2013-05-01T04:00:00+03:00</stat_time>
            <user_id type="integer">239</user_id>
            <virtual_machine_id type="integer">1201</virtual_machine_id>
            <total_cost type="decimal">1.5</total_cost>
            <usage_cost type="decimal">0.75</usage_cost>
          </vm_hourly_stat>
        </vm_stats>
        """

    /// The same data through character references, CDATA, comments and processing instructions
    /// inside text, namespaces (default and prefixed, on elements and on `type`) and padding.
    static let spelled = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a dump -->
        <vm_stats xmlns="urn:onapp" xmlns:o="urn:o" type="array">
          <vm_hourly_stat>
            <currency_code>&#85;S<![CDATA[D]]></currency_code>
            <o:stat_time o:type="datetime">
              2013-05-01T00:00:00Z
            </o:stat_time>
            <user_id type="integer">2<!-- x -->39</user_id>
            <virtual_machine_id type="integer">&#x31;201</virtual_machine_id>
            <total_cost type="decimal"><![CDATA[0.2254]]></total_cost>
            <usage_cost type="decimal">0.0<?pi split?>398</usage_cost>
            <billing_stats>
              <o:disks type="array">
                <disk>
                  <id type="integer"> 12011 </id>
                  <label>a <![CDATA[&]]> b</label>
                  <costs type="array">
                    <cost><resource_name>disk_size</resource_name><cost type="decimal">0.02</cost><value type="integer">2&#48;</value></cost>
                    <cost><value type="integer">2682</value><cost type="decimal">0.0</cost><resource_name>data_<!-- r -->read</resource_name></cost>
                  </costs>
                </disk>
              </o:disks>
            </billing_stats>
          </vm_hourly_stat>
          <vm_hourly_stat><currency_code>USD</currency_code><stat_time type="datetime">2013-05-01T04:00:00+03:00</stat_time><user_id type="integer">239</user_id><virtual_machine_id type="integer">1201</virtual_machine_id><total_cost type="decimal">1.5</total_cost><usage_cost type="decimal">0.75</usage_cost></vm_hourly_stat>
        </vm_stats>
        """

    @Test func everyXMLSpellingOfTheSameDataDecodesTheSame() throws {
        for format in [OutputFormat.csv, .json] {
            let plain = LibraryRun.decode(bytes: Array(Self.plain.utf8), to: format)
            let spelled = LibraryRun.decode(bytes: Array(Self.spelled.utf8), to: format)
            #expect(plain.status == 0 && spelled.status == 0, "\(plain.stderr)\(spelled.stderr)")
            #expect(plain.stdout.contains("0.2254") && plain.stdout.contains("disk_size"))
            // Warnings point at lines, which differ; the series must not.
            let series = { (text: String) in text.components(separatedBy: "\"warnings\":").first ?? text }
            #expect(series(spelled.stdout) == series(plain.stdout), "\(format)")
        }
        #expect(LibraryRun.decode(bytes: Array(Self.plain.utf8), to: .json).stdout.contains("a & b"))
    }

    /// Whitespace runs of every length and mix (the parser skips spaces eight at a time) are not
    /// text between elements, pad values without changing them, and do not hide a stray character.
    @Test func whitespaceRunsOfAnyLengthAreNotText() throws {
        let compact = LibraryRun.decode(bytes: Array(Self.plain.utf8))
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 40] {
            for pad in [" ", "\t", "\r\n", " \n  "] {
                let padding = String(String(repeating: pad, count: length).prefix(length))
                let padded = Self.plain
                    .replacingOccurrences(of: ">\n", with: ">" + padding + "\n")
                    .replacingOccurrences(of: ">0.2254<", with: ">" + padding + "0.2254" + padding + "<")
                let result = LibraryRun.decode(bytes: Array(padded.utf8))
                #expect(result.output == compact.output, "\(length) × \(pad.debugDescription)")
                #expect(result.lines == compact.lines, "\(length) × \(pad.debugDescription)")
            }
            let stray = Self.plain.replacingOccurrences(
                of: "</vm_hourly_stat>\n  <vm_hourly_stat>",
                with: "</vm_hourly_stat>" + String(repeating: " ", count: length) + "x<vm_hourly_stat>"
            )
            let warned = LibraryRun.decode(bytes: Array(stray.utf8))
            #expect(warned.output == compact.output)
            #expect(warned.stderr.contains("ignored text directly inside <vm_stats>"), "\(length): \(warned.stderr)")
        }
    }

    /// Text cut anywhere between two reads (a chunk boundary mid-value) reads as if whole.
    @Test(arguments: ["onapp/user-3days.xml", "onapp/exact-money.xml", "onapp/net-hourly-stats.xml"])
    func anyChunkingReadsTheSame(_ fixture: String) throws {
        let bytes = try TestPaths.fixture(fixture)
        let whole = LibraryRun.decode(bytes: bytes)
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(!whole.output.isEmpty)
        for chunk in [1, 2, 3, 7, 61, 1000] {
            let cut = LibraryRun.decode(bytes: bytes, chunk: chunk)
            #expect(cut.output == whole.output, "chunks of \(chunk)")
            #expect(cut.lines == whole.lines, "chunks of \(chunk)")
        }
    }

    /// Paths count same-named siblings per parent: the index restarts under each parent, and a
    /// same-named element nested in between does not count (shallow elements and deep ones alike).
    @Test func elementPathsCountSiblingsPerParent() throws {
        let cost = "<cost><value>1</value><cost>0.1</cost><resource_name>a</resource_name></cost>"
        let first =
            "<vm_hourly_stat><stat_time>2013-05-01T00:00:00Z</stat_time><billing_stats><disks><disk><id>1</id><costs>"
            + String(repeating: cost, count: 3)
            + "</costs></disk><disk><id>2</id><costs><cost><value>1</value><resource_name>b</resource_name></cost></costs></disk>"
            + "</disks></billing_stats></vm_hourly_stat>"
        let second =
            "<vm_hourly_stat><stat_time>2013-05-01T01:00:00Z</stat_time><billing_stats><disks><disk><id>1</id><costs>"
            + "<cost><value>1</value><resource_name>a</resource_name></cost>"
            + #"<cost><value type="integer">x</value><resource_name>a</resource_name></cost></costs></disk></disks>"#
            + "</billing_stats></vm_hourly_stat>"
        let refused = LibraryRun.decode(bytes: Array(("<vm_stats>" + first + second + "</vm_stats>").utf8))
        #expect(refused.status == 65)
        #expect(refused.diagnostics.first?.location?.path == "/vm_stats/vm_hourly_stat[2]/billing_stats/disks/disk/costs/cost[2]")

        // Twenty levels of <n><n/>: each open <n> is its parent's second <n>, the empty one its first.
        let deep = LibraryRun.decode(bytes: Array(("<vm_stats>" + String(repeating: "<n><n/>", count: 20)).utf8))
        #expect(deep.status == 65)
        #expect(
            deep.stderr.contains("(still open: /vm_stats/n/n[2]/n[2]/...(13 more levels).../n[2]/n[2]/n[2]/n[2])"),
            "\(deep.stderr)"
        )
    }

    /// More distinct element names and `type` values than the parser's first tables hold.
    @Test func manyDistinctNamesAndTypesKeepTheirIdentities() throws {
        var text = #"<vm_stats type="array"><vm_hourly_stat><stat_time type="datetime">2013-05-01T00:00:00Z</stat_time>"#
        text += #"<currency_code>USD</currency_code><virtual_machine_id type="integer">7</virtual_machine_id>"#
        for index in 0..<300 { text += "<m\(index) type=\"t\(index % 70)\">\(index).5</m\(index)>" }
        text += "</vm_hourly_stat></vm_stats>"
        let result = LibraryRun.decode(bytes: Array(text.utf8), chunk: 97)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n")
        for index in [0, 31, 32, 33, 64, 200, 299] {
            #expect(rows.contains { $0.contains(",m\(index),") && $0.contains(",\(index).5") }, "m\(index)")
        }

        var bad = #"<vm_stats type="array"><vm_hourly_stat><stat_time type="datetime">2013-05-01T00:00:00Z</stat_time>"#
        for index in 0..<60 { bad += "<m\(index) type=\"t\(index)\">1</m\(index)>" }
        bad += #"<late type="t59">x</late></vm_hourly_stat></vm_stats>"#
        let refused = LibraryRun.decode(bytes: Array(bad.utf8))
        #expect(refused.status == 65)
        #expect(refused.stderr.contains(#"expected <late> as a number (type="t59"), found 'x'"#), "\(refused.stderr)")
        // Located as every element error: at its end tag, in its record.
        #expect(refused.diagnostics.first?.location?.path == "/vm_stats/vm_hourly_stat")
    }
}
