/// What `usageconv report` puts in its page.
public struct ReportOptions: Sendable {
    /// The page heading and `<title>`.
    public var title = "Usage report"
    /// The charts' settings (zone, window, width, `--p95-of`); each resource gets its own chart
    /// with its series' 95th-percentile lines.
    public var chart = ChartOptions()
    /// How many inputs were read, for the page's header.
    public var inputCount = 0
    /// Prices usage per resource (`--rates`), as `--to focus` does, billing months in the
    /// chart's zone; nil: no cost is shown.
    public var rateCard: RateCard?

    /// The defaults.
    public init() {}
}

/// One self-contained HTML page of usage, per resource.
///
/// Per resource the `stats` figures, a chart and the warnings its dumps raised; totals per
/// currency for money. No scripts, fonts or links: it works offline,
/// prints on A4 with one resource per block, and opens in any browser.
public enum HTMLReport {
    /// The style sheet: screen and print.
    static let css = """
        body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #222; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
        h2 .source { color: #666; font-weight: normal; font-size: 15px; }
        h3 { font-size: 15px; margin: 14px 0 6px; }
        .meta { color: #555; margin: 0 0 16px; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border: 1px solid #ccc; padding: 3px 8px; }
        th { background: #f2f2f2; text-align: left; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr.billing td { font-style: italic; }
        td.low { color: #a40000; }
        p.cost { font-size: 14px; margin: 6px 0; }
        p.cost.none { color: #a40000; }
        tr.total th, tr.total td { font-weight: bold; }
        figure { margin: 8px 0; }
        figure svg { max-width: 100%; height: auto; }
        ul.warnings { font-size: 13px; color: #7a4b00; padding-left: 20px; }
        ul.warnings li { margin: 2px 0; word-break: break-word; }
        p.none { color: #555; font-size: 13px; }
        nav ul { columns: 2; font-size: 13px; }
        footer { margin-top: 32px; color: #777; font-size: 12px; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10pt; }
          nav { display: none; }
          section.resource { break-inside: avoid; page-break-inside: avoid; }
          h2 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        @page { size: A4; margin: 12mm; }
        """

    /// A resource's cost by the rate card: `BilledCost` of its FOCUS rows summed per currency,
    /// or why it cannot be priced (a usage series without a rate, a figure out of range).
    static func cost(of series: [Series], card: RateCard, zone: ZoneRules) -> Result<[(currency: String, total: ExactDecimal)], Diagnostic>
    {
        do {
            let rows = try FocusBilling.rows(for: series, options: FocusOptions(rateCard: card, zone: zone))
            var order: [String] = []
            var totals: [String: ExactDecimal] = [:]
            for row in rows {
                guard let text = row.values[.billedCost], let value = ExactDecimal(text: text) else { continue }
                let currency = row.values[.billingCurrency] ?? card.currency
                if totals[currency] == nil { order.append(currency) }
                totals[currency] = try (totals[currency] ?? ExactDecimal(0)).adding(value)
            }
            return .success(order.map { ($0, totals[$0] ?? ExactDecimal(0)) })
        } catch let diagnostic as Diagnostic {
            return .failure(diagnostic)
        } catch {
            return .failure(.error(.invalidValue, "\(error)"))
        }
    }

    /// Whether a unit is money (an ISO 4217 code).
    static func isMoney(_ unit: String) -> Bool { CurrencyCode.isCurrency(unit) }

    /// A figure for the table: money exact, data in an SI unit chosen for it, else as written.
    static func figure(_ value: Number?, unit: String) -> String {
        guard let value else { return "" }
        // Totals and peaks of exact values print exactly; a mean is a binary quotient
        // (0.012133333333333335), shown to 6 significant digits instead of its float noise.
        if case .binary(let d) = value.storage {
            if DataUnit(unit) == nil { return ChartNumber.significant(d, digits: 6) + (unit.isEmpty ? "" : " " + unit) }
        }
        if isMoney(unit) { return value.description + " " + unit }
        if DataUnit(unit) != nil {
            let base = value.doubleValue * ChartUnit.baseFactor(of: unit)
            return ChartUnit.choose(family: ChartUnit.family(of: unit), largest: base.magnitude).format(base: base)
        }
        return value.description + (unit.isEmpty ? "" : " " + unit)
    }

