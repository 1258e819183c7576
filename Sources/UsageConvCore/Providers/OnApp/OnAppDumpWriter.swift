/// Writes an `OnAppDumpPlan` as Rails-style XML or JSON, members in the order OnApp's pages show them.
enum OnAppDumpWriter {
    /// `<vm_stats type="array"><vm_hourly_stat>...` (or `net_hourly_stats`).
    ///
    /// - Throws: `Diagnostic` `.invalidValue` for an id that is not a whole number (the XML types ids as integers).
    static func xml(_ plan: OnAppDumpPlan, net: Bool) throws -> [UInt8] {
        let (root, element) = net ? ("net_hourly_stats", "net_hourly_stat") : ("vm_stats", "vm_hourly_stat")
        var out: [UInt8] = []
        out.append(text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<\(root) type=\"array\">\n")
        for key in plan.sortedKeys {
            let record = plan.records[key] ?? OnAppDumpRecord()
            out.append(text: "  <\(element)>\n")
            out.append(text: "    <stat_time type=\"datetime\">\(UnixTime.iso8601(key.time))</stat_time>\n")
            if let currency = record.currency { out.append(text: "    <currency_code>\(currency)</currency_code>\n") }
            for (name, id) in identifiers(key) {
                out.append(text: "    <\(name) type=\"integer\">\(try integer(id, name))</\(name)>\n")
            }
            for (name, value) in (record.figures.merging(record.netFigures) { a, _ in a }).sorted(by: { $0.key < $1.key }) {
                out.append(text: "    ")
                leaf(name, value, to: &out)
                out.append(0x0A)
            }
            if !record.items.isEmpty {
                out.append(text: "    <billing_stats>\n")
                for (group, items) in grouped(record.items) {
                    let itemName = OnAppDumpEncoder.itemElement[group] ?? group
                    out.append(text: "      <\(group) type=\"array\">\n")
                    for item in items {
                        out.append(text: "        <\(itemName)>\n")
                        if item.id != "?" { out.append(text: "          <id type=\"integer\">\(try integer(item.id, "id"))</id>\n") }
                        if let label = item.label {
                            out.append(text: "          <label>\(escaped(label))</label>\n")
                        } else {
                            out.append(text: "          <label nil=\"true\"/>\n")
                        }
                        out.append(text: "          <costs type=\"array\">\n")
                        for row in item.rows {
                            out.append(text: "            <cost>\n")
                            if let value = row.value {
                                out.append(text: "              ")
                                leaf("value", value, to: &out)
                                out.append(0x0A)
                            }
                            if let cost = row.cost {
                                out.append(text: "              <cost type=\"decimal\">\(cost)</cost>\n")
                            }
                            out.append(text: "              <resource_name>\(escaped(row.name))</resource_name>\n")
                            out.append(text: "            </cost>\n")
                        }
                        out.append(text: "          </costs>\n        </\(itemName)>\n")
                    }
                    out.append(text: "      </\(group)>\n")
                }
                out.append(text: "    </billing_stats>\n")
            }
            out.append(text: "  </\(element)>\n")
        }
        out.append(text: "</\(root)>\n")
        return out
    }

