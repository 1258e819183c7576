import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// Synthetic series for chart tests: a rate in bit/s at a 60 s step.
enum ChartSeries {
    static func rate(
        _ values: [Int64?],
        resource: String = "r",
        direction: String = "in",
        start: Int64 = 1_700_000_000,
        absent: Absent = .unknown
    ) -> Series {
        let identity = SeriesIdentity(
            source: "test",
            resource: resource,
            metric: "bandwidth",
            direction: direction,
            unit: "bit/s",
            kind: .rate,
            step: 60,
            absent: absent
        )
        var series = Series(identity: identity)
        for (index, value) in values.enumerated() {
            if let value { series.append(time: start + Int64(index) * 60, value: Number(value)) }
        }
        return series
    }

    /// 90 points at 10, 5 at 50, 5 at 100, spread out: p95 (rank 95 of 100) is 50.
    static let knownP95: [Int64?] = (0..<100).map { i in i % 20 == 7 ? 100 : i % 20 == 13 ? 50 : 10 }

    /// 40 points at 40, a hole of 20 steps, then 40 more.
    static let withHole: [Int64?] = (0..<100).map { i in (40..<60).contains(i) ? nil : 40 }

    static func svg(_ series: [Series], _ configure: (inout ChartOptions) -> Void = { _ in }) -> String {
        var options = ChartOptions()
        configure(&options)
        return String(decoding: SVGChart.render(series, options: options), as: UTF8.self)
    }

    /// The `d` attributes of the paths of `class`.
    static func paths(_ svg: String, class name: String) -> [String] {
        svg.components(separatedBy: "<path class=\"\(name)").dropFirst().compactMap { element in
            guard let d = element.range(of: " d=\"") else { return nil }
            return String(element[d.upperBound...].prefix { $0 != "\"" })
        }
    }
}

struct TimeTickTests {
    static let berlin = try? ZoneRules(identifier: "Europe/Berlin")

    @Test func dayTicksLandOnLocalMidnightsAcrossSpringForward() throws {
        let zone = try #require(Self.berlin)
        // 2025-03-28 to 2025-04-02 in Berlin; clocks go forward on 30 March (a 23-hour day).
        let start = try TimeArgument.parse("2025-03-28", in: zone)
        let end = try TimeArgument.parse("2025-04-02", in: zone)
        let ticks = TimeTicks.ticks(from: start, to: end, zone: zone, maxCount: 8)
        #expect(ticks.map(\.label) == ["28 Mar", "29 Mar", "30 Mar", "31 Mar", "1 Apr", "2 Apr"])
        #expect(ticks.map { UnixTime.iso8601($0.time) }[2...3] == ["2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z"])
        let spacings = zip(ticks, ticks.dropFirst()).map { $1.time - $0.time }
        #expect(spacings == [86_400, 86_400, 82_800, 86_400, 86_400])
    }

    @Test func dayTicksAcrossFallBackAreTwentyFiveHoursApart() throws {
        let zone = try #require(Self.berlin)
        // Clocks go back on 26 October 2025: that day lasts 25 hours.
        let start = try TimeArgument.parse("2025-10-25", in: zone)
        let end = try TimeArgument.parse("2025-10-28", in: zone)
        let ticks = TimeTicks.ticks(from: start, to: end, zone: zone, maxCount: 5)
        #expect(zip(ticks, ticks.dropFirst()).map { $1.time - $0.time } == [86_400, 90_000, 86_400])
    }

    @Test func hourTicksSkipTheHourSpringForwardRemoves() throws {
        let zone = try #require(Self.berlin)
        let start = try TimeArgument.parse("2025-03-30", in: zone)
        let ticks = TimeTicks.ticks(from: start, to: start + 5 * 3600, zone: zone, maxCount: 6)
        // 02:00 does not exist that night: 00:00 (a date), 01:00, 03:00, 04:00, 05:00, 06:00 local.
        #expect(ticks.map(\.label) == ["30 Mar", "01:00", "03:00", "04:00", "05:00", "06:00"])
    }

    @Test func utcTicksAreRoundClockTimes() {
        // 2023-11-14T22:13:20Z plus 2 days: ticks every 6 hours at 00, 06, 12, 18 UTC.
        let ticks = TimeTicks.ticks(from: 1_700_000_000, to: 1_700_000_000 + 2 * 86_400, zone: .utc, maxCount: 10)
        #expect(ticks.first?.label == "15 Nov")
        #expect(ticks.allSatisfy { $0.time % 21_600 == 0 })
        #expect(ticks.count == 8)
    }
}

