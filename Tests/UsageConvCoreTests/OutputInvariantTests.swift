import Foundation
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// DESIGN.md section 3's invariant of every output: no two rows with the same series identity and
/// time, and rows sorted by identity, then time, whatever the fixture, `--resample`, `--tz` and `--to`.
struct OutputInvariantTests {
    /// A row's identity as every row format shows it, and its time.
    struct RowKey: Comparable, CustomStringConvertible {
        var fields: [String]  // source, resource, metric, direction, unit
        var step: Int64
        var time: Int64

        static func < (a: RowKey, b: RowKey) -> Bool {
            for (x, y) in zip(a.fields, b.fields) where x != y { return x.utf8.lexicographicallyPrecedes(y.utf8) }
            if a.step != b.step { return a.step < b.step }
            return a.time < b.time
        }

        static func == (a: RowKey, b: RowKey) -> Bool { a.fields == b.fields && a.step == b.step && a.time == b.time }

        var description: String { (fields + [String(step), UnixTime.iso8601(time)]).joined(separator: ",") }
    }

    static let providers = ["baishan", "interserver", "onapp", "surfercloud", "swiftfederation"]

    /// Every fixture of a provider, and each provider's fixtures all at once (overlapping archived
    /// windows, the same series from several dumps).
    static let inputNames: [String] = providers.flatMap { provider in
        TestPaths.fixtureFiles(in: provider).filter { !$0.hasSuffix(".args") && !$0.hasSuffix(".md") } + ["all of \(provider)"]
    }

    /// The series of an input name; fixtures the decoder refuses without flags give none.
    static func series(of name: String) -> [Series] {
        let paths = name.hasPrefix("all of ") ? TestPaths.fixtureFiles(in: String(name.dropFirst("all of ".count))) : [name]
        return paths.flatMap { path in
            let full = TestPaths.root.appendingPathComponent(path).path
            return (try? InputDecoding.decode(path: full, format: nil, options: DecodeOptions()))?.series ?? []
        }
    }

    static var zones: [ZoneRules] {
        [.utc] + ((try? ZoneRules(identifier: "Europe/Berlin")).map { [$0] } ?? [])
    }

    static let intervals: [CalendarInterval?] = [
        nil, CalendarInterval(1, .hours), CalendarInterval(1, .days), CalendarInterval(1, .weeks), CalendarInterval(1, .months),
    ]

    /// The rows of one encoded output, in output order; nil for a format this test cannot read.
    static func rows(of bytes: [UInt8], format: OutputFormat) throws -> [RowKey]? {
        switch format.rawValue {
        case "csv", "tsv":
            let table = format.rawValue == "csv" ? csvRecords(bytes) : tsvRecords(bytes)
            guard let header = table.first else { return [] }
            let column = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
            return try table.dropFirst().map { row in
                func field(_ name: String) throws -> String { try #require(column[name].map { row[$0] }) }
                return RowKey(
                    fields: try ["source", "resource", "metric", "direction", "unit"].map(field),
                    step: try #require(Int64(try field("step"))),
                    time: try #require(UnixTime.parseISO8601(Array(try field("time").utf8)))
                )
            }
        case "ndjson":
            return try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
                let object = try JSONValueParser.parse(Array(line.utf8))
                return try key(object, time: try #require(object["time"]))
            }
        case "json":
            let document = try JSONValueParser.parse(bytes)
            var keys: [RowKey] = []
            for series in try #require(document["series"]?.arrayValue) {
                for time in try #require(series["time"]?.arrayValue) { keys.append(try key(series, time: time)) }
            }
            return keys
        default:
            return nil
        }
    }

    /// The samples of a time-series database format (`openmetrics`, `influx`), in output order.
    ///
    /// Each is (series key, time); nil for other formats. These group by metric family or
    /// measurement, not by the row order above, so only uniqueness and time order within a
    /// series apply.
    static func samples(of bytes: [UInt8], format: OutputFormat) -> [(key: String, time: Int64)]? {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        switch format.rawValue {
        case "openmetrics":
            // `name{labels} value timestamp`; a label value may hold a space, so the sample is split
            // from the end: the last two fields are value and time.
            return lines.filter { !$0.hasPrefix("#") }.compactMap { line in
                let fields = line.split(separator: " ")
                guard fields.count >= 3, let time = Int64(fields[fields.count - 1]) else { return nil }
                return (fields.dropLast(2).joined(separator: " "), time)
            }
        case "influx":
            // `measurement,tags fields timestamp`: the series key is everything before the first
            // unescaped space; the timestamp is the last field.
            return lines.compactMap { line in
                var key = ""
                var escaped = false
                for ch in line {
                    if !escaped && ch == " " { break }
                    escaped = !escaped && ch == "\\"
                    key.append(ch)
                }
                guard let last = line.split(separator: " ").last, let time = Int64(last) else { return nil }
                return (key, time)
            }
        default:
            return nil
        }
    }

