/// What `usageconv plot` (and each chart of `usageconv report`) draws, and how.
public struct ChartOptions: Sendable {
    /// The whole picture's width in pixels.
    public var width = 960
    /// Each panel's plot height in pixels.
    public var plotHeight = 260
    /// The zone the time axis is labelled in (ticks at its local midnights).
    public var zone: ZoneRules = .utc
    /// The `--start`/`--end` window: the axis spans it, and coverage and p95 are taken over it.
    public var window: (start: Int64?, end: Int64?) = (nil, nil)
    /// Draw each series' 95th-percentile line, its value in the legend.
    public var p95 = false
    /// Also draw the 95th percentile of the samples a bill is computed on (`--p95-of`), per resource.
    public var billing: BillingBasis?
    /// The heading; `nil` names the resources.
    public var title: String?
    /// A whole SVG file (XML declaration) rather than an `<svg>` element inside HTML.
    public var standalone = true
    /// Label values in the series' own unit (after `--unit`) instead of choosing an SI prefix
    /// from the data, where a panel's series share one unit.
    public var keepUnit = false
    /// Prefix of element ids, unique per chart when several share one HTML page.
    public var idPrefix = "chart"

    /// The defaults: 960 pixels wide, UTC, no percentile lines.
    public init() {}
}

/// One panel of a chart: the series of one unit family on one value axis.
public struct ChartPanel: Sendable {
    /// The heading (`bandwidth (Mbit/s)`).
    public var title: String
    /// The value axis' unit.
    public var unit: ChartUnit
    /// The series drawn, in legend order.
    public var series: [Series]
    /// Where it is drawn.
    public var layout: ChartLayout
}

