/// Writes OnApp billing statistics: `vm_stats` XML (Rails `to_xml`) or JSON (`[{"vm_hourly_stat": {...}}]`),
/// or `net_hourly_stats` for network interface traffic.
///
/// The inverse of `OnAppStatsDecoder` and `OnAppSeriesMapping`: one record per hour (`stat_time`,
/// the start of the hour billed) and owner (`vm:<virtual_machine_id>`, `user:<user_id>`, or
/// `onapp` for neither). Record money `cost.total`, `cost.usage`, `cost.vm_resources` and `cost`
/// become `total_cost`, `usage_cost`, `vm_resources_cost` and `cost`, in the record's
/// `currency_code` (the money series' unit). Sub-resources (`vm:1/disk:7`, `vm:1/nic:3`, ...)
/// become `billing_stats` items with one cost row per `resource_name`: the quantity series named
/// after it is the row's `value`, `cost.<name>` its `cost`; rows of the VM itself (`vm:1`, metric
/// `cpus`) are listed under `virtual_machines`. Network traffic in KB (`vm:1/nic:3`, metric
/// `traffic`, in/out) is `net_hourly_stat` records (`data_received`, `data_sent`) and cannot share
/// a dump with billing records. Quantities keep the decoder's units (KB for `data_*`,
/// `onapp:<name>` for the rest); the step is always 3,600 s.
public struct OnAppDumpEncoder: ProviderDumpEncoder {
    /// The provider.
    public let provider = DumpProvider.onapp
    /// Record money fields by metric.
    static let recordMoney: [String: String] = [
        "cost": "cost", "cost.total": "total_cost", "cost.usage": "usage_cost", "cost.vm_resources": "vm_resources_cost",
    ]
    /// `billing_stats` groups by resource prefix (those OnApp's XML schema lists).
    static let groups: [String: String] = [
        "vm": "virtual_machines", "disk": "disks", "nic": "network_interfaces", "edge": "edge_servers", "addon": "service_addons",
    ]
    /// The item element of each group.
    static let itemElement: [String: String] = [
        "virtual_machines": "virtual_machine", "disks": "disk", "network_interfaces": "network_interface",
        "edge_servers": "edge_server", "service_addons": "service_addon",
    ]

    /// Creates the encoder.
    public init() {}

    /// Writes the records of every hour the series cover.
    public func encode(_ given: [Series], options: DumpEncodeOptions) throws -> EncodedDump {
        let series = DumpRules.labelled(given, options)
        try DumpRules.requireForm(options, provider)
        try DumpRules.refuseOmitZeros(options, provider)
        // No series is an empty list of records, as OnApp answers for a period without any.
        var plan = OnAppDumpPlan()
        let ownerMetrics = Set(
            series.filter { !$0.identity.resource.contains("/") }.map { "\($0.identity.resource)\u{0}\($0.identity.metric)" }
        )
        for s in series {
            try place(s, in: &plan, ownerMetrics: ownerMetrics)
        }
        if plan.hasTraffic, let other = series.first(where: { $0.identity.metric != "traffic" }) {
            throw DumpRules.refuse(
                other,
                provider,
                "keep network traffic (net_hourly_stats) and billing records (vm_stats) apart: encode them separately"
            )
        }
        let xml = options.form != .json
        let bytes = xml ? try OnAppDumpWriter.xml(plan, net: plan.hasTraffic) : OnAppDumpWriter.json(plan, net: plan.hasTraffic)
        return EncodedDump(
            bytes: bytes,
            warnings: DumpRules.qualityWarnings(series, provider),
            decodeArguments: options.label == .end ? ["--label", "end"] : []
        )
    }

    /// `<errors><error>Resource not found</error></errors>` or `{"errors":["Resource not found"]}` (HTTP 404).
    public func errorBody(options: DumpEncodeOptions) throws -> [UInt8] {
        try DumpRules.requireForm(options, provider)
        if options.form == .json { return Array("{\"errors\":[\"Resource not found\"]}\n".utf8) }
        return Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n  <error>Resource not found</error>\n</errors>\n".utf8)
    }

