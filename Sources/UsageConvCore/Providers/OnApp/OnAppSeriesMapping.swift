/// Turns OnApp records into canonical series; shared by the JSON and XML decoders.
///
/// - Record money (`total_cost`, `usage_cost`, ...) → metric `cost.total`, `cost.usage`, ... per
///   `vm:<virtual_machine_id>`, or `user:<user_id>` when the VM id is null; unit `currency_code`.
/// - `billing_stats` rows → per sub-resource (`vm:1/disk:7`, `vm:1/nic:3`) one quantity series
///   named after `resource_name` and one money series `cost.<resource_name>`. `data_read`,
///   `data_written`, `data_sent`, `data_received` are kilobytes (OnApp's usage pages); other
///   quantities have no documented unit and are marked `onapp:<resource_name>`.
/// - `data_sent` is out of the VS, `data_received` into it.
/// - `stat_time` is the start of the hour billed (the docs: "the particular hour for which these
///   statistics were generated"); `--label end` shifts by an hour for those who read it as the end.
struct OnAppSeriesMapping {
    private let options: DecodeOptions
    /// What tells two series apart within one dump (source, kind and step are fixed).
    private struct Key: Hashable {
        var resource: String
        var metric: String
        var direction: String
        var unit: String
    }
    /// Builders in first-seen order, found through `index` (an array keeps appends in place).
    private var builders: [SeriesBuilder] = []
    private var index: [Key: Int] = [:]
    /// A `billing_stats` item as seen across records: owner, group, id and the record's currency.
    private struct ItemKey: Hashable {
        var owner: String
        var group: String
        var id: String
        var currency: String
    }
    /// The quantity and money series of one cost row name (nil until its first non-null value).
    private struct Slot {
        var quantity: Int? = nil
        var money: Int? = nil
        /// Whether the row's quantity is in KB (so never negative).
        var kilobytes = false
    }
    /// The row slots of each item (by `itemSlots` position): one lookup per item, and a row
    /// whose two series are known is appended to without writing its slot back.
    private var itemPositions: [ItemKey: Int] = [:]
    private var itemSlots: [[String: Slot]] = []
    /// `moneyMetric` of the record fields seen (a handful of names, compared before hashing).
    private var moneyMetrics: [(field: String, metric: String?)] = []
    private var nulls: [String: (count: Int, first: SourceLocation)] = [:]
    private var missingCurrency: SourceLocation? = nil
    /// Warnings met while mapping.
    private(set) var warnings: [Diagnostic] = []

    /// OnApp's hourly records.
    static let step: Int64 = 3600

    init(options: DecodeOptions) {
        self.options = options
    }

    /// The sub-resource prefix for a `billing_stats` group.
    static func prefix(for group: String) -> String {
        switch group {
        case "virtual_machines": "vm"
        case "disks": "disk"
        case "network_interfaces": "nic"
        case "edge_servers": "edge"
        case "service_addons": "addon"
        case "load_balancers": "lb"
        default: group.hasSuffix("s") ? String(group.dropLast()) : group
        }
    }

    /// The unit and direction of a quantity named `name`.
    static func quantity(_ name: String) -> (unit: String, direction: String) {
        switch name {
        case "data_sent": ("KB", "out")
        case "data_received": ("KB", "in")
        case "data_read", "data_written": ("KB", "")
        default: ("onapp:" + name, "")
        }
    }

    /// The money metric for a record field (`total_cost` → `cost.total`, `cost` → `cost`).
    static func moneyMetric(_ field: String) -> String? {
        if field == "cost" { return "cost" }
        guard field.hasSuffix("_cost") else { return nil }
        return "cost." + field.dropLast("_cost".count)
    }

    /// Data amounts cannot be negative: a negative one is a located error, as in every decoder.
    static func requireNonNegative(_ value: Number?, _ name: String, at location: SourceLocation?) throws {
        guard let value, value < Number(Int64(0)) else { return }
        throw Diagnostic.error(.invalidValue, "expected a non-negative \(name) in KB, found \(value)", at: location)
    }