/// SVG line charts of series: time on x, one panel per unit family, in and out told apart by dash
/// pattern, holes left as gaps, filled points as hollow markers, optional 95th-percentile lines.
///
/// However many points a series has, each pixel column gets at most four path nodes (the first,
/// lowest, highest and last value that fall in it), so peaks survive and the file stays small.
public enum SVGChart {
    /// Colours by resource, in order of first appearance (readable on white and in greyscale print).
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]

    /// `bandwidth, traffic (Mbit/s)`, or as many metric names as fit the picture's width and
    /// `and N more` (an OnApp panel can hold a dozen money metrics; the legend names them all).
    static func panelTitle(_ metrics: [String], unit: String, characters: Int) -> String {
        let suffix = " (" + unit + ")"
        var shown: [String] = []
        for (index, metric) in metrics.enumerated() {
            let rest = metrics.count - index - 1
            let more = rest > 0 ? ", and \(rest) more" : ""
            let candidate = (shown + [metric]).joined(separator: ", ") + more + suffix
            if candidate.count > characters && !shown.isEmpty {
                return shown.joined(separator: ", ") + ", and \(metrics.count - shown.count) more" + suffix
            }
            shown.append(metric)
        }
        return shown.joined(separator: ", ") + suffix
    }

    /// The dash pattern per direction: in solid, out dashed, others dotted, so no colour is needed.
    static func dash(_ direction: String) -> String? {
        switch direction {
        case "in", "": nil
        case "out": "7 4"
        default: "2 3"
        }
    }

    /// The qualities drawn as hollow markers: values usageconv made up, not the provider's.
    static func isFilled(_ quality: Quality) -> Bool {
        quality == .zeroFilled || quality == .carried || quality == .interpolated
    }

    /// The time axis' span: the window when given, else the first point to the end of the last one.
    static func timeSpan(_ series: [Series], window: (start: Int64?, end: Int64?)) -> (Int64, Int64) {
        let first = series.compactMap(\.times.first).min() ?? 0
        let last = series.compactMap { s in s.times.last.map { $0 + Swift.max(s.identity.step, 1) } }.max() ?? first + 1
        let start = window.start ?? first
        var end = window.end ?? last
        if end <= start { end = start + 1 }
        return (start, end)
    }

    /// The series laid out in panels (what `render` draws), for tests that check pixel positions.
    public static func panels(_ series: [Series], options: ChartOptions) -> [ChartPanel] {
        layout(series, options: options).map(\.panel)
    }

    /// A panel with its legend, as `render` needs it.
    struct PanelPlan {
        var panel: ChartPanel
        var legend: [LegendEntry]
        var height: Double
    }

    /// One legend line.
    struct LegendEntry {
        var text: String
        var color: String
        var dash: String?
        var isPercentile: Bool
        var p95Value: Double?
    }

    /// The panels; `p95s`, when given, holds each series' p95 as its statistics found it (a
    /// report has them already), in the order of `all`.
    static func layout(_ all: [Series], options: ChartOptions, p95s: [Number?]? = nil) -> [PanelPlan] {
        let kept = all.indices.filter { !all[$0].isEmpty }
        let series = kept.map { all[$0] }
        let (start, end) = timeSpan(series, window: options.window)
        var families: [String] = []
        var byFamily: [String: [Series]] = [:]
        var knownP95: [String: [Number?]] = [:]
        for (n, s) in series.enumerated() {
            let family = ChartUnit.family(of: s.identity.unit)
            if byFamily[family] == nil { families.append(family) }
            byFamily[family, default: []].append(s)
            if let p95s { knownP95[family, default: []].append(p95s[kept[n]]) }
        }
        var resources: [String] = []
        for s in series where !resources.contains(s.identity.resource) { resources.append(s.identity.resource) }
        func color(_ resource: String) -> String {
            palette[(resources.firstIndex(of: resource) ?? 0) % palette.count]
        }
        let width = Double(Swift.max(options.width, 320))
        let plotWidth = (width - ChartLayout.marginLeft - ChartLayout.marginRight).rounded(.down)
        var top = 0.0
        var plans: [PanelPlan] = []
        for family in families {
            let members = byFamily[family] ?? []
            let factor = ChartUnit.baseFactor(of: members.first?.identity.unit ?? "")
            var high = 0.0
            var low = 0.0
            for s in members {
                let f = ChartUnit.baseFactor(of: s.identity.unit)
                for v in s.values {
                    let d = v.doubleValue * f
                    if d > high { high = d }
                    if d < low { low = d }
                }
            }
            var unit = ChartUnit.choose(family: family, largest: Swift.max(high.magnitude, low.magnitude))
            if options.keepUnit, let only = members.first?.identity.unit, members.allSatisfy({ $0.identity.unit == only }) {
                unit = ChartUnit(name: only, perBase: 1 / factor)
            }
            let ticks = ChartNumber.niceTicks(low: low * unit.perBase, high: high * unit.perBase)
            let metrics = members.reduce(into: [String]()) { if !$0.contains($1.identity.metric) { $0.append($1.identity.metric) } }
            var legend: [LegendEntry] = []
            // Series that differ only by step (InterServer's hourly and daily totals) name it.
            var names: [String: Int] = [:]
            for s in members { names[s.identity.resource + "\u{0}" + s.identity.metric + "\u{0}" + s.identity.direction, default: 0] += 1 }
            for (m, s) in members.enumerated() {
                let i = s.identity
                var text = i.resource
                if metrics.count > 1 { text += " " + i.metric }
                if !i.direction.isEmpty { text += " " + i.direction }
                if (names[i.resource + "\u{0}" + i.metric + "\u{0}" + i.direction] ?? 0) > 1 { text += " (step " + stepText(i.step) + ")" }
                var p95: Double?
                if options.p95, let value = knownP95[family].map({ $0[m] }) ?? SeriesStatistics.of(s, window: options.window).p95 {
                    let base = value.doubleValue * ChartUnit.baseFactor(of: i.unit)
                    p95 = base * unit.perBase
                    text += ", p95 " + unit.format(base: base)
                }
                legend.append(
                    LegendEntry(text: text, color: color(i.resource), dash: dash(i.direction), isPercentile: false, p95Value: p95)
                )
            }
            if let basis = options.billing {
                for combined in DirectionCombiner.combine(members, basis: basis) {
                    let i = combined.identity
                    guard let value = SeriesStatistics.of(combined, window: options.window).p95 else { continue }
                    let base = value.doubleValue * ChartUnit.baseFactor(of: i.unit)
                    let name = basis == .in || basis == .out ? "bill:\(basis.rawValue)" : i.direction
                    let text = i.resource + (metrics.count > 1 ? " " + i.metric : "") + " \(name) p95 " + unit.format(base: base)
                    legend.append(
                        LegendEntry(text: text, color: color(i.resource), dash: "1 2", isPercentile: true, p95Value: base * unit.perBase)
                    )
                }
            }
            let layout = ChartLayout(
                plotLeft: ChartLayout.marginLeft,
                plotTop: top + ChartLayout.titleHeight,
                plotWidth: plotWidth,
                plotHeight: Double(Swift.max(options.plotHeight, 80)),
                timeStart: start,
                timeEnd: end,
                valueLow: ticks.values.first ?? 0,
                valueHigh: ticks.values.last ?? 1
            )
            let rows = (legend.count + 1) / 2
            let height = ChartLayout.titleHeight + layout.plotHeight + ChartLayout.axisHeight + Double(rows) * ChartLayout.legendRow + 12
            let title = Self.panelTitle(metrics, unit: unit.name, characters: Int((width - ChartLayout.marginLeft - 16) / 8.5))
            plans.append(
                PanelPlan(panel: ChartPanel(title: title, unit: unit, series: members, layout: layout), legend: legend, height: height)
            )
            top += height
        }
        return plans
    }

    /// A step as people say it: `5m`, `1h`, `1d`, else seconds.
    static func stepText(_ step: Int64) -> String {
        if step >= 86_400 && step % 86_400 == 0 { return "\(step / 86_400)d" }
        if step >= 3_600 && step % 3_600 == 0 { return "\(step / 3_600)h" }
        if step >= 60 && step % 60 == 0 { return "\(step / 60)m" }
        return "\(step)s"
    }

    /// The chart as SVG text (UTF-8).
    public static func render(_ series: [Series], options: ChartOptions) -> [UInt8] {
        render(series, options: options, p95s: nil)
    }

    /// The chart, with each series' p95 given (in the order of `series`) when its statistics
    /// are already known.
    static func render(_ series: [Series], options: ChartOptions, p95s: [Number?]?) -> [UInt8] {
        let plans = layout(series, options: options, p95s: p95s)
        let width = Double(Swift.max(options.width, 320))
        let top = plans.isEmpty ? 120 : plans.reduce(0) { $0 + $1.height }
        // The panels first: whether any point was filled decides the notes, and they the height.
        var body = SVGWriter()
        if plans.isEmpty {
            body.element(
                "text",
                ["x": "20", "y": "60", "fill": "#333333"],
                text: "No points to plot (check --start/--end and the inputs)."
            )
            body.raw("\n")
        }
        var anyFilled = false
        for (index, plan) in plans.enumerated() {
            anyFilled = draw(plan, index: index, options: options, into: &body) || anyFilled
        }
        var notes = [
            "Time: " + (options.zone.isUTC ? "UTC" : options.zone.identifier) + ".",
            "Gaps: no data (zero where the provider omits zeros).",
            "Lines: in solid, out dashed, other directions dotted.",
        ]
        if anyFilled { notes.append("Hollow circles: zero-filled, carried or interpolated points.") }
        if plans.contains(where: { $0.legend.contains { $0.p95Value != nil } }) {
            notes.append("Thin horizontal dashes: 95th percentiles.")
        }
        let lines = wrap(notes, width: Int(width / 6.5))
        let height = top + 12 + 15 * Double(lines.count)
        var w = SVGWriter()
        if options.standalone { w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
        let size = (ChartNumber.coordinate(width), ChartNumber.coordinate(height))
        w.open(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "width": size.0, "height": size.1,
                "viewBox": "0 0 \(size.0) \(size.1)", "font-family": "DejaVu Sans, Arial, Helvetica, sans-serif",
                "font-size": "12", "class": "usageconv-chart",
            ]
        )
        w.raw("\n")
        let resources = series.reduce(into: [String]()) { if !$0.contains($1.identity.resource) { $0.append($1.identity.resource) } }
        let title = options.title ?? (resources.isEmpty ? "usageconv plot" : resources.joined(separator: ", "))
        w.element("title", text: title)
        w.raw("\n")
        w.empty("rect", ["width": size.0, "height": size.1, "fill": "#ffffff"])
        w.raw("\n")
        w.append(body)
        for (n, line) in lines.enumerated() {
            w.element(
                "text",
                ["x": "8", "y": ChartNumber.coordinate(top + 10 + Double(n) * 15), "font-size": "11", "fill": "#555555"],
                text: line
            )
            w.raw("\n")
        }
        w.close("svg")
        w.raw("\n")
        return w.bytes
    }

    /// Sentences joined into lines of at most `width` characters (a sentence is never split).
    static func wrap(_ sentences: [String], width: Int) -> [String] {
        var lines: [String] = []
        for sentence in sentences {
            if let last = lines.last, last.count + 1 + sentence.count <= width {
                lines[lines.count - 1] = last + " " + sentence
            } else {
                lines.append(sentence)
            }
        }
        return lines
    }

    /// Draws one panel; says whether any filled point was marked.
    static func draw(_ plan: PanelPlan, index: Int, options: ChartOptions, into w: inout SVGWriter) -> Bool {
        let layout = plan.panel.layout
        let unit = plan.panel.unit
        let left = layout.plotLeft
        let right = layout.plotLeft + layout.plotWidth
        let top = layout.plotTop
        let bottom = layout.plotTop + layout.plotHeight
        let c = ChartNumber.coordinate
        let clip = "\(options.idPrefix)-plot-\(index)"
        w.open("g", ["class": "panel"])
        w.raw("\n")
        w.open("defs")
        w.open("clipPath", ["id": clip])
        w.empty("rect", ["x": c(left), "y": c(top - 2), "width": c(layout.plotWidth), "height": c(layout.plotHeight + 4)])
        w.close("clipPath")
        w.close("defs")
        w.raw("\n")
        w.element(
            "text",
            ["x": c(left), "y": c(top - 10), "font-size": "14", "font-weight": "bold", "fill": "#222222"],
            text: plan.panel.title
        )
        w.raw("\n")
        // Value grid and labels.
        let ticks = ChartNumber.niceTicks(low: layout.valueLow, high: layout.valueHigh)
        w.open("g", ["class": "y-axis", "stroke": "#e4e4e4", "stroke-width": "1"])
        for value in ticks.values {
            let y = c(layout.y(value).rounded() + 0.5)
            w.empty("line", ["x1": c(left), "x2": c(right), "y1": y, "y2": y])
        }
        w.close("g")
        w.open("g", ["class": "y-labels", "text-anchor": "end", "fill": "#444444"])
        for value in ticks.values {
            w.element("text", ["x": c(left - 6), "y": c(layout.y(value) + 4)], text: ChartNumber.fixed(value, decimals: ticks.decimals))
        }
        w.close("g")
        w.raw("\n")
        // Time grid and labels.
        let timeTicks = TimeTicks.ticks(
            from: layout.timeStart,
            to: layout.timeEnd,
            zone: options.zone,
            maxCount: Swift.max(2, Int(layout.plotWidth / 80))
        )
        w.open("g", ["class": "x-axis", "stroke": "#eeeeee", "stroke-width": "1"])
        for tick in timeTicks {
            let x = c(layout.x(tick.time).rounded() + 0.5)
            w.empty("line", ["x1": x, "x2": x, "y1": c(top), "y2": c(bottom)])
        }
        w.close("g")
        w.open("g", ["class": "x-labels", "text-anchor": "middle", "fill": "#444444"])
        for tick in timeTicks {
            w.element("text", ["x": c(layout.x(tick.time)), "y": c(bottom + 16)], text: tick.label)
        }
        w.close("g")
        w.raw("\n")
        w.empty(
            "rect",
            ["x": c(left), "y": c(top), "width": c(layout.plotWidth), "height": c(layout.plotHeight), "fill": "none", "stroke": "#999999"]
        )
        w.raw("\n")
        // Series.
        var anyFilled = false
        w.open(
            "g",
            ["class": "series", "clip-path": "url(#\(clip))", "fill": "none", "stroke-linejoin": "round", "stroke-linecap": "round"]
        )
        w.raw("\n")
        for (s, entry) in zip(plan.panel.series, plan.legend) {
            let scale = ChartUnit.baseFactor(of: s.identity.unit) * unit.perBase
            let traced = trace(s, scale: scale, layout: layout)
            let direction = s.identity.direction.isEmpty ? "none" : s.identity.direction
            if let dash = entry.dash {
                w.empty(
                    "path",
                    [
                        "class": "line \(direction)", "stroke": entry.color, "stroke-width": "1.5", "stroke-dasharray": dash,
                        "d": traced.line,
                    ]
                )
            } else {
                w.empty("path", ["class": "line \(direction)", "stroke": entry.color, "stroke-width": "1.5", "d": traced.line])
            }
            w.raw("\n")
            if !traced.markers.isEmpty {
                anyFilled = true
                w.empty(
                    "path",
                    ["class": "filled-points", "stroke": entry.color, "stroke-width": "1", "fill": "#ffffff", "d": traced.markers]
                )
                w.raw("\n")
            }
        }
        // Percentile lines over the series, thin and dotted, in the series' colour.
        for entry in plan.legend {
            guard let p95 = entry.p95Value else { continue }
            let y = c(layout.y(p95).rounded() + 0.5)
            w.empty(
                "line",
                [
                    "class": "p95", "x1": c(left), "x2": c(right), "y1": y, "y2": y, "stroke": entry.color, "stroke-width": "1",
                    "stroke-dasharray": entry.isPercentile ? "1 2" : "5 2", "stroke-linecap": "butt",
                ]
            )
            w.raw("\n")
        }
        w.close("g")
        w.raw("\n")
        // Legend: two columns under the time labels.
        w.open("g", ["class": "legend", "fill": "#222222"])
        w.raw("\n")
        let columnWidth = (layout.plotWidth + ChartLayout.marginLeft) / 2
        for (n, entry) in plan.legend.enumerated() {
            let x = 10 + Double(n % 2) * columnWidth
            let y = bottom + ChartLayout.axisHeight + Double(n / 2) * ChartLayout.legendRow + 6
            var attributes: [(String, String)] = [("x1", c(x)), ("x2", c(x + 30)), ("y1", c(y)), ("y2", c(y)), ("stroke", entry.color)]
            attributes.append(("stroke-width", entry.p95Value != nil && entry.isPercentile ? "1.5" : "2"))
            if let dash = entry.dash { attributes.append(("stroke-dasharray", dash)) }
            lineElement(attributes, into: &w)
            w.element("text", ["x": c(x + 36), "y": c(y + 4)], text: entry.text)
            w.raw("\n")
        }
        w.close("g")
        w.raw("\n")
        w.close("g")
        w.raw("\n")
        return anyFilled
    }

    /// A `<line>` with attributes only known at run time (dash patterns are optional).
    static func lineElement(_ attributes: [(String, String)], into w: inout SVGWriter) {
        w.raw("<line")
        for (key, value) in attributes { w.raw(" \(key)=\"\(SVGWriter.escape(value))\"") }
        w.raw("/>")
    }

    /// The series' path (`M`/`L` nodes, a new subpath after every hole) and its filled points'
    /// markers, decimated to at most four nodes and one marker per pixel column.
    ///
    /// Where the provider omits zeros (`absent = zero`) a hole is not unknown but zero: the line
    /// drops to zero across it, with hollow markers where the zeros start and end.
    static func trace(_ s: Series, scale: Double, layout: ChartLayout) -> (line: String, markers: String) {
        var path = SVGPathText()
        var markers = SVGPathText()
        let step = Swift.max(s.identity.step, 1)
        var column = -1
        var first = 0.0
        var low = 0.0
        var high = 0.0
        var last = 0.0
        var filled: Double?
        var previous: Int64?
        // A point alone between holes is drawn across the time it covers (at least 3 pixels), so
        // a daily bucket or a single sample shows as a short level line, not an invisible dot.
        let span = Double(Swift.max(layout.timeEnd - layout.timeStart, 1))
        let lone = Swift.max(3, Double(step) / span * layout.plotWidth)
        func flush() {
            guard column >= 0 else { return }
            let x = layout.x(column: column)
            path.node(x, layout.y(first))
            if low < high {
                // The extreme nearer the first value first, so the column is one up-down stroke.
                if (first - low).magnitude <= (first - high).magnitude {
                    path.node(x, layout.y(low))
                    path.node(x, layout.y(high))
                } else {
                    path.node(x, layout.y(high))
                    path.node(x, layout.y(low))
                }
            }
            path.node(x, layout.y(last))
            if let filled { markers.circle(x, layout.y(filled)) }
            column = -1
        }
        func add(_ t: Int64, _ value: Double, filled isFilled: Bool) {
            let c = layout.column(t)
            if c != column {
                flush()
                column = c
                (first, low, high, last) = (value, value, value, value)
                filled = nil
            } else {
                if value < low { low = value }
                if value > high { high = value }
                last = value
            }
            if isFilled { filled = value }
        }
        let zeroWhenMissing = s.identity.absent == .zero
        for index in s.times.indices {
            let t = s.times[index]
            let value = s.values[index].doubleValue * scale
            if let previous, (t - previous) * 2 > step * 3 {
                if zeroWhenMissing {
                    // The provider omits zeros (Baishan, SwiftFederation): the missing time is a
                    // known zero, drawn as one, its ends marked as points usageconv filled in.
                    add(previous + step, 0, filled: true)
                    add(t - step, 0, filled: true)
                } else {
                    // A hole (over 1.5 steps, as --fill and stats count them): the line breaks.
                    flush()
                    path.endSubpath(lone: lone)
                }
            }
            previous = t
            add(t, value, filled: isFilled(s.qualities[index]))
        }
        flush()
        path.endSubpath(lone: lone)
        return (path.text, markers.text)
    }
}

