/// OnApp billing statistics (`vm_stats.xml` and `vm_stats.json`): hourly money per VS or user, and `billing_stats`.
///
/// Rails renders a list as an array of single-key records (`[{"vm_hourly_stat": {...}}]`); the key
/// varies by version and endpoint (`vm_hourly_stat`, `vm_stats`, `vm_stat`, `net_hourly_stat`)
/// and some clients saved bare records, so all are read. Numbers may be quoted (`"8320.0"`),
/// `stat_time` may carry an offset (`+03:00`), money is decimal and stays exact. Errors are
/// `{"errors": [...]}` or `{"error": "..."}` (`<errors>` in XML). XML is streamed through libxml2
/// (`OnAppXMLReader`); both syntaxes produce `OnAppRecord`s for the one `OnAppSeriesMapping`.
public struct OnAppStatsDecoder: UsageDecoder {
    /// The decoder id.
    public let id = "onapp"

    /// vm_stats: hourly records; its XML is checked against the bundled XSD, its JSON twin here.
    public var facts: ProviderFacts {
        ProviderFacts(
            displayName: "OnApp",
            serviceName: "OnApp Cloud",
            serviceCategory: "Compute",
            resourceType: "Virtual Machine",
            resourceTypesByPrefix: [
                "vm": "Virtual Machine", "user": "User", "disk": "Disk", "nic": "Network Interface",
                "edge": "Edge Server", "lb": "Load Balancer", "addon": "Service Addon",
            ],
            schemaName: "onapp-vm-stats"
        )
    }
    /// One line for `usageconv formats`.
    public let summary =
        "OnApp vm_stats XML <vm_stats><vm_hourly_stat>... and JSON [{\"vm_hourly_stat\": {stat_time, currency_code, total_cost, usage_cost, billing_stats}}]"

    /// The record wrapper keys OnApp versions and endpoints use.
    static let wrappers: Set<String> = ["vm_hourly_stat", "vm_stats", "vm_stat", "net_hourly_stat"]

    /// Creates the decoder.
    public init() {}

    /// Bids on arrays of wrapped or bare hourly records, and on OnApp's `{"errors": [...]}` bodies.
    public func confidence(for shape: InputShape) -> Int {
        if shape.syntax == .xml, let root = shape.xmlRoot {
            if ["vm_stats", "vm_hourly_stats", "net_hourly_stats"].contains(root) { return 90 }
            if Self.wrappers.contains(root) { return 70 }
            if root == "errors" { return 60 }
            return 0
        }
        guard shape.syntax == .json else { return 0 }
        if shape.has("$", .array) {
            for wrapper in Self.wrappers where shape.has("$[0].\(wrapper)", .object) {
                return shape.kind("$[0].\(wrapper).stat_time") != nil || shape.kind("$[0].\(wrapper).total_cost") != nil ? 95 : 80
            }
            if shape.kind("$[0].stat_time") != nil && shape.kind("$[0].currency_code") != nil { return 70 }
            return 0
        }
        guard shape.has("$", .object) else { return 0 }
        for wrapper in Self.wrappers where shape.has("$.\(wrapper)", .object) && shape.kind("$.\(wrapper).stat_time") != nil { return 85 }
        if shape.kind("$.stat_time") != nil && shape.kind("$.currency_code") != nil { return 70 }
        if shape.topLevelCount == 1 && (shape.has("$.errors", .array) || shape.has("$.errors", .object)) { return 75 }
        if shape.topLevelCount == 1 && shape.has("$.error", .string) { return 60 }
        return 0
    }

