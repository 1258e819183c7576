import Testing

@testable import UsageConvCore

/// A panel's heading fits the picture: an OnApp money panel lists a dozen metrics, and the audit
/// saw its heading run off the right edge.
struct ChartTitleTests {
    @Test func shortTitlesListEveryMetric() {
        #expect(SVGChart.panelTitle(["bandwidth", "traffic"], unit: "Mbit/s", characters: 100) == "bandwidth, traffic (Mbit/s)")
    }

    @Test func longTitlesStopAtTheBudgetAndCountTheRest() {
        let metrics = (1...12).map { "cost.item_\($0)" }
        let title = SVGChart.panelTitle(metrics, unit: "USD", characters: 60)
        #expect(title.count <= 60, "\(title)")
        #expect(title.hasPrefix("cost.item_1, cost.item_2"))
        let shown = title.split(separator: ",").filter { $0.trimmingPrefix(" ").hasPrefix("cost.") }.count
        #expect(title.hasSuffix(", and \(12 - shown) more (USD)"), "\(title)")
    }
}
