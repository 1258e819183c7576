import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// `ZoneRules`: zones from the system tz database, fixed offsets, identifiers; further nested suites
/// hold the POSIX rule, the TZif reader and the comparison with Python.
struct ZoneRulesTests {
    static let hasDatabase = FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/Europe/Berlin")

    /// Unix seconds of a UTC time written `2025-03-30T01:00:00Z`.
    static func utc(_ text: String) -> Int64 {
        UnixTime.parseISO8601(Array(text.utf8)) ?? Int64.min
    }

    /// Local wall-clock seconds (counted like Unix time) of `2025-03-30T02:30:00`.
    static func wall(_ text: String) -> Int64 {
        UnixTime.parseISO8601(Array(text.utf8), defaultOffset: 0) ?? Int64.min
    }

    /// A zone from the system database.
    static func zone(_ name: String) throws -> ZoneRules {
        try ZoneRules(identifier: name)
    }
}

extension ZoneRulesTests {
    /// Real zones, read from /usr/share/zoneinfo.
    @Suite(.enabled(if: hasDatabase, "/usr/share/zoneinfo is absent"))
    struct Database {
        @Test func berlin2025SpringForward() throws {
            let berlin = try zone("Europe/Berlin")
            // EU rule: last Sunday of March (the 30th in 2025) at 01:00 UTC, CET (+1 h) to CEST (+2 h).
            let spring = utc("2025-03-30T01:00:00Z")
            #expect(berlin.offset(atUTC: spring - 1) == 3600)
            #expect(berlin.offset(atUTC: spring) == 7200)
            // Wall clocks went from 02:00 straight to 03:00, so 02:30 never happened.
            #expect(
                berlin.resolve(local: wall("2025-03-30T02:30:00")) == .skipped(transition: spring, offsetBefore: 3600, offsetAfter: 7200)
            )
            // 01:59:59 is still CET (00:59:59Z); 03:00:00 is already CEST (01:00:00Z).
            #expect(berlin.resolve(local: wall("2025-03-30T01:59:59")) == .unique(utc("2025-03-30T00:59:59Z")))
            #expect(berlin.resolve(local: wall("2025-03-30T03:00:00")) == .unique(spring))
            // 02:00:00 itself is the first skipped second.
            #expect(
                berlin.resolve(local: wall("2025-03-30T02:00:00")) == .skipped(transition: spring, offsetBefore: 3600, offsetAfter: 7200)
            )
        }

        @Test func berlin2025FallBack() throws {
            let berlin = try zone("Europe/Berlin")
            // Last Sunday of October (the 26th) at 01:00 UTC, CEST (+2 h) back to CET (+1 h).
            let autumn = utc("2025-10-26T01:00:00Z")
            #expect(berlin.offset(atUTC: autumn - 1) == 7200)
            #expect(berlin.offset(atUTC: autumn) == 3600)
            // Wall clocks went from 03:00 back to 02:00: 02:30 happened at 00:30Z (CEST) and 01:30Z (CET).
            #expect(
                berlin.resolve(local: wall("2025-10-26T02:30:00"))
                    == .repeated(earlier: utc("2025-10-26T00:30:00Z"), later: utc("2025-10-26T01:30:00Z"))
            )
            // 02:00:00 is the first repeated second, 03:00:00 the first unique one again.
            #expect(
                berlin.resolve(local: wall("2025-10-26T02:00:00"))
                    == .repeated(earlier: utc("2025-10-26T00:00:00Z"), later: utc("2025-10-26T01:00:00Z"))
            )
            #expect(berlin.resolve(local: wall("2025-10-26T03:00:00")) == .unique(utc("2025-10-26T02:00:00Z")))
            #expect(berlin.resolve(local: wall("2025-10-26T01:59:59")) == .unique(utc("2025-10-25T23:59:59Z")))
        }

        @Test func berlinOrdinaryTimesAreUnique() throws {
            let berlin = try zone("Europe/Berlin")
            // Winter is CET (+1 h), summer CEST (+2 h).
            #expect(berlin.offset(atUTC: utc("2025-01-15T12:00:00Z")) == 3600)
            #expect(berlin.offset(atUTC: utc("2025-07-15T12:00:00Z")) == 7200)
            #expect(berlin.resolve(local: wall("2025-01-15T13:00:00")) == .unique(utc("2025-01-15T12:00:00Z")))
            #expect(berlin.resolve(local: wall("2025-07-15T14:00:00")) == .unique(utc("2025-07-15T12:00:00Z")))
            // Midnight of the spring-forward day exists once, at 23:00Z the day before.
            #expect(berlin.resolve(local: wall("2025-03-30T00:00:00")) == .unique(utc("2025-03-29T23:00:00Z")))
            #expect(!berlin.isUTC)
            #expect(berlin.identifier == "Europe/Berlin")
        }

        @Test func sydneyHasDaylightTimeAcrossNewYear() throws {
            let sydney = try zone("Australia/Sydney")
            // Southern summer: AEDT (+11 h) in January, AEST (+10 h) in July.
            #expect(sydney.offset(atUTC: utc("2025-01-15T00:00:00Z")) == 39600)
            #expect(sydney.offset(atUTC: utc("2025-07-15T00:00:00Z")) == 36000)
            // Ends first Sunday of April (6 April 2025) at 03:00 AEDT = 2025-04-05T16:00:00Z.
            let end = utc("2025-04-05T16:00:00Z")
            #expect(sydney.offset(atUTC: end - 1) == 39600)
            #expect(sydney.offset(atUTC: end) == 36000)
            // 02:30 on 6 April happens at 02:30 AEDT (15:30Z) and again at 02:30 AEST (16:30Z).
            #expect(
                sydney.resolve(local: wall("2025-04-06T02:30:00"))
                    == .repeated(earlier: utc("2025-04-05T15:30:00Z"), later: utc("2025-04-05T16:30:00Z"))
            )
            // Starts first Sunday of October (5 October 2025) at 02:00 AEST = 2025-10-04T16:00:00Z.
            let start = utc("2025-10-04T16:00:00Z")
            #expect(sydney.offset(atUTC: start - 1) == 36000)
            #expect(sydney.offset(atUTC: start) == 39600)
            #expect(
                sydney.resolve(local: wall("2025-10-05T02:30:00")) == .skipped(transition: start, offsetBefore: 36000, offsetAfter: 39600)
            )
        }

        @Test func kolkataIsFiveAndAHalfHoursAheadAllYear() throws {
            let kolkata = try zone("Asia/Kolkata")
            // IST has been +05:30 (19800 s) without daylight time since 1945.
            for instant in [
                utc("1990-01-01T00:00:00Z"), utc("2025-03-30T01:00:00Z"), utc("2025-07-01T00:00:00Z"), utc("2060-12-31T23:59:59Z"),
            ] {
                #expect(kolkata.offset(atUTC: instant) == 19800)
            }
            // Local noon is 06:30Z.
            #expect(kolkata.resolve(local: wall("2025-06-01T12:00:00")) == .unique(utc("2025-06-01T06:30:00Z")))
        }

        @Test func newYork2025() throws {
            let newYork = try zone("America/New_York")
            // Second Sunday of March (9 March 2025) at 02:00 EST (-5 h) = 07:00Z, to EDT (-4 h).
            let spring = utc("2025-03-09T07:00:00Z")
            #expect(newYork.offset(atUTC: spring - 1) == -18000)
            #expect(newYork.offset(atUTC: spring) == -14400)
            #expect(
                newYork.resolve(local: wall("2025-03-09T02:30:00"))
                    == .skipped(transition: spring, offsetBefore: -18000, offsetAfter: -14400)
            )
            // First Sunday of November (2 November 2025) at 02:00 EDT = 06:00Z, back to EST.
            let autumn = utc("2025-11-02T06:00:00Z")
            #expect(newYork.offset(atUTC: autumn - 1) == -14400)
            #expect(newYork.offset(atUTC: autumn) == -18000)
            // 01:30 happens at 05:30Z (EDT) and at 06:30Z (EST).
            #expect(
                newYork.resolve(local: wall("2025-11-02T01:30:00"))
                    == .repeated(earlier: utc("2025-11-02T05:30:00Z"), later: utc("2025-11-02T06:30:00Z"))
            )
            #expect(newYork.resolve(local: wall("2025-07-04T12:00:00")) == .unique(utc("2025-07-04T16:00:00Z")))
        }

        @Test func footerRuleGovernsAfterTheLastTransition() throws {
            let berlin = try zone("Europe/Berlin")
            // Whether the file is fat (transitions to 2037) or slim (to 1996), 2050 lies past its table.
            #expect(try #require(berlin.timeline.transitions.last) < utc("2050-01-01T00:00:00Z"))
            #expect(berlin.timeline.rule != nil)
            // 31 March 2050 is a Thursday, so the last Sunday of March is the 27th: 01:00Z.
            let spring = utc("2050-03-27T01:00:00Z")
            #expect(berlin.offset(atUTC: spring - 1) == 3600)
            #expect(berlin.offset(atUTC: spring) == 7200)
            #expect(
                berlin.resolve(local: wall("2050-03-27T02:30:00")) == .skipped(transition: spring, offsetBefore: 3600, offsetAfter: 7200)
            )
            // 31 October 2050 is a Monday, so the last Sunday of October is the 30th: 01:00Z.
            let autumn = utc("2050-10-30T01:00:00Z")
            #expect(berlin.offset(atUTC: autumn - 1) == 7200)
            #expect(berlin.offset(atUTC: autumn) == 3600)
            #expect(
                berlin.resolve(local: wall("2050-10-30T02:30:00"))
                    == .repeated(earlier: utc("2050-10-30T00:30:00Z"), later: utc("2050-10-30T01:30:00Z"))
            )

            let newYork = try zone("America/New_York")
            // 1 March 2045 is a Wednesday: Sundays 5 and 12, so DST starts 12 March at 02:00 EST = 07:00Z.
            let nySpring = utc("2045-03-12T07:00:00Z")
            #expect(newYork.offset(atUTC: nySpring - 1) == -18000)
            #expect(newYork.offset(atUTC: nySpring) == -14400)
            // 1 November 2045 is a Wednesday: first Sunday the 5th, 02:00 EDT = 06:00Z.
            let nyAutumn = utc("2045-11-05T06:00:00Z")
            #expect(newYork.offset(atUTC: nyAutumn - 1) == -14400)
            #expect(newYork.offset(atUTC: nyAutumn) == -18000)

            let sydney = try zone("Australia/Sydney")
            // 1 October 2050 is a Saturday: first Sunday the 2nd, 02:00 AEST = 1 October 16:00Z.
            let auSpring = utc("2050-10-01T16:00:00Z")
            #expect(sydney.offset(atUTC: auSpring - 1) == 36000)
            #expect(sydney.offset(atUTC: auSpring) == 39600)
            // 1 April 2050 is a Friday: first Sunday the 3rd, 03:00 AEDT = 2 April 16:00Z.
            let auAutumn = utc("2050-04-02T16:00:00Z")
            #expect(sydney.offset(atUTC: auAutumn - 1) == 39600)
            #expect(sydney.offset(atUTC: auAutumn) == 36000)
        }

        @Test func transitionsWithoutAStandardToDaylightSwitch() throws {
            // London 1941: British Summer Time (+1 h, DST) to Double Summer Time (+2 h, DST) on 4 May
            // at 01:00Z, and back on 10 August at 01:00Z: both sides are daylight time.
            let london = try zone("Europe/London")
            #expect(
                london.resolve(local: wall("1941-05-04T02:30:00"))
                    == .skipped(transition: utc("1941-05-04T01:00:00Z"), offsetBefore: 3600, offsetAfter: 7200)
            )
            #expect(
                london.resolve(local: wall("1941-08-10T02:30:00"))
                    == .repeated(earlier: utc("1941-08-10T00:30:00Z"), later: utc("1941-08-10T01:30:00Z"))
            )
            // Samoa skipped 30 December 2011: at 10:00Z clocks went from 29 December 24:00 (-10 h, DST)
            // to 31 December 00:00 (+14 h, DST).
            let apia = try zone("Pacific/Apia")
            #expect(
                apia.resolve(local: wall("2011-12-30T12:00:00"))
                    == .skipped(transition: utc("2011-12-30T10:00:00Z"), offsetBefore: -36000, offsetAfter: 50400)
            )
            #expect(apia.resolve(local: wall("2011-12-29T23:59:59")) == .unique(utc("2011-12-30T09:59:59Z")))
            #expect(apia.resolve(local: wall("2011-12-31T00:00:00")) == .unique(utc("2011-12-30T10:00:00Z")))
            // Moscow changed its standard offset: +3 h to +4 h on 2011-03-26 at 23:00Z (02:00 became
            // 03:00), and +4 h to +3 h on 2014-10-25 at 22:00Z (02:00 became 01:00); no DST either side.
            let moscow = try zone("Europe/Moscow")
            #expect(
                moscow.resolve(local: wall("2011-03-27T02:30:00"))
                    == .skipped(transition: utc("2011-03-26T23:00:00Z"), offsetBefore: 10800, offsetAfter: 14400)
            )
            #expect(
                moscow.resolve(local: wall("2014-10-26T01:30:00"))
                    == .repeated(earlier: utc("2014-10-25T21:30:00Z"), later: utc("2014-10-25T22:30:00Z"))
            )
        }

    }
}