    /// Decodes the records; an error body is a provider error.
    public func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodeResult {
        // XML and JSON twins go through one mapping; the first significant byte tells them apart.
        let head = try source.readBytes(upTo: 4096)
        let whole = PrefixedByteSource(prefix: head, rest: source)
        if LeadingBytes(head).isMarkup {
            return try OnAppXMLReader(source: whole, options: options).decode()
        }
        let reader = JSONReader(source: whole, options: options.jsonReaderOptions)
        var mapping = OnAppSeriesMapping(options: options)
        var warnings: [Diagnostic] = []
        let top = try reader.next()
        switch top {
        case .beginArray:
            try reader.forEachElement { token in
                guard token == .beginObject else {
                    throw reader.mismatch(expected: "a record {\"vm_hourly_stat\": {...}}", found: token)
                }
                try mapping.add(try readWrappedRecord(reader, warnings: &warnings))
            }
        case .beginObject:
            let location = reader.location
            let first = try reader.next()
            if first == .key, reader.isKey("errors") || reader.isKey("error") {
                throw try providerError(reader, at: location)
            }
            try mapping.add(try readWrappedRecord(reader, firstKeyRead: first, warnings: &warnings))
        default:
            throw reader.mismatch(expected: "an OnApp vm_stats array [{\"vm_hourly_stat\": {...}}]", found: top)
        }
        try reader.expect(.endOfInput, "end of input after the records")
        var result = try mapping.finish()
        result.warnings = reader.warnings + warnings + result.warnings
        return result
    }

    /// Reads `{"vm_hourly_stat": {...}}` or a bare record after its `{` (and, for a top-level
    /// object, after its first token).
    private func readWrappedRecord(_ reader: JSONReader, firstKeyRead: JSONToken? = nil, warnings: inout [Diagnostic]) throws -> OnAppRecord
    {
        let location = reader.location
        let first = try firstKeyRead ?? reader.next()
        guard first == .key else {
            if first == .endObject { throw reader.error(.missingField, "expected an OnApp record, found an empty object") }
            throw reader.mismatch(expected: "a key", found: first)
        }
        let key = reader.key
        if Self.wrappers.contains(key) {
            let token = try reader.next()
            if token == .beginObject {
                var record = OnAppRecord(kind: key, location: reader.location)
                try reader.forEachMember { try readMember(reader, into: &record, warnings: &warnings) }
                let close = try reader.next()
                guard close == .endObject else {
                    throw reader.mismatch(expected: "'}' closing the single-key record {\"\(key)\": {...}}", found: close)
                }
                return record
            }
            try reader.skipValue(startingWith: token)
            throw reader.error(.wrongType, "expected \"\(key)\" to hold a record object")
        }
        // A bare record (the PHP wrapper's fallback): the first key is already one of its members.
        var record = OnAppRecord(kind: "vm_hourly_stat", location: location)
        try readMember(reader, into: &record, warnings: &warnings)
        try reader.forEachMember { try readMember(reader, into: &record, warnings: &warnings) }
        return record
    }

    /// Reads the member whose key was just read.
    private func readMember(_ reader: JSONReader, into record: inout OnAppRecord, warnings: inout [Diagnostic]) throws {
        let name = reader.key
        let token = try reader.next()
        switch name {
        case "stat_time":
            guard token == .string, let time = reader.iso8601Value() else {
                if token == .null { return }
                throw reader.mismatch(expected: "stat_time as an ISO 8601 time such as \"2013-05-01T00:00:00Z\"", found: token)
            }
            record.statTime = time
        case "currency_code":
            if token == .null { return }
            guard token == .string else { throw reader.mismatch(expected: "a currency code such as \"USD\"", found: token) }
            record.currency = reader.stringValue()
        case _ where OnAppRecord.identifiers.contains(name):
            record.setIdentifier(name, to: try identifier(reader, token, name))
        case "billing_stats":
            if token == .null { return }
            guard token == .beginObject else {
                throw reader.mismatch(expected: "billing_stats as an object of resource lists", found: token)
            }
            try reader.forEachMember {
                let group = reader.key
                let list = try reader.next()
                if list == .null { return }
                guard list == .beginArray else { throw reader.mismatch(expected: "\(group) as an array of resources", found: list) }
                try reader.forEachElement { element in
                    guard element == .beginObject else {
                        throw reader.mismatch(expected: "a \(group) entry {id, label, costs}", found: element)
                    }
                    record.items.append(try readItem(reader, group: group))
                }
            }
        case _ where OnAppRecord.bookkeeping.contains(name):
            try reader.skipValue(startingWith: token)
        default:
            let location = reader.location
            switch token {
            case .null:
                record.figures.append((name, nil, location))
            case .number:
                record.figures.append((name, try reader.numberValue(), location))
            case .string:
                guard let value = Number.parseJSON(reader.stringBytes()) else {
                    warnings.append(reader.warning(.invalidValue, "ignored the text member \"\(name)\" (not a number)"))
                    return
                }
                record.figures.append((name, value, location))
            default:
                try reader.skipValue(startingWith: token)
                warnings.append(.warning(.invalidValue, "ignored the member \"\(name)\" (not part of an hourly record)", at: location))
            }
        }
    }

