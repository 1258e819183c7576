import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// Charts as a person sees them: rendered to PNG by rsvg-convert (librsvg), then pixels checked
/// where a known feature must (or must not) be drawn.
struct ChartPixelTests {
    static let tools = TestTools.executable("rsvg-convert") != nil && TestTools.executable("python3") != nil

    /// The series' colour (the first of the palette).
    static let blue = "#1f77b4"

    /// `series` drawn with `options`, rasterised by rsvg-convert, and the layout of its first panel.
    static func render(_ series: [Series], _ options: ChartOptions) throws -> (RasterImage, ChartLayout) {
        let rsvg = try #require(TestTools.executable("rsvg-convert"))
        let python = try #require(TestTools.executable("python3"))
        let folder = try TemporaryFolder()
        let svg = folder.file("chart.svg")
        try Data(SVGChart.render(series, options: options)).write(to: svg)
        let png = folder.file("chart.png")
        let result = try TestTools.run(rsvg, ["--background-color=white", "-o", png.path, svg.path])
        #expect(result.status == 0, "\(result.stderr)")
        let layout = try #require(SVGChart.panels(series, options: options).first?.layout)
        return (try RasterImage.read(png, python: python), layout)
    }

    /// Whether a pixel carries the series' blue, even antialiased against white (grey grid lines do not).
    static func bluish(_ image: RasterImage, _ x: Int, _ y: Int) -> Bool {
        let p = image.pixel(x, y)
        return p.a > 128 && p.b - p.r >= 40
    }

    /// How many pixels of row `y` inside the plot (edges excluded) are `color`.
    static func share(of color: String, row y: Int, in image: RasterImage, layout: ChartLayout) -> Double {
        let from = Int(layout.plotLeft) + 2
        let to = Int(layout.plotLeft + layout.plotWidth) - 2
        let hits = (from..<to).filter { x in image.matches(x, y, color) }.count
        return Double(hits) / Double(to - from)
    }

    @Test(.enabled(if: TestTools.shouldRun(tools), "needs rsvg-convert and python3"))
    func p95LineIsDrawnOnTheRowOfTheKnownPercentile() throws {
        var options = ChartOptions()
        options.p95 = true
        options.width = 640
        options.plotHeight = 200
        let (image, layout) = try Self.render([ChartSeries.rate(ChartSeries.knownP95)], options)
        let p95Row = Int(layout.y(50).rounded())
        // The line is dashed 5-2: about 70% of the row is the series' colour.
        #expect(Self.share(of: Self.blue, row: p95Row, in: image, layout: layout) > 0.5)
        // A row between it and the peaks (70) and one under it (30) are crossed only by the spikes.
        #expect(Self.share(of: Self.blue, row: Int(layout.y(70).rounded()), in: image, layout: layout) < 0.1)
        #expect(Self.share(of: Self.blue, row: Int(layout.y(30).rounded()), in: image, layout: layout) < 0.1)
        // Without --p95 the row is empty too (the check above is not reading the series itself).
        options.p95 = false
        let (plain, _) = try Self.render([ChartSeries.rate(ChartSeries.knownP95)], options)
        #expect(Self.share(of: Self.blue, row: p95Row, in: plain, layout: layout) < 0.1)
    }

    @Test(.enabled(if: TestTools.shouldRun(tools), "needs rsvg-convert and python3"))
    func aHoleInTheSeriesIsAGapInThePicture() throws {
        var options = ChartOptions()
        options.width = 640
        options.plotHeight = 160
        let series = ChartSeries.rate(ChartSeries.withHole)
        let (image, layout) = try Self.render([series], options)
        let row = Int(layout.y(40).rounded())
        let start = series.times[0]
        // Measured stretches: the line is there.
        for index in [5, 20, 35, 65, 80, 95] {
            let x = Int(layout.x(start + Int64(index) * 60))
            #expect((row - 2...row + 2).contains { Self.bluish(image, x, $0) }, "no line at point \(index)")
        }
        // Inside the hole (points 40 to 59 missing): nothing of the series' colour in any row.
        let from = Int(layout.x(start + 40 * 60)) + 3
        let to = Int(layout.x(start + 59 * 60)) - 3
        #expect(to - from > 50)
        var painted = 0
        for x in from..<to {
            for y in Int(layout.plotTop)..<Int(layout.plotTop + layout.plotHeight) where Self.bluish(image, x, y) { painted += 1 }
        }
        #expect(painted == 0, "\(painted) pixels drawn across the hole")
    }

    @Test(.enabled(if: TestTools.shouldRun(tools), "needs rsvg-convert and python3"))
    func filledPointsAreHollowCircles() throws {
        var options = ChartOptions()
        options.width = 640
        var series = ChartSeries.rate(Array(repeating: 40, count: 30))
        series.qualities[15] = .zeroFilled
        series.values[15] = .zero
        let (image, layout) = try Self.render([series], options)
        let x = Int(layout.x(series.times[15]).rounded(.down)) + 0
        let y = Int(layout.y(0).rounded())
        // The ring is the series' colour, its centre white (hollow) even on the axis.
        let ring = (x - 4...x + 4).contains { cx in (y - 4...y + 4).contains { image.matches(cx, $0, Self.blue) } }
        #expect(ring)
    }
}
