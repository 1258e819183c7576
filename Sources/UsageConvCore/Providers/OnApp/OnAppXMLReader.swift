/// Reads OnApp's Rails-style XML (`<vm_stats type="array"><vm_hourly_stat>...`) into
/// `OnAppRecord`s, one record at a time, for `OnAppSeriesMapping`.
///
/// Types come from attributes and are checked, not trusted: `type="integer"` may hold `1.0`
/// (accepted when integral, `1.5` is an error), `decimal`/`float` money stays exact decimal,
/// `datetime`/`dateTime` may carry an offset, `nil="true"` is null. Unknown numeric leaves become
/// their own series (as in JSON); unknown structures are skipped with a warning naming them.
struct OnAppXMLReader {
    private let xml: XMLStreamReader
    private let options: DecodeOptions

    init(source: any ByteSource, options: DecodeOptions) throws {
        xml = try XMLStreamReader(source: source)
        self.options = options
    }

    /// Decodes the document into series.
    ///
    /// `<errors>` is a provider error. With `--lenient`, a document that breaks off (the docs' example never closes its root) keeps its complete records, with a warning.
    func decode() throws -> DecodeResult {
        var mapping = OnAppSeriesMapping(options: options)
        var warnings: [Diagnostic] = []
        var records = 0
        do {
            guard case .start(let root, _, _, let rootIsEmpty)? = try xml.next() else {
                throw Diagnostic.error(.malformedInput, "expected an XML root element, found none", at: xml.location)
            }
            if root == "errors" { throw try providerError(rootIsEmpty: rootIsEmpty) }
            guard ["vm_stats", "vm_hourly_stats", "net_hourly_stats", "vm_hourly_stat", "vm_stat", "net_hourly_stat"].contains(root) else {
                throw Diagnostic.error(
                    .wrongType,
                    "expected an OnApp root <vm_stats> or <vm_hourly_stats>, found <\(root)>",
                    at: xml.location
                )
            }
            // The root is a list of records, or (storage servers, load balancers) itself one record.
            var rootRecord = OnAppRecord(kind: root, location: xml.location)
            var rootIsRecord = false
            if !rootIsEmpty {
                while let event = try xml.next() {
                    switch event {
                    case .start(let name, let type, let isNil, let isEmpty):
                        if OnAppStatsDecoder.wrappers.contains(name) && !isNil {
                            var record = OnAppRecord(kind: name, location: xml.line)
                            if !isEmpty { try readRecordBody(into: &record, warnings: &warnings) }
                            try mapping.add(record)
                            records += 1
                        } else {
                            rootIsRecord = true
                            try readMember(name: name, type: type, isNil: isNil, isEmpty: isEmpty, into: &rootRecord, warnings: &warnings)
                        }
                    case .text(let text):
                        if !text.allSatisfy(\.isWhitespace) {
                            warnings.append(.warning(.invalidValue, "ignored text directly inside <\(root)>", at: xml.location))
                        }
                    case .end:
                        break
                    }
                }
            }
            if rootIsRecord {
                try mapping.add(rootRecord)
                records += 1
            }
            guard try xml.next() == nil else {
                throw Diagnostic.error(.malformedInput, "expected the end of the document after the root", at: xml.location)
            }
        } catch let diagnostic as Diagnostic
            where options.lenient && (diagnostic.code == .malformedInput || diagnostic.code == .truncatedInput) && records > 0
        {
            var warning = diagnostic
            warning.severity = .warning
            warning.code = .lenientRecovery
            warning.message = diagnostic.message + "; converted the \(records) complete records before it"
            warnings.append(warning)
        }
        var result = try mapping.finish()
        result.warnings = warnings + result.warnings
        return result
    }

    /// Reads a record's children up to its end tag.
    private func readRecordBody(into record: inout OnAppRecord, warnings: inout [Diagnostic]) throws {
        while let event = try xml.next() {
            switch event {
            case .start(let name, let type, let isNil, let isEmpty):
                try readMember(name: name, type: type, isNil: isNil, isEmpty: isEmpty, into: &record, warnings: &warnings)
            case .text:
                continue
            case .end:
                return
            }
        }
    }

