import Foundation
import Testing

@testable import UsageConvCore

/// Writes TZif files by hand, for files the database does not ship (slim, version 1, damaged).
///
/// Every type gets the designation `LMT`.
enum TZifBuilder {
    /// A local time type: seconds east of UTC and the DST flag.
    typealias LocalType = (offset: Int32, isDST: Bool)

    /// A whole file.
    ///
    /// `version` is the version byte (0 for version 1, else an ASCII digit); for
    /// version 2+ the 64-bit block follows a version 1 block that is either the same data or, with
    /// `minimalV1`, a single type of offset 9999 (so a reader using it would be caught).
    static func file(
        version: UInt8 = UInt8(ascii: "2"),
        transitions: [Int64] = [],
        indices: [UInt8] = [],
        types: [LocalType],
        footer: String = "",
        minimalV1: Bool = false
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        if version == 0 {
            append(block: transitions, indices, types, timeSize: 4, version: 0, to: &bytes)
            return bytes
        }
        if minimalV1 {
            append(block: [], [], [(9999, false)], timeSize: 4, version: version, to: &bytes)
        } else {
            append(block: transitions, indices, types, timeSize: 4, version: version, to: &bytes)
        }
        append(block: transitions, indices, types, timeSize: 8, version: version, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: Array(footer.utf8))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// A slim-style file with the current Berlin rule as its only content (no transitions).
    static func berlinLike(version: UInt8) -> [UInt8] {
        file(version: version, types: [(3600, false)], footer: "CET-1CEST,M3.5.0,M10.5.0/3", minimalV1: true)
    }

    /// A header and one data block.
    static func append(
        block transitions: [Int64],
        _ indices: [UInt8],
        _ types: [LocalType],
        timeSize: Int,
        version: UInt8,
        to bytes: inout [UInt8]
    ) {
        bytes.append(contentsOf: Array("TZif".utf8))
        bytes.append(version)
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 15))
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        for count in [0, 0, 0, transitions.count, types.count, 4] { appendBigEndian(Int64(count), size: 4, to: &bytes) }
        for time in transitions { appendBigEndian(time, size: timeSize, to: &bytes) }
        bytes.append(contentsOf: indices)
        for type in types {
            appendBigEndian(Int64(type.offset), size: 4, to: &bytes)
            bytes.append(type.isDST ? 1 : 0)
            bytes.append(0)
        }
        bytes.append(contentsOf: Array("LMT\0".utf8))
    }

    static func appendBigEndian(_ value: Int64, size: Int, to bytes: inout [UInt8]) {
        for shift in stride(from: (size - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> Int64(shift)))
        }
    }
}

extension ZoneRulesTests {
    /// The TZif reader on hand-built and damaged files.
    struct TZif {
        /// The reason `bytes` are refused, or nil when they parse.
        static func refusal(_ bytes: [UInt8]) -> String? {
            do {
                _ = try TZifFile.parse(bytes)
                return nil
            } catch {
                return error.reason
            }
        }

        @Test(.enabled(if: hasDatabase, "/usr/share/zoneinfo is absent"))
        func slimFileMatchesTheDatabaseFile() throws {
            // The slim file has no transitions: its footer alone must reproduce the database's
            // Berlin (whose table, if fat, runs to 2037) for every instant since 1997.
            let slim = ZoneRules(identifier: "slim", timeline: try TZifFile.parse(TZifBuilder.berlinLike(version: UInt8(ascii: "2"))))
            let berlin = try zone("Europe/Berlin")
            var t = utc("1997-01-01T00:00:00Z")
            let end = utc("2040-01-01T00:00:00Z")
            var compared = 0
            while t < end {
                #expect(slim.offset(atUTC: t) == berlin.offset(atUTC: t), "at \(UnixTime.iso8601(t))")
                #expect(slim.resolve(local: t) == berlin.resolve(local: t), "wall \(UnixTime.iso8601(t))")
                // 4 h 59 min 13 s: an odd step that lands near every hour of the day over the years.
                t += 17_953
                compared += 1
            }
            #expect(compared > 75_000)
        }