extension ZoneRulesTests {
    /// Fixed offsets and UTC, which never read a file.
    struct FixedOffsets {

        @Test(arguments: [
            ("+05:30", Int64(19800)), ("-08:00", -28800), ("-0800", -28800), ("+02", 7200), ("+0545", 20700),
            ("-00:00", 0), ("+00", 0),
        ])
        func fixedOffsets(identifier: String, seconds: Int64) throws {
            let zone = try ZoneRules(identifier: identifier, databasePath: "/nonexistent")
            #expect(zone.identifier == identifier)
            #expect(zone.offset(atUTC: 0) == seconds)
            #expect(zone.offset(atUTC: utc("2025-03-30T01:00:00Z")) == seconds)
            #expect(zone.isUTC == (seconds == 0))
            // A fixed zone shows every wall time exactly once, `seconds` ahead of UTC.
            #expect(zone.resolve(local: wall("2025-03-30T02:30:00")) == .unique(wall("2025-03-30T02:30:00") - seconds))
        }

        @Test(arguments: ["UTC", "Z", "Etc/UTC"])
        func utcNames(identifier: String) throws {
            // No file is read for these: the database path does not exist.
            let zone = try ZoneRules(identifier: identifier, databasePath: "/nonexistent")
            #expect(zone.isUTC)
            #expect(zone.identifier == identifier)
            #expect(zone.offset(atUTC: utc("2025-07-01T00:00:00Z")) == 0)
            #expect(zone.resolve(local: 1_000_000) == .unique(1_000_000))
            #expect(ZoneRules.utc.isUTC)
            #expect(ZoneRules.utc.identifier == "UTC")
        }

