import Testing

@testable import UsageConvCore

extension ZoneRulesTests {
    /// The POSIX TZ rule of TZif footers, on strings directly.
    struct PosixRule {
        static func rule(_ text: String) throws -> PosixTZRule {
            try #require(PosixTZRule(text), "\(text) did not parse")
        }

        @Test func centralEurope() throws {
            let rule = try Self.rule("CET-1CEST,M3.5.0,M10.5.0/3")
            // `-1` is one hour EAST; daylight defaults to one hour more.
            #expect(rule.standardOffset == 3600)
            #expect(rule.daylight?.offset == 7200)
            // Starts last Sunday of March 02:00 CET = 01:00Z; ends last Sunday of October 03:00 CEST = 01:00Z.
            #expect(rule.offset(atUTC: utc("2025-03-30T00:59:59Z")) == 3600)
            #expect(rule.offset(atUTC: utc("2025-03-30T01:00:00Z")) == 7200)
            #expect(rule.offset(atUTC: utc("2025-10-26T00:59:59Z")) == 7200)
            #expect(rule.offset(atUTC: utc("2025-10-26T01:00:00Z")) == 3600)
            #expect(rule.nextChange(after: utc("2025-01-01T00:00:00Z")) == utc("2025-03-30T01:00:00Z"))
            #expect(rule.nextChange(after: utc("2025-03-30T01:00:00Z")) == utc("2025-10-26T01:00:00Z"))
            #expect(rule.nextChange(after: utc("2025-10-26T01:00:00Z")) == utc("2026-03-29T01:00:00Z"))
        }

        @Test func unitedStatesEastern() throws {
            let rule = try Self.rule("EST5EDT,M3.2.0,M11.1.0")
            #expect(rule.standardOffset == -18000)
            #expect(rule.daylight?.offset == -14400)
            // Second Sunday of March 2025 is the 9th: 02:00 EST = 07:00Z.
            #expect(rule.offset(atUTC: utc("2025-03-09T06:59:59Z")) == -18000)
            #expect(rule.offset(atUTC: utc("2025-03-09T07:00:00Z")) == -14400)
            // First Sunday of November 2025 is the 2nd: 02:00 EDT = 06:00Z.
            #expect(rule.offset(atUTC: utc("2025-11-02T05:59:59Z")) == -14400)
            #expect(rule.offset(atUTC: utc("2025-11-02T06:00:00Z")) == -18000)
        }

        @Test func southernHemisphere() throws {
            let rule = try Self.rule("AEST-10AEDT,M10.1.0,M4.1.0/3")
            #expect(rule.standardOffset == 36000)
            #expect(rule.daylight?.offset == 39600)
            // Daylight time spans the new year.
            #expect(rule.offset(atUTC: utc("2025-01-01T00:00:00Z")) == 39600)
            #expect(rule.offset(atUTC: utc("2024-12-31T23:59:59Z")) == 39600)
            #expect(rule.offset(atUTC: utc("2025-07-01T00:00:00Z")) == 36000)
            // Ends first Sunday of April (6 April 2025) 03:00 AEDT = 5 April 16:00Z.
            #expect(rule.offset(atUTC: utc("2025-04-05T15:59:59Z")) == 39600)
            #expect(rule.offset(atUTC: utc("2025-04-05T16:00:00Z")) == 36000)
            // Starts first Sunday of October (5 October 2025) 02:00 AEST = 4 October 16:00Z.
            #expect(rule.offset(atUTC: utc("2025-10-04T15:59:59Z")) == 36000)
            #expect(rule.offset(atUTC: utc("2025-10-04T16:00:00Z")) == 39600)
        }

        @Test func withoutDaylightTime() throws {
            // Quoted names, and minutes in the offset: Tehran +03:30, India +05:30, Nepal +05:45.
            #expect(try Self.rule("<+0330>-3:30") == PosixTZRule(standardOffset: 12600, daylight: nil))
            #expect(try Self.rule("IST-5:30") == PosixTZRule(standardOffset: 19800, daylight: nil))
            #expect(try Self.rule("<+0545>-5:45").offset(atUTC: 0) == 20700)
            #expect(try Self.rule("<-0930>9:30").offset(atUTC: 0) == -34200)
            #expect(try Self.rule("UTC0").offset(atUTC: 0) == 0)
            #expect(try Self.rule("<-00>0").offset(atUTC: 0) == 0)
            #expect(try Self.rule("XXX+1:02:03").standardOffset == -3723)
            #expect(try Self.rule("WAT-1").nextChange(after: 0) == nil)
        }