        @Test(arguments: [UInt8(ascii: "2"), UInt8(ascii: "3"), UInt8(ascii: "4")])
        func version2PlusUsesThe64BitBlockAndFooter(version: UInt8) throws {
            // The version 1 block says +02:46:39 (9999 s); the 64-bit block and footer say Berlin.
            let timeline = try TZifFile.parse(TZifBuilder.berlinLike(version: version))
            #expect(timeline.transitions.isEmpty)
            #expect(timeline.offset(atUTC: utc("2025-01-15T00:00:00Z")) == 3600)
            #expect(timeline.offset(atUTC: utc("2025-07-15T00:00:00Z")) == 7200)
        }

        @Test func version1FileUsesThe32BitTable() throws {
            // Type 0 (+1 h) before the first transition; +2 h (DST) from t = 0; +1 h from t = 100000,
            // and with no footer the last type stays in effect for ever.
            let bytes = TZifBuilder.file(
                version: 0,
                transitions: [0, 100_000],
                indices: [1, 0],
                types: [(3600, false), (7200, true)]
            )
            let timeline = try TZifFile.parse(bytes)
            #expect(timeline.rule == nil)
            #expect(timeline.offset(atUTC: -1) == 3600)
            #expect(timeline.offset(atUTC: 0) == 7200)
            #expect(timeline.offset(atUTC: 99_999) == 7200)
            #expect(timeline.offset(atUTC: 100_000) == 3600)
            #expect(timeline.offset(atUTC: 1 << 40) == 3600)
            // At t = 0 wall clocks jumped from 3600 to 7200: wall 5000 is skipped.
            #expect(timeline.resolve(local: 5000) == .skipped(transition: 0, offsetBefore: 3600, offsetAfter: 7200))
            // At t = 100000 they went back from 107200 to 103600: wall 105000 happened at
            // 105000 - 7200 = 97800 and at 105000 - 3600 = 101400.
            #expect(timeline.resolve(local: 105_000) == .repeated(earlier: 97_800, later: 101_400))
            #expect(timeline.resolve(local: 3599) == .unique(-1))
        }

        @Test func emptyFooterKeepsTheLastTypeAfterTheTable() throws {
            let bytes = TZifBuilder.file(transitions: [0], indices: [1], types: [(0, false), (-18000, false)], footer: "")
            let timeline = try TZifFile.parse(bytes)
            #expect(timeline.rule == nil)
            #expect(timeline.offset(atUTC: -1) == 0)
            #expect(timeline.offset(atUTC: 1 << 40) == -18000)
        }

        @Test func footerRuleAppliesFromTheLastTransitionOn() throws {
            // A table ending 2000-01-01 (+5 h) followed by New York's rule: the rule, not the table's
            // last type, decides in 2025 (EDT in July).
            let end2000 = utc("2000-01-01T00:00:00Z")
            let bytes = TZifBuilder.file(
                transitions: [end2000],
                indices: [1],
                types: [(0, false), (-18000, false)],
                footer: "EST5EDT,M3.2.0,M11.1.0"
            )
            let timeline = try TZifFile.parse(bytes)
            #expect(timeline.offset(atUTC: end2000 - 1) == 0)
            #expect(timeline.offset(atUTC: end2000) == -18000)
            #expect(timeline.offset(atUTC: utc("2025-07-01T00:00:00Z")) == -14400)
        }