        @Test(.enabled(if: hasDatabase, "/usr/share/zoneinfo is absent"))
        func databaseUTCIsUTC() throws {
            // Etc/GMT: no transitions, footer `GMT0`.
            #expect(try zone("Etc/GMT").isUTC)
            // Etc/GMT+5 is POSIX-signed: five hours behind UTC.
            #expect(try zone("Etc/GMT+5").offset(atUTC: 0) == -18000)
        }

        @Test func extremeInstantsDoNotTrap() throws {
            let zones =
                [ZoneRules.utc, try ZoneRules(identifier: "+05:30")]
                + (hasDatabase ? [try zone("Europe/Berlin"), try zone("Australia/Sydney")] : [])
            for zone in zones {
                for t in [Int64.min, Int64.min + 1, -(1 << 60), 1 << 60, Int64.max - 1, Int64.max] {
                    _ = zone.offset(atUTC: t)
                    _ = zone.resolve(local: t)
                }
            }
        }

    }
}

extension ZoneRulesTests {
    /// Unknown, unsafe and unreadable zones.
    struct Errors {

        @Test(.enabled(if: hasDatabase, "/usr/share/zoneinfo is absent"))
        func unknownZoneIsAUsageError() {
            #expect {
                try ZoneRules(identifier: "Europe/Berln")
            } throws: { error in
                guard let diagnostic = error as? Diagnostic else { return false }
                return diagnostic.code == .usage && diagnostic.severity == .error
                    && diagnostic.message
                        == "unknown time zone 'Europe/Berln': no such file in /usr/share/zoneinfo "
                        + "(a tz database name like Europe/Berlin, UTC, or an offset like +05:30)"
            }
        }

