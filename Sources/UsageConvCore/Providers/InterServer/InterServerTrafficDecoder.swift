/// InterServer VPS `GET /vps/{id}/traffic_usage`: per-IP traffic samples, hourly and daily history.
///
/// Units are not documented. The samples read as **bytes per second**: the seed's mean "In" rate
/// (usage.average 3,639) times 86,400 s is about 314 MB, which matches the daily history
/// (290–440 MB/day), and InterServer's own web client labels these series "/s". `history.hour`
/// and `history.day` are byte amounts per hour and day for in + out together (`total`): the six
/// daily values (3.13 GB) fit under month in + out (3.26 GB) but not under month in alone.
/// Sample times jitter by a second and are kept as given; `step` is the typical spacing.
/// `usage`, `totals`, `times` and `last` are cross-checked against the points, never trusted.
public struct InterServerTrafficDecoder: UsageDecoder {
    /// The decoder id.
    public let id = "interserver"

    /// traffic_usage: samples are jittered by nature, so no grid check.
    public var facts: ProviderFacts {
        ProviderFacts(
            displayName: "InterServer",
            serviceName: "InterServer VPS",
            serviceCategory: "Networking",
            resourceType: "IP Address",
            schemaName: "interserver-traffic-usage",
            checksItsOwnGrid: true
        )
    }
    /// One line for `usageconv formats`.
    public let summary = "InterServer VPS traffic_usage: {data: [{name: \"<ip> In\", data: [[iso, B/s]]}], history, usage, totals}"

    /// Creates the decoder.
    public init() {}

    /// Bids on objects with `data` series named "<ip> In/Out", `history`, `totals` or `usage`.
    public func confidence(for shape: InputShape) -> Int {
        guard shape.syntax == .json, shape.has("$", .object) else { return 0 }
        var score = 0
        if shape.has("$.data[0].name", .string) && shape.has("$.data[0].data", .array) { score += 50 }
        if shape.has("$.history", .object) || shape.has("$.history", .array) { score += 20 }
        if shape.has("$.totals", .object) { score += 15 }
        if shape.has("$.usage", .object) { score += 15 }
        if score > 0 { return min(score, 98) }
        // The documented error body {"code", "message"} with a code that is not dotted (SwiftFederation's are).
        if shape.has("$.message", .string), shape.kind("$.data") == nil, shape.topLevelCount <= 3 {
            if shape.has("$.code", .string), let code = shape.scalars["$.code"], !code.contains(".") { return 70 }
            if shape.has("$.code", .number) { return 60 }
        }
        return 0
    }

