import PropertyBased
import Testing

@testable import UsageConvCore

struct NumberTests {
    @Test func moneyDoesNotDrift() {
        var sum = Number.zero
        for _ in 0..<10 { sum = sum + Number(significand: 10, exponent: -2) }
        #expect(sum.description == "1")
        #expect(sum.isExact)
        #expect((Number(significand: 1, exponent: -1) + Number(significand: 2, exponent: -1)).description == "0.3")
    }

    @Test(arguments: [
        (Int64(2_880_512_936), 0, "2880512936"),
        (Int64(20_870_618_229), -2, "208706182.29"),
        (Int64(150), -2, "1.5"),
        (Int64(-5), -3, "-0.005"),
        (Int64(1), 3, "1000"),
        (Int64(0), -4, "0"),
        (Int64.min, 0, "-9223372036854775808"),
    ])
    func decimalsPrintPlainAndCanonical(significand: Int64, exponent: Int, text: String) {
        #expect(Number(significand: significand, exponent: exponent).description == text)
    }

    @Test(arguments: [
        (1e-5, "0.00001"), (2.88e22, "28800000000000000000000"), (0.1 + 0.2, "0.30000000000000004"), (5.0, "5"),
        (-0.0, "0"), (123456.789, "123456.789"), (1e300 / 1e300, "1"), (-2.5e-7, "-0.00000025"),
    ])
    func doublesPrintShortestWithoutExponent(value: Double, text: String) {
        #expect(Number(value).description == text)
    }

    @Test func doubleTextRoundTrips() async {
        await propertyCheck(input: Gen.double(in: -1e25...1e25)) { value in
            let text = Number(value).description
            #expect(!text.contains("e"))
            #expect(Double(text) == value, "\(value) printed as \(text)")
        }
        await propertyCheck(input: Gen.double(in: -1e-3...1e-3)) { value in
            let text = Number(value).description
            #expect(Double(text) == value, "\(value) printed as \(text)")
        }
    }

    @Test func decimalTextRoundTripsThroughTheReader() async throws {
        await propertyCheck(input: Gen.int64(in: -999_999_999_999_999...999_999_999_999_999), Gen.int(in: -12...12)) { s, e in
            let number = Number(significand: s, exponent: e)
            let reader = JSONReader(bytes: Array(number.description.utf8))
            _ = try reader.next()
            let back = try reader.numberValue()
            #expect(back == number)
            #expect(back.description == number.description)
        }
    }

    // The row writers' printer (digit pairs into reserved capacity) and NumberText's must agree
    // to the byte: CSV and JSON of one value are compared by users and by the goldens.
    @Test func rowPrinterWritesWhatNumberTextWrites() async {
        await propertyCheck(input: Gen.int64(in: Int64.min...Int64.max), Gen.int(in: -22...6)) { s, e in
            var expected: [UInt8] = []
            NumberText.writeDecimal(significand: s, exponent: e, to: &expected)
            var row: [UInt8] = []
            row.append(addingCapacity: 24 + Int(e.magnitude)) { span in span.append(decimal: s, exponent: e) }
            #expect(row == expected, "\(s)e\(e)")
        }
        for s: Int64 in [0, 1, -1, 9, 10, 99, 100, 999_999_999_999_999_999, Int64.max, Int64.min] {
            for e in [-20, -19, -3, 0, 2] {
                var expected: [UInt8] = []
                NumberText.writeDecimal(significand: s, exponent: e, to: &expected)
                var row: [UInt8] = []
                row.append(addingCapacity: 24 + Int(e.magnitude)) { span in span.append(decimal: s, exponent: e) }
                #expect(row == expected, "\(s)e\(e)")
            }
        }
    }

    @Test func exactIntegersAndMixedArithmetic() {
        #expect(Number(significand: 10, exponent: -1).exactInteger == 1)
        #expect(Number(significand: 15, exponent: -1).exactInteger == nil)
        #expect(Number(Int64.max).multiplied(by: 2).isExact == false)
        #expect((Number(Int64(1)) + Number(0.5)).description == "1.5")
        #expect(Number(significand: 100, exponent: -2) == Number(Int64(1)))
        #expect(Number(significand: 1, exponent: -1) < Number(significand: 2, exponent: -1))
    }

    @Test func aProductPast64BitsEndingInZerosStaysExact() throws {
        // 9,252,849 × 2^12 × 5^12 = 9,252,849 × 10^12: past Int64 on the way, exact in the end
        // (TransformPropertyTests found 92528.49 GiB → TB → GiB giving 92528.48999999999).
        let product = Number(significand: 37_899_669_504, exponent: -14).multiplied(by: 244_140_625)
        #expect(product.isExact)
        #expect(product.description == "92528.49")
        #expect(Number(significand: -37_899_669_504, exponent: -14).multiplied(by: 244_140_625).description == "-92528.49")
        let s = TestSeries.make([(0, Number(significand: 9_252_849, exponent: -2))], identity: TestSeries.identity(unit: "GiB"))
        guard case .converted(let there) = try UnitConverter.convert(s, to: "TB", duration: { _ in 300 }),
            case .converted(let back) = try UnitConverter.convert(there, to: "GiB", duration: { _ in 300 })
        else {
            Issue.record("GiB ↔ TB not converted")
            return
        }
        #expect(there.values[0].description == "99.35170962456576")
        #expect(back.values == s.values)
        // Without trailing zeros to give back, the product is still a Double.
        #expect(Number(Int64.max).multiplied(by: 3).isExact == false)
    }
}
