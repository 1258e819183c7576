import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// ``SVGChart`` on every converting fixture (converted in-process, with the 95th percentile line as
/// `plot --p95` draws it), rendered by the real renderer, rsvg-convert (librsvg).
struct ChartRendererTests {
    static let rsvg = TestTools.executable("rsvg-convert")

    @Test(.enabled(if: TestTools.shouldRun(rsvg != nil), "needs rsvg-convert"), arguments: FixtureGoldens.converting)
    func everyFixtureChartRendersInRsvg(_ input: String) throws {
        let rsvg = try #require(Self.rsvg)
        let loaded = try FixtureGoldens.conversion(of: input).load()
        try #require(!loaded.nothingToWrite, "\(loaded.failures)")
        var options = ChartOptions()
        options.p95 = true
        let folder = try TemporaryFolder()
        let svg = folder.file("chart.svg")
        try Data(SVGChart.render(loaded.series, options: options)).write(to: svg)
        let png = folder.file("chart.png")
        let render = try TestTools.run(rsvg, ["-o", png.path, svg.path])
        #expect(render.status == 0, "\(input): \(render.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 1_000, "\(input): PNG of \(size) bytes")
    }
}
