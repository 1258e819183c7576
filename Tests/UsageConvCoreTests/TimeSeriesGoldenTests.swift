import Testing
import UsageConvCore
import UsageConvTestSupport

/// The OpenMetrics and InfluxDB line protocol encoders over every converting fixture, in-process,
/// against `Fixtures/expected/<provider>/<name>.om` and `.lp` byte for byte.
struct TimeSeriesGoldenTests {
    @Test(arguments: FixtureGoldens.converting)
    func convertsAsTheGoldensSay(_ input: String) throws {
        let conversion = try FixtureGoldens.conversion(of: input)
        let om = LibraryRun.run(conversion, to: .openmetrics)
        #expect(om.status == 0, "\(om.stderr)")
        expectSnapshot(om.stdout, at: FixtureGoldens.golden(for: input, "om"))
        let lp = LibraryRun.run(conversion, to: .influx)
        #expect(lp.status == 0, "\(lp.stderr)")
        expectSnapshot(lp.stdout, at: FixtureGoldens.golden(for: input, "lp"))
    }

    @Test func everyProviderHasAConvertingFixture() {
        for provider in FixtureGoldens.providers {
            #expect(FixtureGoldens.converting.contains { $0.hasPrefix("Fixtures/\(provider)/") }, "no converting fixture for \(provider)")
        }
    }
}