    /// The page, UTF-8.
    public static func render(_ series: [Series], warnings: [Diagnostic], options: ReportOptions) -> [UInt8] {
        var resources: [String] = []
        var byResource: [String: [Series]] = [:]
        // Where each series is among its resource's (its row in that resource's statistics).
        var position: [Int] = []
        for s in series {
            if byResource[s.identity.resource] == nil { resources.append(s.identity.resource) }
            position.append(byResource[s.identity.resource]?.count ?? 0)
            byResource[s.identity.resource, default: []].append(s)
        }
        // Each resource's statistics, once: its table, its chart's p95s and the totals read them.
        var rowsOf: [String: [SeriesStatistics]] = [:]
        for resource in resources {
            rowsOf[resource] = StatisticsReport.rows(byResource[resource] ?? [], window: options.chart.window, p95Of: options.chart.billing)
        }
        var w = SVGWriter()
        w.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        w.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        w.empty("meta", ["name": "generator", "content": "usageconv \(UsageConvCore.version)"])
        w.raw("\n")
        w.element("title", text: options.title)
        w.raw("\n<style>\n\(css)\n</style>\n</head>\n<body>\n<header>\n")
        w.element("h1", text: options.title)
        w.raw("\n")
        let chart = options.chart
        var meta =
            "\(series.count) series, \(resources.count) resources, from \(options.inputCount) input\(options.inputCount == 1 ? "" : "s")"
        let (start, end) = SVGChart.timeSpan(series.filter { !$0.isEmpty }, window: chart.window)
        if !series.allSatisfy(\.isEmpty) || chart.window.start != nil {
            meta += "; " + UnixTime.iso8601(start) + " to " + UnixTime.iso8601(end)
        }
        meta += "; times in " + (chart.zone.isUTC ? "UTC" : chart.zone.identifier)
        if let basis = chart.billing { meta += "; billing p95 on \(basis.rawValue)" }
        w.element("p", ["class": "meta"], text: meta)
        w.raw("\n</header>\n")
        // Money first: what the month costs, per currency.
        var currencies: [String] = []
        var totals: [String: Number] = [:]
        for (n, s) in series.enumerated() where isMoney(s.identity.unit) && s.identity.kind == .amount {
            let unit = s.identity.unit
            if totals[unit] == nil { currencies.append(unit) }
            totals[unit] = (totals[unit] ?? .zero) + (rowsOf[s.identity.resource]?[position[n]].total ?? .zero)
        }
        if !currencies.isEmpty {
            w.raw(
                "<section class=\"totals\">\n<h2>Totals per currency</h2>\n<table>\n<thead><tr><th>Currency</th><th>Total</th></tr></thead>\n<tbody>\n"
            )
            for currency in currencies.sorted() {
                w.raw("<tr>")
                w.element("td", text: currency)
                w.element("td", ["class": "n"], text: (totals[currency] ?? .zero).description)
                w.raw("</tr>\n")
            }
            w.raw("</tbody>\n</table>\n</section>\n")
        }
        var costs: [String: Result<[(currency: String, total: ExactDecimal)], Diagnostic>] = [:]
        if let card = options.rateCard {
            for resource in resources { costs[resource] = cost(of: byResource[resource] ?? [], card: card, zone: chart.zone) }
            costTable(resources, costs: costs, zone: chart.zone, into: &w)
        }
        if resources.count > 1 {
            w.raw("<nav>\n<h2>Resources</h2>\n<ul>\n")
            for (index, resource) in resources.enumerated() {
                w.raw("<li>")
                w.element("a", ["href": "#resource-\(index + 1)"], text: resource)
                w.raw("</li>\n")
            }
            w.raw("</ul>\n</nav>\n")
        }
        if series.isEmpty { w.raw("<p class=\"none\">No series to report (check --start/--end and the inputs).</p>\n") }
        // A warning belongs to the resources of the dump that raised it; when it names some of
        // that dump's resources, to those only.
        var resourcesOfFile: [String: [String]] = [:]
        for resource in resources {
            for file in Set((byResource[resource] ?? []).compactMap { $0.origin?.file }) {
                resourcesOfFile[file, default: []].append(resource)
            }
        }
        var owners: [[String]] = []
        for warning in warnings {
            let candidates = warning.location?.file.flatMap { resourcesOfFile[$0] } ?? []
            let named = candidates.filter { warning.message.contains($0) }
            owners.append(named.isEmpty ? candidates : named)
        }
        var placed = Set<Int>()
        for (index, resource) in resources.enumerated() {
            let members = byResource[resource] ?? []
            var own: [Diagnostic] = []
            for (n, warning) in warnings.enumerated() where owners[n].contains(resource) {
                own.append(warning)
                placed.insert(n)
            }
            section(
                resource,
                index: index,
                series: members,
                rows: rowsOf[resource] ?? [],
                warnings: own,
                cost: costs[resource],
                options: options,
                into: &w
            )
        }
        let rest = warnings.enumerated().filter { !placed.contains($0.offset) }.map(\.element)
        if !rest.isEmpty {
            w.raw("<section class=\"other-warnings\">\n<h2>Inputs not read and other warnings</h2>\n")
            list(rest, into: &w)
            w.raw("</section>\n")
        }
        w.raw("<footer>\n")
        w.element(
            "p",
            text:
                "Made by usageconv \(UsageConvCore.version). p95: the sample at rank ceil(0.95 × n) (missing samples count as zeros where the provider omits zeros). Coverage: points present / points expected at the step."
        )
        w.raw("\n</footer>\n</body>\n</html>\n")
        return w.bytes
    }