        @Test func everyTruncationIsRefused() throws {
            var files = [TZifBuilder.berlinLike(version: UInt8(ascii: "2"))]
            if hasDatabase {
                files.append(Array(try Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/Europe/Berlin"))))
            }
            for file in files {
                #expect(Self.refusal(file) == nil)
                // The footer's closing newline is the last byte, so every proper prefix lacks something.
                for length in 0..<file.count {
                    #expect(Self.refusal(Array(file.prefix(length))) != nil, "prefix of \(length) bytes")
                }
            }
        }

        @Test func flippedBytesNeverTrap() throws {
            var files = [
                TZifBuilder.berlinLike(version: UInt8(ascii: "3")),
                TZifBuilder.file(version: 0, transitions: [0, 100_000], indices: [1, 0], types: [(3600, false), (7200, true)]),
            ]
            if hasDatabase {
                files.append(Array(try Data(contentsOf: URL(fileURLWithPath: "/usr/share/zoneinfo/America/Santiago"))))
            }
            var parsed = 0
            var refused = 0
            for file in files {
                for position in file.indices {
                    for mask: UInt8 in [0x01, 0x10, 0x80, 0xFF] {
                        var damaged = file
                        damaged[position] ^= mask
                        guard let timeline = try? TZifFile.parse(damaged) else {
                            refused += 1
                            continue
                        }
                        parsed += 1
                        // Whatever was read must answer without trapping.
                        for t in [Int64.min, -(1 << 59), 0, utc("2025-03-30T01:00:00Z"), 1 << 59, Int64.max] {
                            _ = timeline.offset(atUTC: t)
                            _ = timeline.resolve(local: t)
                        }
                    }
                }
            }
            #expect(parsed > 0)
            #expect(refused > 0)
        }

        @Test func hugeCountsAreRefusedBeforeAnyAllocation() {
            // A version 1 header claiming 2^32 - 1 transitions and types, and nothing after it.
            var bytes = Array("TZif".utf8) + [UInt8](repeating: 0, count: 16)
            for count: Int64 in [0, 0, 0, 0xFFFF_FFFF, 0xFFFF_FFFF, 4] {
                TZifBuilder.appendBigEndian(count, size: 4, to: &bytes)
            }
            #expect(Self.refusal(bytes) == "the file ends inside its version 1 data")
        }

        @Test func invalidTablesAreRefused() {
            let types: [TZifBuilder.LocalType] = [(0, false), (3600, true)]
            #expect(Self.refusal(Array("TZjf2".utf8) + [UInt8](repeating: 0, count: 60)) == "it does not start with the TZif magic bytes")
            #expect(Self.refusal(TZifBuilder.file(version: UInt8(ascii: "1"), types: types)) == "its version byte '1' is unknown")
            #expect(Self.refusal(TZifBuilder.file(types: [])) == "it has no local time types")
            #expect(
                Self.refusal(TZifBuilder.file(transitions: [10, 5], indices: [1, 0], types: types))
                    == "its transition times are not in ascending order"
            )
            #expect(
                Self.refusal(TZifBuilder.file(transitions: [10, 10], indices: [1, 0], types: types))
                    == "its transition times are not in ascending order"
            )
            #expect(
                Self.refusal(TZifBuilder.file(transitions: [10], indices: [2], types: types))
                    == "a transition refers to local time type 2, which does not exist"
            )
            #expect(
                Self.refusal(TZifBuilder.file(transitions: [1 << 60], indices: [1], types: types, minimalV1: true))
                    == "a transition time (\(Int64(1) << 60)) is out of range"
            )
            #expect(Self.refusal(TZifBuilder.file(types: [(Int32.min, false)])) == "a local time type has offset -2^31")
            #expect(
                Self.refusal(TZifBuilder.file(types: types, footer: "CET-1CEST,M3.5.0"))
                    == "its footer 'CET-1CEST,M3.5.0' is not a POSIX TZ rule"
            )
            var noFooter = TZifBuilder.file(types: types, footer: "UTC0")
            noFooter.removeLast(6)
            #expect(Self.refusal(noFooter) == "the footer's opening newline is missing")
            var badFlag = TZifBuilder.file(version: 0, types: [(0, false)])
            badFlag[badFlag.count - 6] = 2
            #expect(Self.refusal(badFlag) == "a local time type's DST flag is neither 0 nor 1")
        }
    }
}