    /// Reads `{id, label, costs: [{value, cost, resource_name}]}` after its `{`; a Rails-style
    /// single-key wrapper (`{"disk": {...}}`) is unwrapped.
    private func readItem(_ reader: JSONReader, group: String) throws -> OnAppBillingItem {
        var item = OnAppBillingItem(group: group, location: reader.location)
        var unwrapped = false
        try reader.forEachMember {
            if reader.isKey("id") {
                item.id = try identifier(reader, try reader.next(), "id")
            } else if reader.isKey("label") {
                let token = try reader.next()
                if token == .string { item.label = reader.stringValue() } else { try reader.skipValue(startingWith: token) }
            } else if reader.isKey("costs") {
                let token = try reader.next()
                if token == .null { return }
                guard token == .beginArray else {
                    throw reader.mismatch(expected: "costs as an array of {value, cost, resource_name}", found: token)
                }
                try reader.forEachElement { element in
                    guard element == .beginObject else {
                        throw reader.mismatch(expected: "a cost row {value, cost, resource_name}", found: element)
                    }
                    item.costs.append(try readCostRow(reader))
                }
            } else if !unwrapped, item.id == nil, item.costs.isEmpty {
                let token = try reader.next()
                guard token == .beginObject else {
                    try reader.skipValue(startingWith: token)
                    return
                }
                let inner = try readItem(reader, group: group)
                (item.id, item.label, item.costs) = (inner.id, inner.label, inner.costs)
                unwrapped = true
            } else {
                try reader.skipNextValue()
            }
        }
        return item
    }

    /// Reads `{value, cost, resource_name, resource_id?}` after its `{`, in any member order.
    private func readCostRow(_ reader: JSONReader) throws -> OnAppCostRow {
        let location = reader.location
        var name: String? = nil
        var value: Number? = nil
        var cost: Number? = nil
        try reader.forEachMember {
            if reader.isKey("resource_name") {
                name = try reader.readString("the resource_name")
            } else if reader.isKey("value") {
                let token = try reader.next()
                if token != .null { value = try reader.numberOrNumericString(token, "the quantity used") }
            } else if reader.isKey("cost") {
                let token = try reader.next()
                if token != .null { cost = try reader.numberOrNumericString(token, "the cost") }
            } else {
                try reader.skipNextValue()
            }
        }
        guard let name else {
            throw Diagnostic.error(.missingField, "expected a \"resource_name\" in this cost row, found none", at: location)
        }
        return OnAppCostRow(resourceName: name, value: value, cost: cost, location: location)
    }

    private func identifier(_ reader: JSONReader, _ token: JSONToken, _ name: String) throws -> String? {
        switch token {
        case .null: return nil
        case .string: return reader.stringValue()
        case .number:
            guard let id = try reader.numberValue().exactInteger else {
                throw reader.error(.invalidNumber, "expected \(name) as a whole number")
            }
            return String(id)
        default: throw reader.mismatch(expected: "\(name) as a number", found: token)
        }
    }

    /// `{"errors": ["..."]}`, `{"errors": {"field": ["..."]}}` or `{"error": "..."}`, read after the key.
    private func providerError(_ reader: JSONReader, at location: SourceLocation) throws -> Diagnostic {
        var messages: [String] = []
        func collect(_ token: JSONToken, field: String?) throws {
            switch token {
            case .string: messages.append((field.map { $0 + " " } ?? "") + reader.stringValue())
            case .beginArray: try reader.forEachElement { try collect($0, field: field) }
            case .beginObject:
                try reader.forEachMember {
                    let name = reader.key
                    try collect(try reader.next(), field: name)
                }
            default: try reader.skipValue(startingWith: token)
            }
        }
        try collect(try reader.next(), field: nil)
        try reader.forEachMember { try reader.skipNextValue() }
        try reader.expect(.endOfInput, "end of input after the error object")
        let text = messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")
        return Diagnostic.error(.providerError, "onapp API error\(text)", at: location)
    }
}