    /// Decodes the dump; the 401/404 body `{code, message}` is a provider error.
    public func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodeResult {
        let reader = JSONReader(source: source, options: options.jsonReaderOptions)
        let top = try reader.next()
        guard top == .beginObject else {
            throw reader.mismatch(expected: "an InterServer traffic_usage object {\"data\": [...], \"history\": ...}", found: top)
        }
        let topLocation = reader.location
        var samples: [SeriesBuilder] = []
        var history: [(String, SeriesBuilder, [Int64]?)] = []
        var meta: [String: String] = [:]
        var usage: [String: Number] = [:]
        var totals: [String: Number] = [:]
        var advertisedTimes: [Int64]? = nil
        var errorCode: String? = nil
        var errorMessage: String? = nil
        var warnings: [Diagnostic] = []
        var memberLocations: [String: SourceLocation] = [:]
        try reader.forEachMember {
            memberLocations[reader.key] = reader.location
            if reader.isKey("data") {
                try reader.expect(.beginArray, "an array of {\"name\": \"<ip> In\", \"data\": [...]} series")
                try reader.forEachElement { token in
                    guard token == .beginObject else { throw reader.mismatch(expected: "a {name, data} series", found: token) }
                    let expected = samples.last?.count ?? 0
                    samples.append(try readSampleSeries(reader, options: options, expected: expected, warnings: &warnings))
                }
            } else if reader.isKey("history") {
                let token = try reader.next()
                switch token {
                case .beginObject:
                    history += try readHistory(reader, options: options)
                case .beginArray:
                    // The published schema says "array of objects"; every example has one object.
                    try reader.forEachElement { element in
                        guard element == .beginObject else { throw reader.mismatch(expected: "a history object", found: element) }
                        history += try readHistory(reader, options: options)
                    }
                case .null: break
                default: throw reader.mismatch(expected: "a history object {\"hour\": ..., \"day\": ...}", found: token)
                }
            } else if reader.isKey("usage") {
                usage = try JSONNumberTree.read(reader, first: try reader.next())
            } else if reader.isKey("totals") {
                totals = try JSONNumberTree.read(reader, first: try reader.next())
            } else if reader.isKey("times") {
                advertisedTimes = try readTimes(reader, expected: samples.first?.count ?? 0)
            } else if reader.isKey("code") {
                let token = try reader.next()
                if token == .string {
                    errorCode = reader.stringValue()
                } else if token == .number {
                    errorCode = String(decoding: reader.tokenText(), as: UTF8.self)
                } else {
                    try reader.skipValue(startingWith: token)
                }
            } else if reader.isKey("message") {
                let token = try reader.next()
                if token == .string { errorMessage = reader.stringValue() } else { try reader.skipValue(startingWith: token) }
            } else {
                // `last`, `name`, `target`, `interval` and any other scalar become metadata.
                try reader.readScalarMeta(into: &meta, warnings: &warnings, document: "traffic_usage")
            }
        }
        try reader.expect(.endOfInput, "end of input after the object")
        if samples.isEmpty && history.isEmpty, errorCode != nil || errorMessage != nil {
            let code = errorCode.map { "code \($0)" } ?? "an error"
            throw Diagnostic.error(.providerError, "interserver API error: \(code)\(errorMessage.map { ": \($0)" } ?? "")", at: topLocation)
        }
        warnings += reader.warnings
        // The `interval` member is the client's refresh period, not the sample step: kept as metadata only.
        let resourceName = meta["name"] ?? meta["target"] ?? "vps"
        var series: [Series] = []
        for var builder in samples {
            builder.meta.merge(meta) { own, _ in own }
            let (finished, more) = try builder.finish(duplicates: options.duplicates)
            series.append(finished)
            warnings += more
        }
        for (name, var builder, listed) in history {
            builder.identity.resource = resourceName
            builder.meta.merge(meta) { own, _ in own }
            let (finished, more) = try builder.finish(duplicates: options.duplicates)
            if let listed, listed != (finished.times + finished.nullTimes).sorted() {
                warnings.append(
                    .warning(
                        .inconsistentTotals,
                        "history.\(name).times lists \(listed.count) times that differ from its \(finished.count) data pairs; the pairs' own times were used",
                        at: builder.location
                    )
                )
            }
            series.append(finished)
            warnings += more
        }
        warnings += crossCheck(
            series: series,
            usage: usage,
            totals: totals,
            advertisedTimes: advertisedTimes,
            last: meta["last"],
            locations: memberLocations
        )
        return DecodeResult(series: series, warnings: warnings)
    }

    /// Reads `{"name": "74.50.91.46 In", "data": [[iso, value], ...]}` after its `{`.
    ///
    /// `expected` is how many pairs to make room for (the previous series' count: an IP's In and
    /// Out series have one sample per poll each).
    private func readSampleSeries(
        _ reader: JSONReader,
        options: DecodeOptions,
        expected: Int,
        warnings: inout [Diagnostic]
    ) throws -> SeriesBuilder {
        let location = reader.location
        var name: String? = nil
        var points = Pairs()
        try reader.forEachMember {
            if reader.isKey("name") {
                name = try reader.readString("the series name \"<ip> In\" or \"<ip> Out\"")
            } else if reader.isKey("data") {
                try reader.expect(.beginArray, "an array of [time, value] pairs")
                points = try readPairs(reader, expected: expected)
            } else {
                try reader.skipNextValue()
            }
        }
        guard let name else { throw Diagnostic.error(.missingField, "expected a \"name\" member in the series, found none", at: location) }
        // "<ip> In" / "<ip> Out": directions are from the VPS's point of view ("In" = into the VPS).
        var resource = name
        var direction = ""
        let parts = name.split(separator: " ")
        if parts.count >= 2, let last = parts.last?.lowercased(), last == "in" || last == "out" {
            resource = parts.dropLast().joined(separator: " ")
            direction = last
        } else {
            warnings.append(
                .warning(.invalidValue, "series name \"\(name)\" does not end in In or Out; direction left empty", at: location)
            )
        }
        let unit = options.assumedUnit ?? "B/s"
        let step = options.step ?? typicalSpacing(points.sortedSampleTimes())
        var builder = SeriesBuilder(
            identity: SeriesIdentity(
                source: id,
                resource: resource,
                metric: "bandwidth",
                direction: direction,
                unit: unit,
                kind: .rate,
                step: step,
                absent: .unknown
            ),
            meta: ["series_name": name],
            location: location
        )
        points.move(into: &builder)
        return builder
    }