    /// `[{"vm_hourly_stat": {...}}, ...]` (or `net_hourly_stat`).
    static func json(_ plan: OnAppDumpPlan, net: Bool) -> [UInt8] {
        let element = net ? "net_hourly_stat" : "vm_hourly_stat"
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, key) in plan.sortedKeys.enumerated() {
            let record = plan.records[key] ?? OnAppDumpRecord()
            out.append(text: index == 0 ? "\n{\"\(element)\":{\"stat_time\":" : ",\n{\"\(element)\":{\"stat_time\":")
            out.append(isoTime: key.time)
            if let currency = record.currency {
                out.append(text: ",\"currency_code\":")
                out.append(jsonString: currency)
            }
            for (name, id) in identifiers(key) {
                out.append(text: ",")
                JSONText.writeKey(name, to: &out)
                jsonIdentifier(id, to: &out)
            }
            for (name, value) in (record.figures.merging(record.netFigures) { a, _ in a }).sorted(by: { $0.key < $1.key }) {
                out.append(text: ",")
                JSONText.writeKey(name, to: &out)
                out.append(json: value)
            }
            if !record.items.isEmpty {
                out.append(text: ",\"billing_stats\":{")
                for (g, (group, items)) in grouped(record.items).enumerated() {
                    if g > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.writeKey(group, to: &out)
                    out.append(UInt8(ascii: "["))
                    for (k, item) in items.enumerated() {
                        out.append(text: k == 0 ? "{" : ",{")
                        if item.id != "?" {
                            out.append(text: "\"id\":")
                            jsonIdentifier(item.id, to: &out)
                            out.append(UInt8(ascii: ","))
                        }
                        out.append(text: "\"label\":")
                        if let label = item.label { out.append(jsonString: label) } else { out.append(text: "null") }
                        out.append(text: ",\"costs\":[")
                        for (r, row) in item.rows.enumerated() {
                            out.append(text: r == 0 ? "{" : ",{")
                            if let value = row.value {
                                out.append(text: "\"value\":")
                                out.append(json: value)
                                out.append(UInt8(ascii: ","))
                            }
                            if let cost = row.cost {
                                out.append(text: "\"cost\":")
                                out.append(json: cost)
                                out.append(UInt8(ascii: ","))
                            }
                            out.append(text: "\"resource_name\":")
                            out.append(jsonString: row.name)
                            out.append(UInt8(ascii: "}"))
                        }
                        out.append(text: "]}")
                    }
                    out.append(UInt8(ascii: "]"))
                }
                out.append(UInt8(ascii: "}"))
            }
            out.append(text: "}}")
        }
        out.append(text: plan.records.isEmpty ? "]\n" : "\n]\n")
        return out
    }

    /// The id members of a record: who it is about.
    private static func identifiers(_ key: OnAppDumpPlan.Key) -> [(String, String)] {
        var out: [(String, String)] = []
        switch key.owner {
        case .vm(let id): out.append(("virtual_machine_id", id))
        case .user(let id): out.append(("user_id", id))
        case .nobody: break
        }
        if let nic = key.nic { out.append(("network_interface_id", nic)) }
        return out
    }

    /// Items grouped by `billing_stats` member, groups in first-seen order.
    private static func grouped(_ items: [OnAppDumpItem]) -> [(String, [OnAppDumpItem])] {
        var order: [String] = []
        var byGroup: [String: [OnAppDumpItem]] = [:]
        for item in items {
            if byGroup[item.group] == nil { order.append(item.group) }
            byGroup[item.group, default: []].append(item)
        }
        return order.map { ($0, byGroup[$0] ?? []) }
    }

    /// `<name type="integer">20</name>`, or `type="decimal"` for fractions and money (`cost`, `*_cost`).
    private static func leaf(_ name: String, _ value: Number, to out: inout [UInt8]) {
        let money = name == "cost" || name.hasSuffix("_cost")
        let type = money || value.exactInteger == nil ? "decimal" : "integer"
        out.append(text: "<\(name) type=\"\(type)\">\(value)</\(name)>")
    }

    /// A whole-number id as text, or an error: the XML declares ids `type="integer"`.
    private static func integer(_ id: String, _ name: String) throws -> String {
        guard let number = Int64(id) else {
            throw Diagnostic.error(
                .invalidValue,
                "onapp XML types \(name) as an integer, and '\(id)' is none: use --form json, whose ids may be text"
            )
        }
        return String(number)
    }

    /// An id as a JSON number when whole, else as a string (the decoder reads both).
    private static func jsonIdentifier(_ id: String, to out: inout [UInt8]) {
        if let number = Int64(id), String(number) == id {
            NumberText.writeDecimal(significand: number, exponent: 0, to: &out)
        } else {
            out.append(jsonString: id)
        }
    }

    /// XML text with `&`, `<`, `>` escaped.
    private static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(c)
            }
        }
        return out
    }
}