    /// Adds one record's points.
    mutating func add(_ record: OnAppRecord) throws {
        guard let statTime = record.statTime else {
            throw Diagnostic.error(.missingField, "expected a \"stat_time\" in this \(record.kind) record, found none", at: record.location)
        }
        let owner = record.virtualMachineId.map { "vm:" + $0 } ?? record.userId.map { "user:" + $0 } ?? "onapp"
        var currency = record.currency ?? ""
        if currency.isEmpty {
            // ISO 4217 "XXX": no currency. Money is never given a currency the dump does not state.
            currency = "XXX"
            if missingCurrency == nil
                && (record.figures.contains { Self.moneyMetric($0.name) != nil } || record.items.contains { !$0.costs.isEmpty })
            {
                missingCurrency = record.location
            }
        }
        for figure in record.figures {
            let resource: String
            let metric: String
            let unit: String
            let direction: String
            if let money = moneyMetric(cached: figure.name) {
                (resource, metric, unit, direction) = (owner, money, currency, "")
            } else if record.kind == "net_hourly_stat", figure.name == "data_sent" || figure.name == "data_received" {
                let nic = record.networkInterfaceId.map { "/nic:" + $0 } ?? ""
                (resource, metric, unit, direction) = (owner + nic, "traffic", "KB", figure.name == "data_sent" ? "out" : "in")
            } else {
                let kind = Self.quantity(figure.name)
                (resource, metric, unit, direction) = (owner, figure.name, kind.unit, kind.direction)
            }
            if unit == "KB" { try Self.requireNonNegative(figure.value, figure.name, at: figure.location) }
            append(
                resource: resource,
                metric: metric,
                direction: direction,
                unit: unit,
                time: statTime,
                value: figure.value,
                at: figure.location
            )
        }
        for item in record.items {
            let id = item.id ?? "?"
            // The same VM lists the same items and rows every hour: find the row's two series by
            // one lookup per item and one per row name, and build their identity strings only
            // the first time (this mapping ran at a third of the XML decode time before).
            let itemKey = ItemKey(owner: owner, group: item.group, id: id, currency: currency)
            let itemPosition: Int
            if let known = itemPositions[itemKey] {
                itemPosition = known
            } else {
                itemPosition = itemSlots.count
                itemPositions[itemKey] = itemPosition
                itemSlots.append([:])
            }
            for row in item.costs {
                let known = itemSlots[itemPosition][row.resourceName]
                if let known, let quantity = known.quantity, let money = known.money {
                    // The every-hour case: both series exist; nothing to write back.
                    if known.kilobytes { try Self.requireNonNegative(row.value, row.resourceName, at: row.location) }
                    appendKnown(quantity, metric: row.resourceName, time: statTime, value: row.value, at: row.location)
                    appendKnown(money, metric: "cost." + row.resourceName, time: statTime, value: row.cost, at: row.location)
                    continue
                }
                var slot = known ?? Slot(kilobytes: Self.quantity(row.resourceName).unit == "KB")
                if slot.kilobytes {
                    try Self.requireNonNegative(row.value, row.resourceName, at: row.location)
                }
                if slot.quantity == nil || slot.money == nil {
                    let prefix = Self.prefix(for: item.group)
                    let resource = prefix == "vm" && id == record.virtualMachineId ? owner : owner + "/" + prefix + ":" + id
                    let kind = Self.quantity(row.resourceName)
                    if slot.quantity == nil {
                        slot.quantity = append(
                            resource: resource,
                            metric: row.resourceName,
                            direction: kind.direction,
                            unit: kind.unit,
                            time: statTime,
                            value: row.value,
                            at: row.location,
                            label: item.label
                        )
                    } else if let value = row.value, let position = slot.quantity {
                        builders[position].append(time: statTime, value: value)
                    } else {
                        nulls[Self.nullKey(resource, row.resourceName), default: (0, row.location)].count += 1
                    }
                    if slot.money == nil {
                        slot.money = append(
                            resource: resource,
                            metric: "cost." + row.resourceName,
                            direction: "",
                            unit: currency,
                            time: statTime,
                            value: row.cost,
                            at: row.location,
                            label: item.label
                        )
                    } else if let value = row.cost, let position = slot.money {
                        builders[position].append(time: statTime, value: value)
                    } else {
                        nulls[Self.nullKey(resource, "cost." + row.resourceName), default: (0, row.location)].count += 1
                    }
                } else {
                    appendKnown(slot.quantity, metric: row.resourceName, time: statTime, value: row.value, at: row.location)
                    appendKnown(slot.money, metric: "cost." + row.resourceName, time: statTime, value: row.cost, at: row.location)
                }
                itemSlots[itemPosition][row.resourceName] = slot
            }
        }
    }

