/// Reads OnApp's Rails-style XML (`<vm_stats type="array"><vm_hourly_stat>...`) into
/// `OnAppRecord`s, one record at a time, for `OnAppSeriesMapping`.
///
/// Types come from attributes and are checked, not trusted: `type="integer"` may hold `1.0`
/// (accepted when integral, `1.5` is an error), `decimal`/`float` money stays exact decimal,
/// `datetime`/`dateTime` may carry an offset, `nil="true"` is null. Unknown numeric leaves become
/// their own series (as in JSON); unknown structures are skipped with a warning naming them.
///
/// The reader walks `XMLStreamReader`'s compact tokens: element names arrive as ids sorted into
/// `Name` classes once per distinct name, and element text as bytes, so a record's members cost
/// no string hashing, comparison or creation beyond the strings a record keeps.
struct OnAppXMLReader {
    /// The element names (and `type` values) the reader dispatches on, as `XMLStreamReader` classes.
    enum Name: UInt8 {
        case other = 0
        /// A record wrapper (`OnAppStatsDecoder.wrappers`).
        case wrapper
        case billingStats
        /// `OnAppRecord.bookkeeping` members other than `id` and `label`.
        case bookkeeping
        case statTime
        case currencyCode
        /// `OnAppRecord.identifiers`.
        case identifier
        /// `id`: bookkeeping in a record, the item id in `billing_stats`.
        case id
        /// `label`: bookkeeping in a record, the item label in `billing_stats`.
        case label
        case costs
        case resourceName
        case value
        case cost
        /// `type="string"`.
        case typeString
        /// `type="integer"`.
        case typeInteger

        /// The class of a name, as `XMLStreamReader` asks once per distinct name.
        @Sendable static func classify(_ name: String) -> UInt8 {
            let kind: Name
            if OnAppStatsDecoder.wrappers.contains(name) {
                kind = .wrapper
            } else {
                switch name {
                case "billing_stats": kind = .billingStats
                case "stat_time": kind = .statTime
                case "currency_code": kind = .currencyCode
                case "id": kind = .id
                case "label": kind = .label
                case "costs": kind = .costs
                case "resource_name": kind = .resourceName
                case "value": kind = .value
                case "cost": kind = .cost
                case "string": kind = .typeString
                case "integer": kind = .typeInteger
                default:
                    if OnAppRecord.bookkeeping.contains(name) {
                        kind = .bookkeeping
                    } else if OnAppRecord.identifiers.contains(name) {
                        kind = .identifier
                    } else {
                        kind = .other
                    }
                }
            }
            return kind.rawValue
        }
    }

    private let xml: XMLStreamReader
    private let options: DecodeOptions