    /// One resource: heading, figures, chart, warnings.
    static func section(
        _ resource: String,
        index: Int,
        series: [Series],
        rows: [SeriesStatistics],
        warnings: [Diagnostic],
        cost: Result<[(currency: String, total: ExactDecimal)], Diagnostic>?,
        options: ReportOptions,
        into w: inout SVGWriter
    ) {
        w.open("section", ["class": "resource", "id": "resource-\(index + 1)"])
        w.raw("\n<h2>")
        w.text(resource)
        let sources = series.reduce(into: [String]()) { if !$0.contains($1.identity.source) { $0.append($1.identity.source) } }
        w.raw(" ")
        w.element("span", ["class": "source"], text: "(" + sources.joined(separator: ", ") + ")")
        w.raw("</h2>\n<table class=\"stats\">\n<thead><tr>")
        for heading in ["Metric", "Direction", "Step", "Points", "Coverage", "Total", "Mean", "Peak", "p95"] {
            w.element("th", text: heading)
        }
        w.raw("</tr></thead>\n<tbody>\n")
        // stats' rows (with --p95-of's billed combinations) and its coverage warnings, per series.
        let coverageWarnings = StatisticsReport.coverageWarnings(Array(rows.prefix(series.count))).map(\.message)
        for (n, row) in rows.enumerated() {
            let i = row.identity
            let billing = n >= series.count
            w.raw(billing ? "<tr class=\"billing\">" : "<tr>")
            w.element("td", text: i.metric)
            w.element("td", text: i.direction)
            w.element("td", ["class": "n"], text: "\(i.step) s")
            w.element("td", ["class": "n"], text: "\(row.present) of \(row.expected)")
            let percent = StatisticsReport.percent(row)
            w.element("td", ["class": row.present < row.expected ? "n low" : "n"], text: percent)
            w.element("td", ["class": "n"], text: figure(row.total, unit: row.totalUnit))
            w.element("td", ["class": "n"], text: figure(row.mean, unit: i.unit))
            w.element("td", ["class": "n"], text: figure(row.max, unit: i.unit))
            w.element("td", ["class": "n"], text: figure(row.p95, unit: i.unit))
            w.raw("</tr>\n")
        }
        w.raw("</tbody>\n</table>\n")
        switch cost {
        case .success(let totals):
            let text = totals.isEmpty ? "nothing to price" : totals.map { "\($0.total) \($0.currency)" }.joined(separator: " + ")
            w.element("p", ["class": "cost"], text: "Cost by the rate card: " + text)
            w.raw("\n")
        case .failure(let diagnostic):
            w.element("p", ["class": "cost none"], text: "Not priced: " + diagnostic.message)
            w.raw("\n")
        case nil: break
        }
        w.raw("<figure>\n")
        var chart = options.chart
        chart.p95 = true
        chart.standalone = false
        chart.title = resource
        chart.idPrefix = "r\(index + 1)"
        let p95s = rows.prefix(series.count).map(\.p95)
        w.raw(String(decoding: SVGChart.render(series, options: chart, p95s: p95s), as: UTF8.self))
        w.raw("</figure>\n<h3>Warnings</h3>\n")
        if warnings.isEmpty && coverageWarnings.isEmpty {
            w.raw("<p class=\"none\">None.</p>\n")
        } else {
            w.raw("<ul class=\"warnings\">\n")
            for text in coverageWarnings + warnings.map(\.description) {
                w.element("li", text: text)
                w.raw("\n")
            }
            w.raw("</ul>\n")
        }
        w.raw("</section>\n")
    }