    /// `moneyMetric(field)`, remembered for the few field names a dump has.
    private mutating func moneyMetric(cached field: String) -> String? {
        for entry in moneyMetrics where entry.field == field { return entry.metric }
        let metric = Self.moneyMetric(field)
        if moneyMetrics.count < 32 { moneyMetrics.append((field, metric)) }
        return metric
    }

    /// The key a null is counted under: its series' resource and metric.
    static func nullKey(_ resource: String, _ metric: String) -> String { resource + "\u{0}" + metric }

    /// Appends to a series already found, or counts a null.
    private mutating func appendKnown(
        _ position: Int?,
        metric: @autoclosure () -> String,
        time: Int64,
        value: Number?,
        at location: SourceLocation
    ) {
        guard let position else { return }
        guard let value else {
            nulls[Self.nullKey(builders[position].identity.resource, metric()), default: (0, location)].count += 1
            return
        }
        builders[position].append(time: time, value: value)
    }

    /// Appends a point to the series with this identity (made on first use); returns its index,
    /// or nil for a null value (counted for the warning).
    @discardableResult
    private mutating func append(
        resource: String,
        metric: String,
        direction: String,
        unit: String,
        time: Int64,
        value: Number?,
        at location: SourceLocation,
        label: String? = nil
    ) -> Int? {
        guard let value else {
            nulls[Self.nullKey(resource, metric), default: (0, location)].count += 1
            return nil
        }
        let key = Key(resource: resource, metric: metric, direction: direction, unit: unit)
        if let position = index[key] {
            builders[position].append(time: time, value: value)
            return position
        }
        do {
            var meta: [String: String] = [:]
            if let label { meta["label"] = label }
            var builder = SeriesBuilder(
                identity: SeriesIdentity(
                    source: "onapp",
                    resource: resource,
                    metric: metric,
                    direction: direction,
                    unit: unit,
                    kind: .amount,
                    step: options.step ?? Self.step,
                    absent: .unknown
                ),
                meta: meta,
                location: location,
                store: options.pointStore
            )
            builder.append(time: time, value: value)
            index[key] = builders.count
            builders.append(builder)
            return builders.count - 1
        }
    }

    /// The series, in first-seen order, with the mapping's warnings.
    func finish() throws -> DecodeResult {
        var warnings = self.warnings
        if let missingCurrency {
            warnings.append(
                .warning(.missingField, "a record has no currency_code; its money is in unit XXX (no currency)", at: missingCurrency)
            )
        }
        // One warning per series, as every decoder words it (SeriesBuilder.finish).
        for (key, entry) in nulls.sorted(by: { $0.key < $1.key }) {
            let name = key.split(separator: "\u{0}", omittingEmptySubsequences: false).joined(separator: " ")
            let values = entry.count == 1 ? "1 null value" : "\(entry.count) null values"
            warnings.append(.warning(.nullValue, "series \(name) has \(values): left out as missing points, not zeros", at: entry.first))
        }
        var series: [Series] = []
        for var builder in builders {
            if options.label == .end { builder.shiftTimes(by: -builder.identity.step) }
            let (finished, more) = try builder.finish(duplicates: options.duplicates)
            series.append(finished)
            warnings += more
        }
        return DecodeResult(series: series, warnings: warnings)
    }
}