    /// Puts each point of `s` into its record, as a figure, a cost-row part or NIC traffic.
    private func place(_ s: Series, in plan: inout OnAppDumpPlan, ownerMetrics: Set<String>) throws {
        let i = s.identity
        try DumpRules.requireStep(s, in: [3600], provider, what: "hourly records")
        let parts = i.resource.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let owner = parts[0]
        guard let ownerKey = OnAppOwner(owner) else {
            throw DumpRules.refuse(
                s,
                provider,
                "name resources vm:<id>, user:<id> or onapp, with /disk:<id>, /nic:<id>, ... for their parts"
            )
        }
        let isMoney = i.metric == "cost" || i.metric.hasPrefix("cost.")
        if isMoney {
            guard i.direction.isEmpty, CurrencyCode.isCurrency(i.unit) else {
                throw DumpRules.refuse(
                    s,
                    provider,
                    "hold money in a currency code (USD, EUR, ...) without a direction, not \(i.unit) '\(i.direction)'"
                )
            }
        }
        var sub: (group: String, id: String)? = nil
        if parts.count == 2 {
            let piece = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
            guard piece.count == 2, let group = Self.groups[piece[0]], !piece[1].contains("/") else {
                throw DumpRules.refuse(
                    s,
                    provider,
                    "list parts as vm:, disk:, nic:, edge: or addon: <id> under their owner, not '\(parts[1])'"
                )
            }
            sub = (group, piece[1])
        }
        if i.metric == "traffic" {
            guard let sub, sub.group == "network_interfaces", i.unit == "KB", i.direction == "in" || i.direction == "out" else {
                throw DumpRules.refuse(s, provider, "hold traffic only per network interface (vm:<id>/nic:<id>) in KB, in or out")
            }
            plan.hasTraffic = true
            try DumpRules.requireNonNegative(s, provider)
            for (t, v) in zip(s.times, s.values) {
                plan[t, ownerKey, sub.id].netFigures[i.direction == "out" ? "data_sent" : "data_received"] = v
            }
            return
        }
        let rowName: String
        let moneyPart: Bool
        if isMoney {
            let name = i.metric == "cost" ? "" : String(i.metric.dropFirst("cost.".count))
            let isFigure = sub == nil && Self.recordMoney[i.metric] != nil && !ownerMetrics.contains("\(owner)\u{0}\(name)")
            if isFigure, let field = Self.recordMoney[i.metric] {
                for (t, v) in zip(s.times, s.values) {
                    try plan.setCurrency(i.unit, time: t, owner: ownerKey, series: s)
                    plan[t, ownerKey, nil].figures[field] = v
                }
                return
            }
            guard !name.isEmpty else { throw DumpRules.refuse(s, provider, "hold a sub-resource's money as cost.<resource_name>") }
            (rowName, moneyPart) = (name, true)
        } else {
            let expected = OnAppSeriesMapping.quantity(i.metric)
            guard expected.unit == i.unit, expected.direction == i.direction else {
                let direction = expected.direction.isEmpty ? "" : ", direction \(expected.direction)"
                throw DumpRules.refuse(s, provider, "hold \(i.metric) in \(expected.unit)\(direction) only, not \(i.unit) '\(i.direction)'")
            }
            if expected.unit == "KB" { try DumpRules.requireNonNegative(s, provider) }
            let isFigure =
                sub == nil && (i.metric == "data_sent" || i.metric == "data_received")
                && !ownerMetrics.contains("\(owner)\u{0}cost.\(i.metric)")
            if isFigure {
                for (t, v) in zip(s.times, s.values) { plan[t, ownerKey, nil].figures[i.metric] = v }
                return
            }
            (rowName, moneyPart) = (i.metric, false)
        }
        // A row of the VM itself: the `virtual_machines` item whose id is the owner's.
        let item: (group: String, id: String)
        if let sub {
            item = sub
        } else if case .vm(let id) = ownerKey {
            item = ("virtual_machines", id)
        } else {
            throw DumpRules.refuse(s, provider, "hold \(i.metric) of a user only as record money (cost, cost.total, cost.usage)")
        }
        for (t, v) in zip(s.times, s.values) {
            if moneyPart { try plan.setCurrency(i.unit, time: t, owner: ownerKey, series: s) }
            plan[t, ownerKey, nil].setRow(group: item.group, id: item.id, label: s.meta["label"], row: rowName, money: moneyPart, value: v)
        }
    }
}

/// Whose record a point belongs to.
enum OnAppOwner: Hashable {
    case vm(String)
    case user(String)
    case nobody

    /// Parses `vm:<id>`, `user:<id>` or `onapp`.
    init?(_ text: String) {
        if text == "onapp" {
            self = .nobody
        } else if text.hasPrefix("vm:"), text.count > 3 {
            self = .vm(String(text.dropFirst(3)))
        } else if text.hasPrefix("user:"), text.count > 5 {
            self = .user(String(text.dropFirst(5)))
        } else {
            return nil
        }
    }
}