struct ChartUnitTests {
    @Test func prefixesAreChosenFromTheData() {
        #expect(ChartUnit.choose(family: ChartUnit.family(of: "bit/s"), largest: 2.5e8).name == "Mbit/s")
        #expect(ChartUnit.choose(family: ChartUnit.family(of: "Mbit/s"), largest: 3e12).name == "Tbit/s")
        #expect(ChartUnit.choose(family: ChartUnit.family(of: "GiB"), largest: 4e9).name == "GB")
        #expect(ChartUnit.choose(family: "USD", largest: 12).name == "USD")
        #expect(ChartUnit.choose(family: "requests", largest: 2e6).name == "M requests")
        // Kilobytes (KB, 1000 bytes) and MiB both draw in bytes; bits never turn into bytes.
        #expect(ChartUnit.family(of: "KB") == "B" && ChartUnit.family(of: "MiB") == "B" && ChartUnit.family(of: "kbit/s") == "bit/s")
        #expect(ChartUnit.baseFactor(of: "MiB") == 1_048_576)
    }

    @Test func numbersAreFormattedWithoutFoundation() {
        #expect(ChartNumber.coordinate(12.04) == "12")
        #expect(ChartNumber.coordinate(-3.25) == "-3.3" || ChartNumber.coordinate(-3.25) == "-3.2")
        #expect(ChartNumber.significant(285.8123) == "285.8")
        #expect(ChartNumber.significant(0.004213) == "0.004213")
        #expect(ChartNumber.fixed(2.5, decimals: 2) == "2.50")
        let ticks = ChartNumber.niceTicks(low: 0, high: 287)
        #expect(ticks.values == [0, 100, 200, 300])
        let small = ChartNumber.niceTicks(low: 0, high: 0.9)
        #expect(small.decimals == 1 && small.values.count == 6 && small.values.last == 1)
    }
}

struct SVGChartTests {
    @Test func aHoleBreaksTheLine() {
        let svg = ChartSeries.svg([ChartSeries.rate(ChartSeries.withHole)])
        let d = ChartSeries.paths(svg, class: "line")
        #expect(d.count == 1)
        // Two subpaths: one before the hole, one after; no segment spans the missing time.
        #expect(d.first?.filter { $0 == "M" }.count == 2, "\(d)")
        let whole = ChartSeries.svg([ChartSeries.rate(ChartSeries.withHole.map { $0 ?? 40 })])
        #expect(ChartSeries.paths(whole, class: "line").first?.filter { $0 == "M" }.count == 1)
    }

    @Test func whereTheProviderOmitsZerosAHoleIsDrawnAsZero() {
        let svg = ChartSeries.svg([ChartSeries.rate(ChartSeries.withHole, absent: .zero)])
        // One unbroken line down to zero and back, the zeros' ends marked as filled in.
        #expect(ChartSeries.paths(svg, class: "line").first?.filter { $0 == "M" }.count == 1)
        #expect(ChartSeries.paths(svg, class: "filled-points").first?.filter { $0 == "M" }.count == 2)
    }

    @Test func filledPointsGetMarkersMeasuredOnesDoNot() {
        var series = ChartSeries.rate([5, 5, 5, 5])
        #expect(!ChartSeries.svg([series]).contains("filled-points"))
        series.qualities[1] = .zeroFilled
        series.qualities[2] = .interpolated
        let svg = ChartSeries.svg([series])
        #expect(ChartSeries.paths(svg, class: "filled-points").first?.filter { $0 == "M" }.count == 2)
        #expect(svg.contains("Hollow circles: zero-filled"))
    }

    @Test func inAndOutDifferByDashPattern() {
        let svg = ChartSeries.svg([ChartSeries.rate([1, 2, 3]), ChartSeries.rate([3, 2, 1], direction: "out")])
        #expect(svg.contains("<path class=\"line in\" stroke=\"#1f77b4\" stroke-width=\"1.5\" d="))
        #expect(svg.contains("<path class=\"line out\" stroke=\"#1f77b4\" stroke-width=\"1.5\" stroke-dasharray=\"7 4\""))
        #expect(svg.contains(">r in<") && svg.contains(">r out<"))
    }

    @Test func p95LineSitsAtTheKnownPercentileAndItsValueIsInTheLegend() throws {
        let series = ChartSeries.rate(ChartSeries.knownP95)
        var options = ChartOptions()
        options.p95 = true
        let svg = String(decoding: SVGChart.render([series], options: options), as: UTF8.self)
        let layout = try #require(SVGChart.panels([series], options: options).first?.layout)
        let row = ChartNumber.coordinate(layout.y(50).rounded() + 0.5)
        #expect(svg.contains("<line class=\"p95\" x1=\"78\" x2=\"930\" y1=\"\(row)\" y2=\"\(row)\""), "\(svg)")
        #expect(svg.contains(">r in, p95 50 bit/s<"))
        // Without --p95 no line is drawn.
        #expect(!ChartSeries.svg([series]).contains("class=\"p95\""))
    }