    /// Reads one member element of a record (its start tag was just read).
    private func readMember(
        name: String,
        type: String?,
        isNil: Bool,
        isEmpty: Bool,
        into record: inout OnAppRecord,
        warnings: inout [Diagnostic]
    ) throws {
        let location = xml.line
        if name == "billing_stats" {
            if !isEmpty && !isNil { try readBillingStats(into: &record, warnings: &warnings) }
            return
        }
        if OnAppRecord.bookkeeping.contains(name) {
            if !isEmpty { try skipElement() }
            return
        }
        guard let text = try leafText(name: name, isEmpty: isEmpty, warnings: &warnings) else { return }
        switch name {
        case "stat_time":
            if isNil { return }
            if record.statTime != nil {
                throw Diagnostic.error(
                    .duplicateKey,
                    "expected <stat_time> once in a <\(record.kind)> record, found it twice",
                    at: xml.location
                )
            }
            guard let time = UnixTime.parseISO8601(Array(text.utf8)) else {
                throw Diagnostic.error(
                    .invalidTimestamp,
                    "expected stat_time as an ISO 8601 time such as 2013-05-01T00:00:00Z, found \(InputQuote.quote(Array(text.utf8), limit: 40))",
                    at: xml.location
                )
            }
            record.statTime = time
        case "currency_code":
            record.currency = isNil || text.isEmpty ? nil : text
        case _ where OnAppRecord.identifiers.contains(name):
            record.setIdentifier(name, to: isNil ? nil : try integerText(text, name: name))
        default:
            // The JSON twin refuses a duplicate key; the XML form refuses the same data the same way.
            if record.figures.contains(where: { $0.name == name }) {
                throw Diagnostic.error(
                    .duplicateKey,
                    "expected <\(name)> once in a <\(record.kind)> record, found it twice",
                    at: xml.location
                )
            }
            if isNil {
                record.figures.append((name, nil, location))
            } else if let value = try number(text, type: type, name: name) {
                record.figures.append((name, value, location))
            } else {
                let what = text.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) ? "it holds no number" : "not a number"
                warnings.append(.warning(.invalidValue, "ignored the element <\(name)> (\(what))", at: location))
            }
        }
    }

    /// `<billing_stats><disks type="array"><disk>...</disk></disks>...</billing_stats>`.
    private func readBillingStats(into record: inout OnAppRecord, warnings: inout [Diagnostic]) throws {
        while let event = try xml.next() {
            guard case .start(let group, _, let isNil, let isEmpty) = event else {
                if event == .end { return }
                continue
            }
            if isEmpty || isNil { continue }
            while let itemEvent = try xml.next() {
                guard case .start(let itemName, _, let itemNil, let itemEmpty) = itemEvent else {
                    if itemEvent == .end { break }
                    continue
                }
                var item = OnAppBillingItem(group: group, location: xml.line)
                if itemNil || itemEmpty {
                    warnings.append(.warning(.invalidValue, "ignored an empty <\(itemName)> in <\(group)>", at: item.location))
                    continue
                }
                try readItem(into: &item, warnings: &warnings)
                record.items.append(item)
            }
        }
    }

    /// `<disk><id type="integer">1</id><label nil="true"/><costs type="array"><cost>...</cost></costs></disk>`.
    private func readItem(into item: inout OnAppBillingItem, warnings: inout [Diagnostic]) throws {
        while let event = try xml.next() {
            guard case .start(let name, _, let isNil, let isEmpty) = event else {
                if event == .end { return }
                continue
            }
            switch name {
            case "id":
                let text = try leafText(name: name, isEmpty: isEmpty, warnings: &warnings) ?? ""
                item.id = isNil ? nil : try integerText(text, name: "id")
            case "label":
                let text = try leafText(name: name, isEmpty: isEmpty, warnings: &warnings)
                item.label = isNil ? nil : text
            case "costs":
                if isEmpty || isNil { continue }
                while let rowEvent = try xml.next() {
                    guard case .start(let rowName, _, let rowNil, let rowEmpty) = rowEvent else {
                        if rowEvent == .end { break }
                        continue
                    }
                    if rowNil || rowEmpty {
                        // The docs' edge-server page has empty <cost></cost> placeholders.
                        warnings.append(.warning(.invalidValue, "ignored an empty <\(rowName)> cost row", at: xml.line))
                        continue
                    }
                    if let row = try readCostRow(warnings: &warnings) { item.costs.append(row) }
                }
            default:
                if !isEmpty { try skipElement() }
            }
        }
    }

    /// `<cost><value type="integer">1.0</value><cost type="float">0.0</cost><resource_name>...</resource_name></cost>`,
    /// members in any order.
    private func readCostRow(warnings: inout [Diagnostic]) throws -> OnAppCostRow? {
        let location = xml.line
        var name: String? = nil
        var value: Number? = nil
        var cost: Number? = nil
        while let event = try xml.next() {
            guard case .start(let member, let type, let isNil, let isEmpty) = event else {
                if event == .end { break }
                continue
            }
            let text = try leafText(name: member, isEmpty: isEmpty, warnings: &warnings) ?? ""
            if isNil { continue }
            switch member {
            case "resource_name": name = text
            case "value": value = try requireNumber(text, type: type, name: "value")
            case "cost": cost = try requireNumber(text, type: type, name: "cost")
            default: continue
            }
        }
        guard let name, !name.isEmpty else {
            var at = xml.location
            at.line = location.line
            throw Diagnostic.error(.missingField, "expected a <resource_name> in this cost row, found none", at: at)
        }
        return OnAppCostRow(resourceName: name, value: value, cost: cost, location: location)
    }

    /// The text of a leaf element up to its end tag; nested elements are skipped with a warning.
    private func leafText(name: String, isEmpty: Bool, warnings: inout [Diagnostic]) throws -> String? {
        if isEmpty { return "" }
        var text = ""
        while let event = try xml.next() {
            switch event {
            case .text(let part): text = text.isEmpty ? part : text + part
            case .end: return text.trimmingWhitespace()
            case .start(let inner, _, _, let innerEmpty):
                warnings.append(.warning(.invalidValue, "ignored the element <\(inner)> inside <\(name)>", at: xml.location))
                if !innerEmpty { try skipElement() }
            }
        }
        return nil
    }

    /// Skips to the end of the element whose start tag was just read.
    private func skipElement() throws {
        var depth = 1
        while depth > 0, let event = try xml.next() {
            switch event {
            case .start(_, _, _, let isEmpty): if !isEmpty { depth += 1 }
            case .end: depth -= 1
            case .text: continue
            }
        }
    }

    private func integerText(_ text: String, name: String) throws -> String {
        guard let value = Number.parseText(text), let integer = value.exactInteger else {
            let location = xml.location
            throw Diagnostic.error(
                .invalidNumber,
                "expected <\(name)> as a whole number, found \(InputQuote.quote(Array(text.utf8), limit: 40))",
                at: location
            )
        }
        return String(integer)
    }

    /// A number from element text, checked against its `type`; nil for non-numeric text in an untyped element.
    private func number(_ text: String, type: String?, name: String) throws -> Number? {
        if type == nil || type == "string" {
            return Number.parseText(text)
        }
        return try requireNumber(text, type: type, name: name)
    }

    /// Errors are located at the element just read (its end tag's line and path).
    private func requireNumber(_ text: String, type: String?, name: String) throws -> Number {
        guard let value = Number.parseText(text) else {
            throw Diagnostic.error(
                .invalidNumber,
                "expected <\(name)> as a number\(type.map { " (type=\"\($0)\")" } ?? ""), found \(InputQuote.quote(Array(text.utf8), limit: 40))",
                at: xml.location
            )
        }
        if type == "integer", value.exactInteger == nil {
            throw Diagnostic.error(
                .invalidNumber,
                "expected <\(name)> type=\"integer\" to hold a whole number, found \(value)",
                at: xml.location
            )
        }
        return value
    }

    /// `<errors><error>Resource not found</error></errors>`, read after the root's start tag.
    private func providerError(rootIsEmpty: Bool) throws -> Diagnostic {
        let location = xml.location
        var messages: [String] = []
        var current = ""
        if !rootIsEmpty {
            var depth = 1
            while depth > 0, let event = try xml.next() {
                switch event {
                case .start(_, _, _, let isEmpty): if !isEmpty { depth += 1 }
                case .text(let text): current += text
                case .end:
                    depth -= 1
                    let trimmed = current.trimmingWhitespace()
                    if !trimmed.isEmpty { messages.append(trimmed) }
                    current = ""
                }
            }
        }
        let text = messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")
        return Diagnostic.error(.providerError, "onapp API error\(text)", at: location)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func trimmingWhitespace() -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if !blank(first) && !blank(last) { return self }
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !" \t\r\n".utf8.contains($0) }),
            let last = bytes.lastIndex(where: { !" \t\r\n".utf8.contains($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