        @Test func negativeDaylightSavingDublin() throws {
            // Irish Standard Time (+1 h) is the summer "standard"; winter GMT is the "daylight" part.
            let rule = try Self.rule("IST-1GMT0,M10.5.0,M3.5.0/1")
            #expect(rule.standardOffset == 3600)
            #expect(rule.daylight?.offset == 0)
            #expect(rule.offset(atUTC: utc("2025-07-01T00:00:00Z")) == 3600)
            #expect(rule.offset(atUTC: utc("2025-01-01T00:00:00Z")) == 0)
            // GMT starts last Sunday of October at 02:00 IST = 01:00Z, ends last Sunday of March at 01:00 GMT.
            #expect(rule.offset(atUTC: utc("2025-10-26T00:59:59Z")) == 3600)
            #expect(rule.offset(atUTC: utc("2025-10-26T01:00:00Z")) == 0)
            #expect(rule.offset(atUTC: utc("2025-03-30T00:59:59Z")) == 0)
            #expect(rule.offset(atUTC: utc("2025-03-30T01:00:00Z")) == 3600)
        }

        @Test func changeTimesOutsideTheDay() throws {
            // Santiago: 24:00 on the first Saturday. 6 September 2025 24:00 at -4 h = 7 September 04:00Z;
            // 5 April 2025 24:00 at -3 h = 6 April 03:00Z.
            let santiago = try Self.rule("<-04>4<-03>,M9.1.6/24,M4.1.6/24")
            #expect(santiago.offset(atUTC: utc("2025-09-07T03:59:59Z")) == -14400)
            #expect(santiago.offset(atUTC: utc("2025-09-07T04:00:00Z")) == -10800)
            #expect(santiago.offset(atUTC: utc("2025-04-06T02:59:59Z")) == -10800)
            #expect(santiago.offset(atUTC: utc("2025-04-06T03:00:00Z")) == -14400)
            // Nuuk: -1:00 on the last Sunday of March at -2 h = Saturday 23:00 local = Sunday 01:00Z;
            // 00:00 on the last Sunday of October at -1 h = 01:00Z.
            let nuuk = try Self.rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0")
            #expect(nuuk.offset(atUTC: utc("2025-03-30T00:59:59Z")) == -7200)
            #expect(nuuk.offset(atUTC: utc("2025-03-30T01:00:00Z")) == -3600)
            #expect(nuuk.offset(atUTC: utc("2025-10-26T00:59:59Z")) == -3600)
            #expect(nuuk.offset(atUTC: utc("2025-10-26T01:00:00Z")) == -7200)
            // 50 h after the fourth Thursday of March (27 March 2025) = Saturday 29 March 02:00 EET = 00:00Z.
            let gaza = try Self.rule("EET-2EEST,M3.4.4/50,M10.4.4/50")
            #expect(gaza.offset(atUTC: utc("2025-03-28T23:59:59Z")) == 7200)
            #expect(gaza.offset(atUTC: utc("2025-03-29T00:00:00Z")) == 10800)
            // The RFC 8536 limit is 167 h either way.
            #expect(PosixTZRule("XXX3YYY,M3.1.0/167,M11.1.0/-167") != nil)
            #expect(PosixTZRule("XXX3YYY,M3.1.0/168,M11.1.0") == nil)
        }