    static func key(_ object: JSONValue, time: JSONValue) throws -> RowKey {
        let fields = try ["source", "resource", "metric", "direction", "unit"].map { try #require(object[$0]?.stringValue) }
        let step = try #require(object["step"]?.numberValue?.exactInteger)
        let seconds: Int64
        if let text = time.stringValue {
            seconds = try #require(UnixTime.parseISO8601(Array(text.utf8)))
        } else {
            seconds = try #require(time.numberValue?.exactInteger)
        }
        return RowKey(fields: fields, step: step, time: seconds)
    }

    /// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
    static func csvRecords(_ bytes: [UInt8]) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(c)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == UInt8(ascii: "\"") {
                quoted = true
            } else if c == UInt8(ascii: ",") {
                record.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                if c == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                record.append(String(decoding: field, as: UTF8.self))
                records.append(record)
                record = []
                field = []
            } else {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(String(decoding: field, as: UTF8.self))
            records.append(record)
        }
        return records
    }

    /// TSV records (`\t`, `\n`, `\r`, `\\` escapes undone).
    static func tsvRecords(_ bytes: [UInt8]) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { cell in
                var out = ""
                var escaped = false
                for ch in cell {
                    if escaped {
                        out.append(ch == "t" ? "\t" : ch == "n" ? "\n" : ch == "r" ? "\r" : ch)
                        escaped = false
                    } else if ch == "\\" {
                        escaped = true
                    } else {
                        out.append(ch)
                    }
                }
                return out
            }
        }
    }

    /// Whether the keys are strictly increasing (sorted, and so no two alike); the first offence.
    static func firstOffence(_ keys: [RowKey]) -> (RowKey, RowKey)? {
        zip(keys, keys.dropFirst()).first { !($0 < $1) }
    }

    @Test(arguments: inputNames)
    func everyFixtureResampledAndEncodedHasUniqueSortedRows(_ name: String) throws {
        let merged = try SeriesMerger.merge(Self.series(of: name), duplicates: .last).series
        for interval in Self.intervals {
            for zone in interval == nil ? [ZoneRules.utc] : Self.zones {
                var plan = TransformPlan()
                if let interval { plan.resample = try BucketGrid(interval: interval, zone: zone) }
                let output = try plan.apply(to: merged).series
                let label = "\(name) --resample \(interval?.description ?? "none") --tz \(zone.identifier)"
                // What every encoder is given: one series per row identity, in order, each sorted.
                let given = output.flatMap { s in
                    s.times.map {
                        RowKey(
                            fields: [s.identity.source, s.identity.resource, s.identity.metric, s.identity.direction, s.identity.unit],
                            step: s.identity.step,
                            time: $0
                        )
                    }
                }
                if let (a, b) = Self.firstOffence(given) { Issue.record("\(label): series hold \(a) then \(b)") }
                var formatsRead: Set<String> = []
                // A database is no stream (its primary key (series, time) keeps rows unique);
                // FOCUS rows are charges, not points (FocusBillingTests, FocusOutputTests).
                for format in OutputFormat.allCases where !format.isDatabase && !format.isBillingView {
                    let sink = MemorySink()
                    try format.encoder(options: EncodeOptions()).encode(output, warnings: [], to: sink)
                    if let samples = Self.samples(of: sink.bytes, format: format) {
                        formatsRead.insert(format.rawValue)
                        var last: [String: Int64] = [:]
                        for (key, time) in samples {
                            if let previous = last[key], previous >= time {
                                Issue.record("\(label) --to \(format.rawValue): \(key) at \(previous) then \(time)")
                                break
                            }
                            last[key] = time
                        }
                        continue
                    }
                    // Formats this test cannot read (binary ones) get the series checked above.
                    guard let rows = try Self.rows(of: sink.bytes, format: format) else { continue }
                    formatsRead.insert(format.rawValue)
                    #expect(rows.count == given.count, "\(label) --to \(format.rawValue)")
                    if let (a, b) = Self.firstOffence(rows) {
                        Issue.record("\(label) --to \(format.rawValue): row \(a) is followed by \(b)")
                    }
                }
                #expect(formatsRead.isSuperset(of: ["csv", "tsv", "json", "ndjson", "openmetrics", "influx"]))
            }
        }
    }

    /// The generated InterServer dumps do hold both histories, so the case below is exercised.
    @Test func theFixturesIncludeBothInterServerHistories() {
        let steps = Set(Self.series(of: "Fixtures/interserver/vps-day.json").filter { $0.identity.kind == .amount }.map(\.identity.step))
        #expect(steps == [3600, 86_400])
    }

    /// The case the issue found: InterServer's hourly and daily history both become `traffic total
    /// B 86400` at `--resample 1d`; one day, one row.
    @Test func interServerHistoriesBecomeOneSeriesPerDay() throws {
        let path = TestPaths.root.appendingPathComponent("Fixtures/interserver/vps-day.json").path
        let decoded = try InputDecoding.decode(path: path, format: nil, options: DecodeOptions())
        let native = decoded.series.filter { $0.identity.metric == "traffic" }
        #expect(native.map(\.identity.step).sorted() == [3600, 86_400])
        var plan = TransformPlan()
        plan.resample = try BucketGrid(interval: CalendarInterval(1, .days))
        let (series, _) = try plan.apply(to: decoded.series)
        let daily = series.filter { $0.identity.metric == "traffic" }
        #expect(daily.count == 1)
        let day = try #require(native.first { $0.identity.step == 86_400 })
        let result = try #require(daily.first)
        // The provider's own daily figure wins wherever it exists; the hours fill only other days.
        for (time, value) in zip(day.times, day.values) {
            let index = try #require(result.times.firstIndex(of: time))
            #expect(result.values[index] == value)
        }
        #expect(Set(result.times).isSuperset(of: day.times))
    }

    @Test func disagreeingCompleteBucketsWarnOnce() throws {
        let base: Int64 = 1_735_689_600  // 2025-01-01T00:00:00Z
        let id = TestSeries.identity(kind: .amount, unit: "B", step: 3600)
        var dayID = id
        dayID.step = 86_400
        let hours = Series(identity: id, times: (0..<48).map { base + $0 * 3600 }, values: (0..<48).map { _ in Number(Int64(10)) })
        // Day 1 agrees with its hours (240), day 2 does not (999).
        let days = Series(identity: dayID, times: [base, base + 86_400], values: [Number(Int64(240)), Number(Int64(999))])
        var plan = TransformPlan()
        plan.resample = try BucketGrid(interval: CalendarInterval(1, .days))
        let (series, warnings) = try plan.apply(to: [hours, days])
        #expect(series.count == 1)
        #expect(series.first?.values == [Number(Int64(240)), Number(Int64(999))])
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("disagree at 1 complete point") == true, "\(warnings)")
        #expect(warnings.first?.message.contains("kept 999, the other gives 240") == true, "\(warnings)")
    }

    /// Generated hourly and daily amounts of one identity, resampled to any grid: the reconciled
    /// output has one point per time, sorted, and a complete point wherever either series had one.
    @Test func reconcilingKeepsOnePointPerTimeAndPrefersCompleteOnes() async {
        await propertyCheck(
            input: Gen.int64(in: 0...200).array(of: 0...60),
            Gen.int64(in: 0...9).array(of: 0...8),
            Gen.element(of: [
                CalendarInterval(1, .hours), CalendarInterval(1, .days), CalendarInterval(1, .weeks), CalendarInterval(1, .months),
            ]),
            Gen.bool
        ) { hourSlots, daySlots, interval, local in
            let base: Int64 = 1_735_689_600
            let id = TestSeries.identity(kind: .amount, unit: "B", step: 3600)
            var dayID = id
            dayID.step = 86_400
            func build(_ identity: SeriesIdentity, _ slots: [Int64]) -> Series {
                var builder = SeriesBuilder(identity: identity)
                for slot in slots { builder.append(time: base + slot * identity.step, value: Number(slot % 7)) }
                return (try? builder.finish(duplicates: .last).series) ?? Series(identity: identity)
            }
            let zone = local ? ((try? ZoneRules(identifier: "Europe/Berlin")) ?? .utc) : .utc
            guard let interval, let grid = try? BucketGrid(interval: interval, zone: zone) else { return }
            var plan = TransformPlan()
            plan.resample = grid
            let inputs = [build(id, hourSlots), build(dayID, daySlots)]
            guard let (series, _) = try? plan.apply(to: inputs) else {
                Issue.record("apply threw")
                return
            }
            #expect(Set(series.map(\.identity)).count == series.count)
            for s in series {
                #expect(zip(s.times, s.times.dropFirst()).allSatisfy { $0 < $1 }, "\(interval) \(zone.identifier)")
            }
            // Each input alone: wherever one of them has a complete point, so does the output.
            let output = Dictionary(series.flatMap { s in zip(s.times, s.qualities).map { ($0.0, $0.1) } }, uniquingKeysWith: { a, _ in a })
            for input in inputs {
                let alone = Resampler.resample(input, grid: grid)
                for (time, quality) in zip(alone.times, alone.qualities) where quality == .measured {
                    #expect(output[time] == .measured, "\(UnixTime.iso8601(time)) at \(interval)")
                }
            }
        }
    }
}