    init(source: any ByteSource, options: DecodeOptions) throws {
        xml = try XMLStreamReader(source: source, classify: Name.classify)
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
            guard let first = try xml.nextToken(), first.kind == .start else {
                throw Diagnostic.error(.malformedInput, "expected an XML root element, found none", at: xml.location)
            }
            let root = xml.name(first.name)
            if root == "errors" { throw try providerError(rootIsEmpty: first.isEmpty) }
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
            if !first.isEmpty {
                while let token = try xml.nextToken() {
                    switch token.kind {
                    case .start:
                        if token.nameClass == Name.wrapper.rawValue && !token.isNil {
                            var record = OnAppRecord(kind: xml.name(token.name), location: xml.line)
                            if !token.isEmpty { try readRecordBody(into: &record, warnings: &warnings) }
                            try mapping.add(record)
                            records += 1
                        } else {
                            rootIsRecord = true
                            try readMember(token, into: &rootRecord, warnings: &warnings)
                        }
                    case .text:
                        let text = String(decoding: xml.text(of: token), as: UTF8.self)
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
            guard try xml.nextToken() == nil else {
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
        while let token = try xml.nextToken() {
            switch token.kind {
            case .start:
                try readMember(token, into: &record, warnings: &warnings)
            case .text:
                continue
            case .end:
                return
            }
        }
    }

    /// Reads one member element of a record (its start tag was just read).
    private func readMember(_ token: XMLToken, into record: inout OnAppRecord, warnings: inout [Diagnostic]) throws {
        // The start tag's line (the text below ends at the end tag's); a location only for a figure.
        let line = xml.currentLine
        let kind = Name(rawValue: token.nameClass) ?? .other
        switch kind {
        case .billingStats:
            if !token.isEmpty && !token.isNil { try readBillingStats(into: &record, warnings: &warnings) }
            return
        case .bookkeeping, .id, .label:
            if !token.isEmpty { try skipElement() }
            return
        default:
            break
        }
        guard let text = try leafText(token, warnings: &warnings) else { return }
        switch kind {
        case .statTime:
            if token.isNil { return }
            if record.statTime != nil {
                throw Diagnostic.error(
                    .duplicateKey,
                    "expected <stat_time> once in a <\(record.kind)> record, found it twice",
                    at: xml.location
                )
            }
            guard let time = UnixTime.parseCanonicalUTC(text.span) ?? UnixTime.parseISO8601(text) else {
                throw Diagnostic.error(
                    .invalidTimestamp,
                    "expected stat_time as an ISO 8601 time such as 2013-05-01T00:00:00Z, found \(Self.quote(text))",
                    at: xml.location
                )
            }
            record.statTime = time
        case .currencyCode:
            record.currency = token.isNil || text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
        case .identifier:
            let name = xml.name(token.name)
            record.setIdentifier(name, to: token.isNil ? nil : try integerText(text, name: name))
        default:
            let name = xml.name(token.name)
            let location = SourceLocation(line: line)
            // The JSON twin refuses a duplicate key; the XML form refuses the same data the same way.
            if record.figures.contains(where: { $0.name == name }) {
                throw Diagnostic.error(
                    .duplicateKey,
                    "expected <\(name)> once in a <\(record.kind)> record, found it twice",
                    at: xml.location
                )
            }
            if token.isNil {
                record.figures.append((name, nil, location))
            } else if let value = try number(text, type: token.type, name: name) {
                record.figures.append((name, value, location))
            } else {
                // Trimmed text is all whitespace only when it is empty.
                let what = text.isEmpty ? "it holds no number" : "not a number"
                warnings.append(.warning(.invalidValue, "ignored the element <\(name)> (\(what))", at: location))
            }
        }
    }

    /// `<billing_stats><disks type="array"><disk>...</disk></disks>...</billing_stats>`.
    private func readBillingStats(into record: inout OnAppRecord, warnings: inout [Diagnostic]) throws {
        while let token = try xml.nextToken() {
            guard token.kind == .start else {
                if token.kind == .end { return }
                continue
            }
            if token.isEmpty || token.isNil { continue }
            let group = xml.name(token.name)
            while let itemToken = try xml.nextToken() {
                guard itemToken.kind == .start else {
                    if itemToken.kind == .end { break }
                    continue
                }
                var item = OnAppBillingItem(group: group, location: xml.line)
                if itemToken.isNil || itemToken.isEmpty {
                    warnings.append(
                        .warning(.invalidValue, "ignored an empty <\(xml.name(itemToken.name))> in <\(group)>", at: item.location)
                    )
                    continue
                }
                try readItem(into: &item, warnings: &warnings)
                record.items.append(item)
            }
        }
    }

    /// `<disk><id type="integer">1</id><label nil="true"/><costs type="array"><cost>...</cost></costs></disk>`.
    private func readItem(into item: inout OnAppBillingItem, warnings: inout [Diagnostic]) throws {
        while let token = try xml.nextToken() {
            guard token.kind == .start else {
                if token.kind == .end { return }
                continue
            }
            switch Name(rawValue: token.nameClass) ?? .other {
            case .id:
                let text = try leafText(token, warnings: &warnings) ?? []
                item.id = token.isNil ? nil : try integerText(text, name: "id")
            case .label:
                let text = try leafText(token, warnings: &warnings)
                item.label = token.isNil ? nil : text.map { String(decoding: $0, as: UTF8.self) }
            case .costs:
                if token.isEmpty || token.isNil { continue }
                while let rowToken = try xml.nextToken() {
                    guard rowToken.kind == .start else {
                        if rowToken.kind == .end { break }
                        continue
                    }
                    if rowToken.isNil || rowToken.isEmpty {
                        // The docs' edge-server page has empty <cost></cost> placeholders.
                        warnings.append(.warning(.invalidValue, "ignored an empty <\(xml.name(rowToken.name))> cost row", at: xml.line))
                        continue
                    }
                    if let row = try readCostRow(warnings: &warnings) { item.costs.append(row) }
                }
            default:
                if !token.isEmpty { try skipElement() }
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
        while let token = try xml.nextToken() {
            guard token.kind == .start else {
                if token.kind == .end { break }
                continue
            }
            let text = try leafText(token, warnings: &warnings) ?? []
            if token.isNil { continue }
            switch Name(rawValue: token.nameClass) ?? .other {
            case .resourceName: name = String(decoding: text, as: UTF8.self)
            case .value: value = try requireNumber(text, type: token.type, name: "value")
            case .cost: cost = try requireNumber(text, type: token.type, name: "cost")
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

    /// The text of a leaf element up to its end tag, without leading and trailing ASCII
    /// whitespace; nested elements are skipped with a warning.
    private func leafText(_ token: XMLToken, warnings: inout [Diagnostic]) throws -> ArraySlice<UInt8>? {
        if token.isEmpty { return [] }
        var text: ArraySlice<UInt8> = []
        while let inner = try xml.nextToken() {
            switch inner.kind {
            case .text:
                let part = xml.text(of: inner)
                text = text.isEmpty ? part : text + part
            case .end:
                return Self.trimmed(text)
            case .start:
                let message = "ignored the element <\(xml.name(inner.name))> inside <\(xml.name(token.name))>"
                warnings.append(.warning(.invalidValue, message, at: xml.location))
                if !inner.isEmpty { try skipElement() }
            }
        }
        return nil
    }

    /// `text` without leading and trailing ASCII whitespace (as `String.trimmingWhitespace()`).
    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }

    /// Skips to the end of the element whose start tag was just read.
    private func skipElement() throws {
        var depth = 1
        while depth > 0, let token = try xml.nextToken() {
            switch token.kind {
            case .start: if !token.isEmpty { depth += 1 }
            case .end: depth -= 1
            case .text: continue
            }
        }
    }

    /// Element text quoted for a message, as the text decodes (libxml2 hands over valid UTF-8).
    static func quote(_ text: ArraySlice<UInt8>) -> String {
        InputQuote.quote(Array(String(decoding: text, as: UTF8.self).utf8), limit: 40)
    }

    /// Element text as a number: plain decimals directly, the rest through the JSON number grammar
    /// (as `Number.parseText` reads the same text).
    static func parseNumber(_ text: ArraySlice<UInt8>) -> Number? {
        if let plain = Number.plainDecimal(text.span) { return plain }
        return Number.parseJSON(Array(text))
    }

    private func integerText(_ text: ArraySlice<UInt8>, name: String) throws -> String {
        // Canonical digits (no sign, no leading zero, no fraction) are their own text.
        if !text.isEmpty, text.count <= 18, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), text.first != 0x30 || text.count == 1 {
            return String(decoding: text, as: UTF8.self)
        }
        guard let value = Self.parseNumber(text), let integer = value.exactInteger else {
            let location = xml.location
            throw Diagnostic.error(
                .invalidNumber,
                "expected <\(name)> as a whole number, found \(Self.quote(text))",
                at: location
            )
        }
        return String(integer)
    }

    /// A number from element text, checked against its `type`; nil for non-numeric text in an untyped element.
    private func number(_ text: ArraySlice<UInt8>, type: Int32, name: String) throws -> Number? {
        if type < 0 || xml.nameClass(type) == Name.typeString.rawValue {
            return Self.parseNumber(text)
        }
        return try requireNumber(text, type: type, name: name)
    }

    /// Errors are located at the element just read (its end tag's line and path).
    private func requireNumber(_ text: ArraySlice<UInt8>, type: Int32, name: String) throws -> Number {
        guard let value = Self.parseNumber(text) else {
            let typeText = type < 0 ? "" : " (type=\"\(xml.name(type))\")"
            throw Diagnostic.error(
                .invalidNumber,
                "expected <\(name)> as a number\(typeText), found \(Self.quote(text))",
                at: xml.location
            )
        }
        if type >= 0, xml.nameClass(type) == Name.typeInteger.rawValue, value.exactInteger == nil {
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