        @Test func daylightTimeAllYear() throws {
            // RFC 8536 section 3.3.1: DST from January 1 00:00 to December 31 25:00 (which is next
            // January 1 00:00 standard time) is daylight time all year.
            let rule = try Self.rule("EST5EDT,0/0,J365/25")
            for text in [
                "2024-01-01T00:00:00Z", "2024-01-01T05:00:00Z", "2024-02-29T12:00:00Z", "2024-07-01T00:00:00Z",
                "2024-12-31T23:59:59Z", "2025-01-01T04:59:59Z", "2025-01-01T05:00:00Z", "2025-12-31T23:59:59Z",
            ] {
                #expect(rule.offset(atUTC: utc(text)) == -14400, "\(text)")
            }
        }

        @Test func defaultsForOmittedParts() throws {
            // No daylight offset: one hour ahead of standard. No rules: the US rules at 02:00.
            let rule = try Self.rule("EST5EDT")
            #expect(rule.daylight?.offset == -14400)
            #expect(rule.daylight?.start == PosixTZRule.Change(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200))
            #expect(rule.daylight?.end == PosixTZRule.Change(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200))
            // Newfoundland: minutes in both offsets.
            let newfoundland = try Self.rule("NST3:30NDT,M3.2.0,M11.1.0")
            #expect(newfoundland.standardOffset == -12600)
            #expect(newfoundland.daylight?.offset == -9000)
            // Lord Howe: half an hour of daylight saving, given explicitly.
            let lordHowe = try Self.rule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0")
            #expect(lordHowe.standardOffset == 37800)
            #expect(lordHowe.daylight?.offset == 39600)
        }

        @Test func dayRules() {
            // J60 is March 1 in every year; zero-based 59 is February 29 in leap years only.
            #expect(PosixTZRule.day(.julian(60), in: 2024) == UnixTime.days(year: 2024, month: 3, day: 1))
            #expect(PosixTZRule.day(.julian(60), in: 2025) == UnixTime.days(year: 2025, month: 3, day: 1))
            #expect(PosixTZRule.day(.julian(1), in: 2025) == UnixTime.days(year: 2025, month: 1, day: 1))
            #expect(PosixTZRule.day(.julian(365), in: 2024) == UnixTime.days(year: 2024, month: 12, day: 31))
            #expect(PosixTZRule.day(.zeroBased(59), in: 2024) == UnixTime.days(year: 2024, month: 2, day: 29))
            #expect(PosixTZRule.day(.zeroBased(59), in: 2025) == UnixTime.days(year: 2025, month: 3, day: 1))
            #expect(PosixTZRule.day(.zeroBased(365), in: 2024) == UnixTime.days(year: 2024, month: 12, day: 31))
            // February 2025 has four Sundays (2, 9, 16, 23): week 5 means the last, the 23rd.
            #expect(PosixTZRule.day(.monthWeekDay(month: 2, week: 5, weekday: 0), in: 2025) == UnixTime.days(year: 2025, month: 2, day: 23))
            // March 2025 has five Sundays, the last on the 30th; its first Saturday is the 1st.
            #expect(PosixTZRule.day(.monthWeekDay(month: 3, week: 5, weekday: 0), in: 2025) == UnixTime.days(year: 2025, month: 3, day: 30))
            #expect(PosixTZRule.day(.monthWeekDay(month: 3, week: 1, weekday: 6), in: 2025) == UnixTime.days(year: 2025, month: 3, day: 1))
            // 1 January 1970 was a Thursday; 1 January 1969 a Wednesday (negative day numbers).
            #expect(PosixTZRule.day(.monthWeekDay(month: 1, week: 1, weekday: 4), in: 1970) == 0)
            #expect(PosixTZRule.day(.monthWeekDay(month: 1, week: 1, weekday: 3), in: 1969) == -365)
        }

        @Test(arguments: [
            "", "CE-1", "CET", "CET-", "CET-1CEST,M3.5.0", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
            "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,J0,J365", "CET-1CEST,J366,J365", "CET-1CEST,0,366", "CET-168",
            "CET-1:60", "<+05-5", "<+5>-5", "CET-1CEST,M3.5.0,M10.5.0/3junk", "CET-1CE", "CET-1CEST,,",
            "CET-1CEST;M3.5.0,M10.5.0", " CET-1", "CET-1 ",
        ])
        func rejectsMalformedRules(text: String) {
            #expect(PosixTZRule(text) == nil)
        }
    }
}
