/// Collects a decoder's points and turns them into a canonical `Series`: sorted, unique times.
public struct SeriesBuilder: Sendable {
    /// The identity of the series being built.
    public var identity: SeriesIdentity
    /// Metadata to attach.
    public var meta: [String: String]
    /// Where the series came from, for the warnings it produces.
    public var location: SourceLocation?

    private var times: [Int64] = []
    private var values: [Number] = []
    private var labels: [String: [String]] = [:]
    private var isSorted = true
    private var nullTimes: [Int64] = []
    private var nullsWithoutTime = 0

    /// Starts an empty series.
    public init(identity: SeriesIdentity, meta: [String: String] = [:], location: SourceLocation? = nil) {
        self.identity = identity
        self.meta = meta
        self.location = location
    }

    /// The number of points appended so far.
    public var count: Int { times.count }

    /// The number of null values met so far (`appendNull`).
    public var nullCount: Int { nullTimes.count + nullsWithoutTime }

    /// Records a sample whose value is `null`: a missing point, never a zero (DESIGN.md section 6).
    ///
    /// No row is made; `finish` reports the count in one warning located at the series, and the
    /// time (when the sample has one) stays on the series as `Series.nullTimes`, so `stats`
    /// counts it missing even at either end of the series.
    public mutating func appendNull(time: Int64?) {
        if let time { nullTimes.append(time) } else { nullsWithoutTime += 1 }
    }

    /// Appends a point with per-point labels (`["billed": "Yes"]`); all points of a series must
    /// carry the same label names.
    public mutating func append(time: Int64, value: Number, labels pointLabels: [String: String]) {
        for key in pointLabels.keys where labels[key] == nil {
            labels[key] = [String](repeating: "", count: times.count)
        }
        for key in labels.keys { labels[key]?.append(pointLabels[key] ?? "") }
        if let last = lastTime, time <= last { markUnsorted() }
        appendUnchecked(time: time, value: value)
    }

    /// The values appended so far, in input order.
    public var appendedValues: [Number] { values }

    /// The times appended so far, in input order (for step inference).
    public var appendedTimes: [Int64] { times }

    /// Every sample's time, null ones included, sorted (for step inference: a null sample still
    /// marks a slot on the provider's grid).
    public var sampleTimes: [Int64] { nullTimes.isEmpty ? times : (times + nullTimes).sorted() }

    /// Moves every point by `delta` seconds (end labels become start labels).
    public mutating func shiftTimes(by delta: Int64) {
        for index in times.indices { times[index] += delta }
        for index in nullTimes.indices { nullTimes[index] += delta }
    }

    /// Appends every point of `other`, in its input order.
    public mutating func append(contentsOf other: SeriesBuilder) {
        for index in other.times.indices {
            let pointLabels = other.labels.mapValues { $0[index] }
            if pointLabels.isEmpty {
                append(time: other.times[index], value: other.values[index])
            } else {
                append(time: other.times[index], value: other.values[index], labels: pointLabels)
            }
        }
        nullTimes += other.nullTimes
        nullsWithoutTime += other.nullsWithoutTime
    }