/// Builds an SVG path's `d` text with coordinates to a tenth of a pixel, skipping repeated nodes.
struct SVGPathText {
    private(set) var bytes: [UInt8] = []
    private var nodesInSubpath = 0
    private var lastNode: (Int64, Int64)?

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Tenths of a pixel.
    static func tenths(_ v: Double) -> Int64 {
        guard v.isFinite else { return 0 }
        return Int64((Swift.min(Swift.max(v, -1e9), 1e9) * 10).rounded())
    }

    static func write(_ tenths: Int64, into out: inout [UInt8]) {
        if tenths < 0 { out.append(UInt8(ascii: "-")) }
        let m = tenths.magnitude
        out.append(contentsOf: String(m / 10).utf8)
        if m % 10 != 0 {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0") + UInt8(m % 10))
        }
    }

    /// A line to (x, y), or a move when it starts a subpath.
    mutating func node(_ x: Double, _ y: Double) {
        let point = (Self.tenths(x), Self.tenths(y))
        if let lastNode, lastNode == point, nodesInSubpath > 0 { return }
        if nodesInSubpath == 0 {
            if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
            bytes.append(UInt8(ascii: "M"))
        } else {
            bytes.append(contentsOf: nodesInSubpath == 1 ? "L".utf8 : " ".utf8)
        }
        Self.write(point.0, into: &bytes)
        bytes.append(UInt8(ascii: " "))
        Self.write(point.1, into: &bytes)
        lastNode = point
        nodesInSubpath += 1
    }

    /// Ends the current subpath; a lone point becomes a level line `lone` pixels long.
    mutating func endSubpath(lone: Double) {
        if nodesInSubpath == 1 {
            bytes.append(UInt8(ascii: "h"))
            Self.write(Self.tenths(lone), into: &bytes)
        }
        nodesInSubpath = 0
        lastNode = nil
    }

    /// A hollow circle of radius 2.5 centred on (x, y), as its own subpath.
    mutating func circle(_ x: Double, _ y: Double) {
        if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
        bytes.append(UInt8(ascii: "M"))
        Self.write(Self.tenths(x - 2.5), into: &bytes)
        bytes.append(UInt8(ascii: " "))
        Self.write(Self.tenths(y), into: &bytes)
        bytes.append(contentsOf: "a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0".utf8)
    }
}