    /// Reads `{"hour": {"data": [...], "times": [...]}, "day": {...}}` after its `{`.
    private func readHistory(_ reader: JSONReader, options: DecodeOptions) throws -> [(String, SeriesBuilder, [Int64]?)] {
        var out: [(String, SeriesBuilder, [Int64]?)] = []
        try reader.forEachMember {
            let name = reader.key
            let step: Int64? = name == "hour" ? 3600 : name == "day" ? 86_400 : nil
            let token = try reader.next()
            guard let step, token == .beginObject else {
                try reader.skipValue(startingWith: token)
                return
            }
            let location = reader.location
            var points = Pairs()
            var listed: [Int64]? = nil
            try reader.forEachMember {
                if reader.isKey("data") {
                    try reader.expect(.beginArray, "an array of [time, bytes] pairs")
                    points = try readPairs(reader, expected: 0)
                } else if reader.isKey("times") {
                    listed = try readTimes(reader, expected: points.times.count)
                } else {
                    try reader.skipNextValue()
                }
            }
            var builder = SeriesBuilder(
                identity: SeriesIdentity(
                    source: id,
                    resource: "",
                    metric: "traffic",
                    direction: "total",
                    unit: "B",
                    kind: .amount,
                    step: step,
                    absent: .unknown
                ),
                location: location
            )
            points.move(into: &builder)
            out.append((name, builder, listed))
        }
        return out
    }

    /// A `[[time, value]]` array as read: the points in columns, in input order, and the times
    /// whose value was null (missing samples), apart.
    struct Pairs {
        var times: [Int64] = []
        var values: [Number] = []
        var nullTimes: [Int64] = []