    /// Reserves room for `count` points.
    public mutating func reserveCapacity(_ count: Int) {
        times.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// Appends a point in input order.
    public mutating func append(time: Int64, value: Number) {
        if !labels.isEmpty {
            for key in labels.keys { labels[key]?.append("") }
        }
        if let last = lastTime, time <= last { markUnsorted() }
        appendUnchecked(time: time, value: value)
    }

    var lastTime: Int64? { times.last }

    mutating func markUnsorted() { isSorted = false }

    mutating func appendUnchecked(time: Int64, value: Number) {
        times.append(time)
        values.append(value)
    }

    /// Sorts, resolves duplicate times by `policy`, and reports what it did as warnings.
    ///
    /// - Parameters:
    ///   - policy: what two different values at one time become (`--on-duplicate`).
    ///   - reportIdentical: whether duplicates that all carry the same value are worth a
    ///     warning (in one dump yes; across overlapping archived dumps no).
    /// - Throws: `Diagnostic` when `policy` is `.error` and two points differ at one time.
    public func finish(duplicates policy: DuplicatePolicy, reportIdentical: Bool = true) throws -> (series: Series, warnings: [Diagnostic])
    {
        var warnings: [Diagnostic] = []
        let direction = identity.direction.isEmpty ? "" : " " + identity.direction
        let name = "series \(identity.resource) \(identity.metric)\(direction)"
        let missing = Array(Set(nullTimes).subtracting(times)).sorted()
        if nullCount > 0 {
            let first = nullTimes.min().map { " (first at \(UnixTime.iso8601($0)))" } ?? ""
            let values = nullCount == 1 ? "1 null value" : "\(nullCount) null values"
            warnings.append(
                .warning(.nullValue, "\(name) has \(values)\(first): left out as missing points, not zeros", at: location)
            )
        }
        if times.isEmpty {
            warnings.append(.warning(.emptySeries, "\(name) has no points", at: location))
            var empty = Series(identity: identity, meta: meta, labels: labels)
            empty.origin = location
            empty.nullTimes = missing
            return (empty, warnings)
        }
        if isSorted {
            // Strictly increasing as appended: no sort, no duplicates, no copy.
            var series = Series(identity: identity, times: times, values: values, meta: meta, labels: labels)
            series.origin = location
            series.nullTimes = missing
            return (series, warnings)
        }
        let order = times.indices.sorted { a, b in
            times[a] != times[b] ? times[a] < times[b] : a < b
        }
        if zip(times, times.dropFirst()).contains(where: { $0 > $1 }) {
            warnings.append(.warning(.outOfOrder, "\(name) has points out of time order; they were sorted", at: location))
        }
        // For each output point: the input index whose labels it keeps, and its value.
        var kept: [Int] = []
        var outTimes: [Int64] = []
        var outValues: [Number] = []
        kept.reserveCapacity(order.count)
        var identical = 0
        var differing = 0
        var firstDuplicate: Int64? = nil
        for index in order {
            let time = times[index]
            let value = values[index]
            guard let lastTime = outTimes.last, lastTime == time else {
                outTimes.append(time)
                outValues.append(value)
                kept.append(index)
                continue
            }
            if firstDuplicate == nil { firstDuplicate = time }
            let last = outValues.count - 1
            let previous = outValues[last]
            if previous == value {
                identical += 1
                continue
            }
            differing += 1
            switch policy {
            case .error:
                throw Diagnostic.error(
                    .duplicateTimestamp,
                    "\(name) has two different values at \(UnixTime.iso8601(time)): \(previous) and \(value)",
                    at: location
                )
            case .first: break
            case .last:
                outValues[last] = value
                kept[last] = index
            case .max:
                if value > previous {
                    outValues[last] = value
                    kept[last] = index
                }
            case .sum:
                outValues[last] = previous + value
                kept[last] = index
            }
        }
        if let firstDuplicate, reportIdentical || differing > 0 {
            var parts: [String] = []
            if identical > 0 { parts.append("\(identical) identical collapsed") }
            if differing > 0 { parts.append("\(differing) differing resolved by keeping the \(policy.rawValue)") }
            let first = UnixTime.iso8601(firstDuplicate)
            warnings.append(
                .warning(
                    .duplicateTimestamp,
                    "\(name) has \(identical + differing) duplicate timestamps (first at \(first)): \(parts.joined(separator: ", "))",
                    at: location
                )
            )
        }
        let outLabels = labels.mapValues { column in kept.map { column[$0] } }
        var series = Series(identity: identity, times: outTimes, values: outValues, meta: meta, labels: outLabels)
        series.origin = location
        series.nullTimes = missing
        return (series, warnings)
    }
}