        @Test(arguments: [
            "../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "Europe//Berlin", "./UTC", "Europe/Berlin/",
            "Europe/Berlin\u{0}", "", ".", "Europe/ Berlin", "+5", "+05:3", "+24:00", "05:30", "Europe",
        ])
        func rejectedIdentifiers(identifier: String) {
            #expect {
                try ZoneRules(identifier: identifier)
            } throws: { error in
                guard let diagnostic = error as? Diagnostic else { return false }
                return diagnostic.code == .usage && diagnostic.message.hasPrefix("unknown time zone ")
            }
        }

        @Test func garbageAndTruncatedFilesAreRejected() throws {
            let folder = try TemporaryFolder()
            try FileManager.default.createDirectory(at: folder.file("Test"), withIntermediateDirectories: true)
            try Data("not a zone file\n".utf8).write(to: folder.file("Test/Garbage"))
            try Data().write(to: folder.file("Test/Empty"))
            let real = TZifBuilder.berlinLike(version: UInt8(ascii: "2"))
            try Data(real.prefix(real.count - 5)).write(to: folder.file("Test/Truncated"))
            try Data(real).write(to: folder.file("Test/Whole"))
            for name in ["Test/Garbage", "Test/Empty", "Test/Truncated"] {
                #expect {
                    try ZoneRules(identifier: name, databasePath: folder.url.path)
                } throws: { error in
                    guard let diagnostic = error as? Diagnostic else { return false }
                    return diagnostic.code == .usage
                        && diagnostic.message.hasPrefix("time zone file \(folder.url.path)/\(name) is not a valid TZif file: ")
                }
            }
            // The untruncated file reads, and is the Berlin rule.
            let whole = try ZoneRules(identifier: "Test/Whole", databasePath: folder.url.path)
            #expect(whole.offset(atUTC: utc("2025-07-01T00:00:00Z")) == 7200)
        }
    }
}
