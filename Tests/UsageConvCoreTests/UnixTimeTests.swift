import PropertyBased
import Testing

@testable import UsageConvCore

struct UnixTimeTests {
    @Test func formatsAndParsesKnownInstants() {
        #expect(UnixTime.iso8601(1_503_244_800) == "2017-08-20T16:00:00Z")
        #expect(UnixTime.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(UnixTime.iso8601(-1) == "1969-12-31T23:59:59Z")
        #expect(UnixTime.iso8601(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UnixTime.parseISO8601(Array("2013-05-01T03:00:00+03:00".utf8)) == 1_367_366_400)
        #expect(UnixTime.parseISO8601(Array("2013-05-01 00:00:00Z".utf8)) == 1_367_366_400)
        #expect(UnixTime.parseISO8601(Array("2013-05-01T00:00:00.000Z".utf8)) == 1_367_366_400)
        #expect(UnixTime.parseISO8601(Array("2013-05-01".utf8), defaultOffset: 0) == 1_367_366_400)
        #expect(UnixTime.parseISO8601(Array("2017-04-26 08:00".utf8), defaultOffset: 8 * 3600) == 1_493_164_800)
    }

    @Test(arguments: [
        "2018-02-30T00:00:00Z", "2018-13-01T00:00:00Z", "2018-03-29T24:00:00Z", "2018-03-29T17:35:00",
        "2018-03-29T17:35:00.5Z", "2018-03-29T17:35:60Z", "18-03-29T17:35:00Z", "2018-03-29T17:35:00Zjunk", "",
    ])
    func rejectsInvalidTimestamps(text: String) {
        #expect(UnixTime.parseISO8601(Array(text.utf8)) == nil)
    }

    @Test func formattingRoundTrips() async {
        await propertyCheck(input: Gen.int64(in: -62_135_596_800...253_402_300_799)) { time in
            let text = UnixTime.iso8601(time)
            #expect(UnixTime.parseISO8601(Array(text.utf8)) == time, "\(time) → \(text)")
        }
    }
}
