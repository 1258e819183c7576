/// The records an OnApp dump will hold, gathered from series before writing.
struct OnAppDumpPlan {
    /// Which record: the hour, the owner, and for `net_hourly_stat` the network interface.
    struct Key: Hashable {
        var time: Int64
        var owner: OnAppOwner
        var nic: String?
    }

    /// Records by key, and their keys in first-seen order (sorted by time when written).
    private(set) var records: [Key: OnAppDumpRecord] = [:]
    private(set) var order: [Key] = []
    /// Whether the series are network interface traffic (`net_hourly_stats`).
    var hasTraffic = false

    /// The record for this hour and owner, made on first use.
    subscript(time: Int64, owner: OnAppOwner, nic: String?) -> OnAppDumpRecord {
        get { records[Key(time: time, owner: owner, nic: nic)] ?? OnAppDumpRecord() }
        set {
            let key = Key(time: time, owner: owner, nic: nic)
            if records[key] == nil { order.append(key) }
            records[key] = newValue
        }
    }

    /// Sets the record's currency; a second, different one in the same record is an error.
    mutating func setCurrency(_ currency: String, time: Int64, owner: OnAppOwner, series: Series) throws {
        if let known = self[time, owner, nil].currency, known != currency {
            throw DumpRules.refuse(
                series,
                .onapp,
                "state one currency_code per record; \(UnixTime.iso8601(time)) already has money in \(known)"
            )
        }
        self[time, owner, nil].currency = currency
    }

    /// The keys in writing order: by time, then as first seen.
    var sortedKeys: [Key] {
        order.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}

/// One hourly record to write.
struct OnAppDumpRecord {
    /// `currency_code`, when the record holds money.
    var currency: String?
    /// Record-level money and data (`total_cost`, `data_sent`, ...).
    var figures: [String: Number] = [:]
    /// `net_hourly_stat` data (`data_sent`, `data_received`).
    var netFigures: [String: Number] = [:]
    /// `billing_stats` items in first-seen order.
    var items: [OnAppDumpItem] = []

    /// Sets the value or cost of row `row` in item `group`/`id`.
    mutating func setRow(group: String, id: String, label: String?, row: String, money: Bool, value: Number) {
        var index = items.firstIndex { $0.group == group && $0.id == id }
        if index == nil {
            items.append(OnAppDumpItem(group: group, id: id, label: label))
            index = items.count - 1
        }
        guard let index else { return }
        if items[index].label == nil { items[index].label = label }
        var rowIndex = items[index].rows.firstIndex { $0.name == row }
        if rowIndex == nil {
            items[index].rows.append(OnAppDumpRow(name: row))
            rowIndex = items[index].rows.count - 1
        }
        guard let rowIndex else { return }
        if money { items[index].rows[rowIndex].cost = value } else { items[index].rows[rowIndex].value = value }
    }
}

/// A `billing_stats` item: a disk, a network interface, the VM itself.
struct OnAppDumpItem {
    var group: String
    var id: String
    var label: String?
    var rows: [OnAppDumpRow] = []
}

/// A cost row `{value, cost, resource_name}`.
struct OnAppDumpRow {
    var name: String
    var value: Number?
    var cost: Number?
}
