/// One OnApp hourly billing record (`vm_hourly_stat`, `vm_stat`, `net_hourly_stat`), whatever
/// syntax it came in: the JSON and XML decoders both fill it, and `OnAppSeriesMapping` turns
/// records into series, so the two forms of one dump give identical series.
struct OnAppRecord: Sendable {
    /// Database bookkeeping members ("obsolete, always 0" for the ids): not usage, skipped in both syntaxes.
    static let bookkeeping: Set<String> = ["created_at", "updated_at", "id", "vm_billing_stat_id", "booted", "label"]

    /// The wrapper name (`vm_hourly_stat`, `net_hourly_stat`, ...).
    var kind: String
    /// `stat_time`: the hour the record bills, as an instant (offsets such as `+03:00` normalised).
    var statTime: Int64?
    /// `currency_code` (USD, EUR, ...).
    var currency: String?
    /// `user_id`, as text.
    var userId: String?
    /// `virtual_machine_id`, as text; nil for user-level rows.
    var virtualMachineId: String?
    /// `network_interface_id` (net_hourly_stat).
    var networkInterfaceId: String?
    /// Record-level money and quantities by field name (`total_cost`, `usage_cost`, `data_sent`, ...);
    /// a nil value is an explicit null.
    var figures: [(name: String, value: Number?, location: SourceLocation)] = []
    /// `billing_stats` items.
    var items: [OnAppBillingItem] = []
    /// Where the record starts.
    var location: SourceLocation

    /// The members that name who the record is about.
    static let identifiers: Set<String> = ["user_id", "virtual_machine_id", "network_interface_id"]

    /// Sets the identifier member `name` (one of `identifiers`); nil for null.
    mutating func setIdentifier(_ name: String, to id: String?) {
        switch name {
        case "user_id": userId = id
        case "virtual_machine_id": virtualMachineId = id
        default: networkInterfaceId = id
        }
    }
}

/// One billable sub-resource in `billing_stats` (a disk, a network interface, the VM itself).
struct OnAppBillingItem: Sendable {
    /// The `billing_stats` member it was listed under (`disks`, `network_interfaces`, ...).
    var group: String
    /// `id`, as text.
    var id: String?
    /// `label` (`eth0`, a disk name), kept as metadata.
    var label: String?
    /// Its cost rows.
    var costs: [OnAppCostRow] = []
    /// Where the item starts.
    var location: SourceLocation
}

/// `{value, cost, resource_name}`: a quantity used in the hour and what it cost.
struct OnAppCostRow: Sendable {
    /// `resource_name` (`disk_size`, `data_sent`, `ip_addresses`, ...).
    var resourceName: String
    /// `value`: the quantity (nil when null or absent).
    var value: Number?
    /// `cost`: the money (nil when null or absent).
    var cost: Number?
    /// Where the row starts.
    var location: SourceLocation
}