    /// The cost of every resource by the rate card, and the total per currency.
    static func costTable(
        _ resources: [String],
        costs: [String: Result<[(currency: String, total: ExactDecimal)], Diagnostic>],
        zone: ZoneRules,
        into w: inout SVGWriter
    ) {
        w.raw("<section class=\"costs\">\n<h2>Cost by the rate card</h2>\n<table>\n")
        w.raw("<thead><tr><th>Resource</th><th>Cost</th><th>Currency</th></tr></thead>\n<tbody>\n")
        var order: [String] = []
        var totals: [String: ExactDecimal] = [:]
        var failed = false
        for resource in resources {
            switch costs[resource] {
            case .success(let lines):
                for line in lines {
                    w.raw("<tr>")
                    w.element("td", text: resource)
                    w.element("td", ["class": "n"], text: line.total.description)
                    w.element("td", text: line.currency)
                    w.raw("</tr>\n")
                    if totals[line.currency] == nil { order.append(line.currency) }
                    totals[line.currency] = (try? (totals[line.currency] ?? ExactDecimal(0)).adding(line.total)) ?? totals[line.currency]
                }
            case .failure(let diagnostic):
                failed = true
                w.raw("<tr>")
                w.element("td", text: resource)
                w.element("td", ["class": "low", "colspan": "2"], text: "not priced: " + diagnostic.message)
                w.raw("</tr>\n")
            case nil: break
            }
        }
        for currency in order {
            w.raw("<tr class=\"total\">")
            w.element("th", text: failed ? "Total (priced resources)" : "Total")
            w.element("td", ["class": "n"], text: (totals[currency] ?? ExactDecimal(0)).description)
            w.element("td", text: currency)
            w.raw("</tr>\n")
        }
        w.raw("</tbody>\n</table>\n")
        w.element(
            "p",
            ["class": "meta"],
            text: "As --to focus prices them (BilledCost summed); billing months in " + (zone.isUTC ? "UTC" : zone.identifier) + "."
        )
        w.raw("\n</section>\n")
    }

    /// Warnings as a list, each as usageconv prints it (`FILE: LINE:COLUMN: message`).
    static func list(_ warnings: [Diagnostic], into w: inout SVGWriter) {
        w.raw("<ul class=\"warnings\">\n")
        for warning in warnings {
            w.element("li", text: warning.description)
            w.raw("\n")
        }
        w.raw("</ul>\n")
    }
}