    @Test func billingPercentileUsesStatsCombination() {
        // max-of-in-out of in [10, 30] and out [20, 5] is [20, 30]: p95 (rank 2 of 2) is 30.
        let series = [ChartSeries.rate([10, 30]), ChartSeries.rate([20, 5], direction: "out")]
        let svg = ChartSeries.svg(series) { $0.billing = .max }
        #expect(svg.contains(">r max-of-in-out p95 30 bit/s<"), "\(svg)")
    }

    @Test func aMillionPointsDecimateToABoundedPathThatKeepsThePeak() throws {
        var values = [Int64?](repeating: nil, count: 1_000_000)
        for i in values.indices { values[i] = Int64(1_000 + (i * 7_919) % 500) }
        values[654_321] = 987_654  // one spike
        let series = ChartSeries.rate(values)
        let bytes = SVGChart.render([series], options: ChartOptions())
        #expect(bytes.count < 100_000, "\(bytes.count) bytes")
        let svg = String(decoding: bytes, as: UTF8.self)
        let d = try #require(ChartSeries.paths(svg, class: "line").first)
        let layout = try #require(SVGChart.panels([series], options: ChartOptions()).first?.layout)
        let nodes = d.split(whereSeparator: { $0 == "M" || $0 == "L" || $0 == " " }).count / 2
        #expect(nodes <= 4 * layout.columns, "\(nodes) nodes for \(layout.columns) columns")
        // The spike's top is a node of the path.
        let top = ChartNumber.coordinate(layout.y(987.654 * 1_000 * ChartUnit.choose(family: "bit/s", largest: 987_654).perBase))
        #expect(d.contains(" \(top) ") || d.contains(" \(top)L") || d.hasSuffix(" \(top)"), "peak y \(top) missing")
    }

    @Test func textFromDumpsIsEscaped() {
        let svg = ChartSeries.svg([ChartSeries.rate([1, 2], resource: "a<b>&\"c\u{1}'")])
        #expect(svg.contains("a&lt;b&gt;&amp;&quot;c\u{FFFD}&#39;"))
        #expect(!svg.contains("a<b>"))
    }

    @Test func anEmptyInputStillGivesAnSVG() {
        let svg = ChartSeries.svg([])
        #expect(svg.hasPrefix("<?xml") && svg.contains("No points to plot") && svg.hasSuffix("</svg>\n"))
    }
}

struct HTMLReportTests {
    static func page(_ series: [Series], warnings: [Diagnostic] = []) -> String {
        String(decoding: HTMLReport.render(series, warnings: warnings, options: ReportOptions()), as: UTF8.self)
    }

    @Test func pageIsSelfContained() {
        let html = Self.page([ChartSeries.rate([1, 2, 3]), ChartSeries.rate([3, 2, 1], direction: "out")])
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for external in ["<script", "<link", " src=", "@import", "@font-face", "https:", "url(http"] {
            #expect(!html.contains(external), "\(external)")
        }
        // The only URL is the SVG namespace name (an identifier, never fetched).
        #expect(html.components(separatedBy: "http://").count - 1 == html.components(separatedBy: "http://www.w3.org/2000/svg\"").count - 1)
        #expect(html.contains("@media print"))
        #expect(!html.contains("<?xml"))
    }

    @Test func moneyIsTotalledPerCurrencyExactly() {
        func money(_ resource: String, _ unit: String, _ values: [Number]) -> Series {
            let identity = SeriesIdentity(
                source: "onapp",
                resource: resource,
                metric: "cost",
                direction: "",
                unit: unit,
                kind: .amount,
                step: 3600,
                absent: .unknown
            )
            return Series(identity: identity, times: values.indices.map { Int64($0) * 3600 }, values: values)
        }
        let tenth = Number(significand: 1, exponent: -1)
        let html = Self.page([
            money("a", "USD", Array(repeating: tenth, count: 10)), money("b", "USD", [tenth, tenth]), money("c", "EUR", [Number(Int64(3))]),
        ])
        #expect(html.contains("<h2>Totals per currency</h2>"))
        #expect(html.contains("<td>USD</td><td class=\"n\">1.2</td>"), "\(html)")
        #expect(html.contains("<td>EUR</td><td class=\"n\">3</td>"))
    }

    @Test func warningsGoToTheResourcesTheyName() {
        var a = ChartSeries.rate([1, 2], resource: "alpha")
        var b = ChartSeries.rate([1, 2], resource: "beta")
        a.origin = SourceLocation(file: "dump.json")
        b.origin = SourceLocation(file: "dump.json")
        let html = Self.page(
            [a, b],
            warnings: [.warning(.nullValue, "series beta bandwidth in has 1 null value", at: SourceLocation(file: "dump.json"))]
        )
        let beta = html.components(separatedBy: "id=\"resource-2\"").last ?? ""
        let alpha = (html.components(separatedBy: "id=\"resource-1\"").last ?? "").components(separatedBy: "id=\"resource-2\"").first ?? ""
        #expect(beta.contains("series beta bandwidth in has 1 null value"))
        #expect(!alpha.contains("null value"))
    }
}