        /// Every sample's time, null ones included, sorted (what `typicalSpacing` reads).
        func sortedSampleTimes() -> [Int64] {
            // Samples come in time order: then the times are the answer as they are.
            if nullTimes.isEmpty && zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }) { return times }
            return (times + nullTimes).sorted()
        }

        /// Hands the points to `builder` as appending them one by one in input order would (a null
        /// sample's time is kept apart by the builder either way).
        consuming func move(into builder: inout SeriesBuilder) {
            builder.append(times: times, values: values)
            for time in nullTimes { builder.appendNull(time: time) }
        }
    }

    /// Reads `[[iso, number], ...]` after its `[`; a null value is a missing point.
    private func readPairs(_ reader: JSONReader, expected: Int) throws -> Pairs {
        var times: [Int64] = []
        var values: [Number] = []
        var nullTimes: [Int64] = []
        times.reserveCapacity(expected)
        values.reserveCapacity(expected)
        while true {
            // The common case in bulk: `["<canonical UTC>", <number>]` pairs whose value the walk
            // below would accept as is; the first other pair (null, an error) is left to it.
            reader.forEachTimeNumberPair { time, number in
                guard let value = number.exactNumber, !value.isNegative else { return false }
                times.append(time)
                values.append(value)
                return true
            }
            let token = try reader.next()
            if token == .endArray { return Pairs(times: times, values: values, nullTimes: nullTimes) }
            guard token == .beginArray else { throw reader.mismatch(expected: "a [time, value] pair", found: token) }
            let timeToken = try reader.next()
            guard timeToken == .string else {
                throw reader.mismatch(expected: "an ISO 8601 time such as \"2023-09-17T03:30:30Z\"", found: timeToken)
            }
            guard let time = reader.iso8601Value() else {
                throw reader.error(
                    .invalidTimestamp,
                    "expected an ISO 8601 time such as \"2023-09-17T03:30:30Z\", found \(InputQuote.quote(reader.stringBytes(), limit: 40))"
                )
            }
            let valueToken = try reader.next()
            switch valueToken {
            case .number:
                values.append(try reader.nonNegativeNumber("traffic value"))
                times.append(time)
            case .null: nullTimes.append(time)
            default: throw reader.mismatch(expected: "a number (or null for a missing sample)", found: valueToken)
            }
            let close = try reader.next()
            guard close == .endArray else {
                throw reader.mismatch(expected: "']' closing the pair (a pair has exactly two elements)", found: close)
            }
        }
    }

    /// Reads an array of ISO 8601 times; `expected` is how many to make room for.
    private func readTimes(_ reader: JSONReader, expected: Int) throws -> [Int64] {
        var times: [Int64] = []
        times.reserveCapacity(expected)
        try reader.expect(.beginArray, "an array of ISO 8601 times")
        while true {
            // Canonical UTC times in bulk; any other element is left to the walk below.
            reader.forEachTimeString { time in
                times.append(time)
                return true
            }
            let token = try reader.next()
            if token == .endArray { return times }
            guard token == .string, let time = reader.iso8601Value() else {
                throw reader.mismatch(expected: "an ISO 8601 time", found: token)
            }
            times.append(time)
        }
    }

    /// The median gap between sorted times, snapped to a round step within 10%; 60 s (the
    /// host agent's sampling period) when there are fewer than two points.
    func typicalSpacing(_ times: [Int64]) -> Int64 {
        guard let median = Self.lowerMedianGap(times) else { return 60 }
        for round: Int64 in [60, 300, 900, 3600, 86_400] where abs(median - round) * 10 <= round { return round }
        return median
    }

    /// The lower median of the positive gaps between consecutive `times` (the sorted gaps'
    /// element `(count - 1) / 2`); nil when there is none.
    ///
    /// Gaps take few values (the agent's period, its jitter, a few holes), so they are counted
    /// per value over their range rather than sorted: a day of samples is a few passes over an
    /// array instead of a sort of a million gaps. A range wider than 65,536 seconds is sorted.
    static func lowerMedianGap(_ times: [Int64]) -> Int64? {
        var low = Int64.max
        var high = Int64.min
        var positive = 0
        for k in times.indices.dropFirst() {
            let gap = times[k] - times[k - 1]
            guard gap > 0 else { continue }
            low = min(low, gap)
            high = max(high, gap)
            positive += 1
        }
        guard positive > 0 else { return nil }
        guard high - low < 1 << 16 else {
            let gaps = zip(times, times.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }.sorted()
            return gaps[(gaps.count - 1) / 2]
        }
        var counts = [Int](repeating: 0, count: Int(high - low) + 1)
        for k in times.indices.dropFirst() {
            let gap = times[k] - times[k - 1]
            if gap > 0 { counts[Int(gap - low)] += 1 }
        }
        var rank = (positive - 1) / 2
        var value = low
        for count in counts {
            if rank < count { break }
            rank -= count
            value += 1
        }
        return value
    }

    /// The largest value of `series`' points, the first of equal ones (as `max()` over all of
    /// them in order), without gathering them.
    static func largest(_ series: [Series]) -> Number? {
        var best: Number? = nil
        for s in series {
            for value in s.values {
                guard let current = best else {
                    best = value
                    continue
                }
                // Values of one dump share their exponent: compare significands without `<`'s alignment.
                if case .decimal(let a, let ea) = current.storage, case .decimal(let b, let eb) = value.storage, ea == eb {
                    if a < b { best = value }
                } else if current < value {
                    best = value
                }
            }
        }
        return best
    }

    /// `times` sorted without repeats: as it is when it already is (samples come in order).
    static func sortedDistinct(_ times: [Int64]) -> [Int64] {
        if zip(times, times.dropFirst()).allSatisfy({ $0 < $1 }) { return times }
        var out = times.sorted()
        var kept = 0
        for index in out.indices where kept == 0 || out[index] != out[kept - 1] {
            out[kept] = out[index]
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    /// The union of two sorted arrays without repeats, sorted without repeats (the same array
    /// when they are equal: an IP's In and Out series share their times).
    static func union(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        if a.isEmpty || a == b { return b }
        if b.isEmpty { return a }
        var out: [Int64] = []
        out.reserveCapacity(max(a.count, b.count))
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                out.append(a[i])
                i += 1
            } else if b[j] < a[i] {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
                j += 1
            }
        }
        out += a[i...]
        out += b[j...]
        return out
    }

    /// How many times two sorted arrays without repeats share.
    static func commonCount(_ a: [Int64], _ b: [Int64]) -> Int {
        var i = 0
        var j = 0
        var common = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                i += 1
            } else if b[j] < a[i] {
                j += 1
            } else {
                common += 1
                i += 1
                j += 1
            }
        }
        return common
    }

    /// Compares the payload's own summaries with the decoded points; each disagreement is a warning with both figures.
    private func crossCheck(
        series: [Series],
        usage: [String: Number],
        totals: [String: Number],
        advertisedTimes: [Int64]?,
        last: String?,
        locations: [String: SourceLocation]
    ) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        // Located at the top-level member (`usage`, `totals`, ...), with the full path of the figure.
        func warn(_ path: String, _ message: String) {
            let member = String(path.prefix { $0 != "." })
            var at = locations[member] ?? SourceLocation()
            at.path = "$." + path
            warnings.append(.warning(.inconsistentTotals, message, at: at))
        }
        let rates = series.filter { $0.identity.kind == .rate }
        for direction in ["in", "out"] {
            let points = rates.filter { $0.identity.direction == direction }
            let sampleCount = points.reduce(0) { $0 + $1.values.count }
            guard sampleCount > 0 else { continue }
            let label = direction == "in" ? "In" : "Out"
            if let peak = usage["peak.\(direction)"], let largest = Self.largest(points), peak != largest {
                warn("usage.peak.\(direction)", "usage.peak.\(direction) is \(peak) but the largest \(label) sample is \(largest)")
            }
            // With several IPs more than one series can hold a sample at the newest time; any of them will do.
            let newest = points.compactMap(\.times.last).max()
            let latest = points.compactMap { s in s.times.last == newest ? s.values.last : nil }
            if let current = usage["current.\(direction)"], let first = latest.first, !latest.contains(current) {
                warn("usage.current.\(direction)", "usage.current.\(direction) is \(current) but the latest \(label) sample is \(first)")
            }
            if let count = usage["average.\(direction).count"]?.exactInteger, count != Int64(sampleCount) {
                warn(
                    "usage.average.\(direction).count",
                    "usage.average.\(direction).count is \(count) but the dump has \(sampleCount) \(label) samples"
                )
            }
            if let total = usage["average.\(direction).total"], let count = usage["average.\(direction).count"]?.exactInteger,
                count > 0, let value = usage["average.\(direction).value"]
            {
                // InterServer's client shows ceil(total / count).
                let mean = (total.doubleValue / Double(count)).rounded(.up)
                if value.doubleValue != mean {
                    warn(
                        "usage.average.\(direction).value",
                        "usage.average.\(direction).value is \(value) but ceil(total / count) is \(Number(mean))"
                    )
                }
            }
        }
        for direction in ["in", "out"] {
            let order = ["day", "month", "year", "all"]
            for (smaller, larger) in zip(order, order.dropFirst()) {
                if let a = totals["\(smaller).\(direction)"], let b = totals["\(larger).\(direction)"], a > b {
                    warn(
                        "totals.\(smaller).\(direction)",
                        "totals.\(smaller).\(direction) (\(a)) exceeds totals.\(larger).\(direction) (\(b))"
                    )
                }
            }
        }
        // Totals are bytes and the samples B/s, each covering its step. Whatever the day boundary
        // (probably US-Eastern, PROVIDERS.md), the bytes since the VPS was created can be no fewer
        // than the samples account for, and the daily history (in + out) no more than all of both.
        for direction in ["in", "out"] {
            let points = rates.filter { $0.identity.direction == direction }
            guard !points.isEmpty, let all = totals["all.\(direction)"] else { continue }
            let bytes = points.reduce(0.0) { sum, s in
                sum
                    + s.values.reduce(0.0) { total, value in
                        // An integer's `doubleValue`, without the call.
                        if case .decimal(let integer, 0) = value.storage { return total + Double(integer) }
                        return total + value.doubleValue
                    } * Double(s.identity.step)
            }
            if all.doubleValue < bytes {
                let label = direction == "in" ? "In" : "Out"
                warn(
                    "totals.all.\(direction)",
                    "totals.all.\(direction) is \(all) B but the \(label) samples alone account for \(Number(bytes.rounded())) B "
                        + "(each sample × its step)"
                )
            }
        }
        if let allIn = totals["all.in"], let allOut = totals["all.out"],
            let daily = series.first(where: { $0.identity.kind == .amount && $0.identity.step == 86_400 })
        {
            let sum = daily.values.reduce(Number(Int64(0)), +)
            if allIn + allOut < sum {
                warn("totals.all", "history.day sums to \(sum) B, more than totals.all.in + totals.all.out (\(allIn + allOut) B)")
            }
        }
        if let advertisedTimes {
            // As sets, compared sorted: a finished series' times and null times are sorted without
            // repeats (and usually the same for every series), so no hashing of every time.
            let sampleTimes = rates.reduce(into: [Int64]()) { union, s in
                union = Self.union(Self.union(union, s.times), s.nullTimes)
            }
            let listed = Self.sortedDistinct(advertisedTimes)
            if listed != sampleTimes {
                warn(
                    "times",
                    "times lists \(advertisedTimes.count) times, but the samples have \(sampleTimes.count) distinct times (\(Self.commonCount(listed, sampleTimes)) in common); the samples' own times were used"
                )
            }
        }
        if let last, let lastTime = UnixTime.parseISO8601(Array(last.utf8)) {
            let newest = rates.compactMap(\.times.last).max()
            if let newest, newest != lastTime {
                warn("last", "last is \(last) but the newest sample is at \(UnixTime.iso8601(newest))")
            }
        }
        return warnings
    }
}
