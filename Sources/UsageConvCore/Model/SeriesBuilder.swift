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
    private var isSorted = true

    /// Starts an empty series.
    public init(identity: SeriesIdentity, meta: [String: String] = [:], location: SourceLocation? = nil) {
        self.identity = identity
        self.meta = meta
        self.location = location
    }

    /// The number of points appended so far.
    public var count: Int { times.count }

    /// The times appended so far, in input order (for step inference).
    public var appendedTimes: [Int64] { times }

    /// Moves every point by `delta` seconds (end labels become start labels).
    public mutating func shiftTimes(by delta: Int64) {
        for index in times.indices { times[index] += delta }
    }

    /// Appends every point of `other`, in its input order.
    public mutating func append(contentsOf other: SeriesBuilder) {
        for (time, value) in zip(other.times, other.values) { append(time: time, value: value) }
    }

    /// Reserves room for `count` points.
    public mutating func reserveCapacity(_ count: Int) {
        times.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// Appends a point in input order.
    public mutating func append(time: Int64, value: Number) {
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
    /// - Throws: `Diagnostic` when `policy` is `.error` and two points differ at one time.
    public func finish(duplicates policy: DuplicatePolicy) throws -> (series: Series, warnings: [Diagnostic]) {
        var warnings: [Diagnostic] = []
        let name = "series \(identity.resource) \(identity.metric)\(identity.direction.isEmpty ? "" : " " + identity.direction)"
        if times.isEmpty {
            warnings.append(.warning(.emptySeries, "\(name) has no points", at: location))
            return (Series(identity: identity, meta: meta), warnings)
        }
        if isSorted {
            // Strictly increasing as appended: no sort, no duplicates, no copy.
            return (Series(identity: identity, times: times, values: values, meta: meta), warnings)
        }
        var sortedTimes = times
        var sortedValues = values
        if !isSorted {
            let order = times.indices.sorted { a, b in
                times[a] != times[b] ? times[a] < times[b] : a < b
            }
            sortedTimes = order.map { times[$0] }
            sortedValues = order.map { values[$0] }
            let wasOutOfOrder = zip(times, times.dropFirst()).contains { $0 > $1 }
            if wasOutOfOrder {
                warnings.append(.warning(.outOfOrder, "\(name) has points out of time order; they were sorted", at: location))
            }
        }
        var outTimes: [Int64] = []
        var outValues: [Number] = []
        outTimes.reserveCapacity(sortedTimes.count)
        outValues.reserveCapacity(sortedTimes.count)
        var identical = 0
        var differing = 0
        var firstDuplicate: Int64? = nil
        for index in sortedTimes.indices {
            let time = sortedTimes[index]
            let value = sortedValues[index]
            guard let lastTime = outTimes.last, lastTime == time else {
                outTimes.append(time)
                outValues.append(value)
                continue
            }
            if firstDuplicate == nil { firstDuplicate = time }
            let kept = outValues[outValues.count - 1]
            if kept == value {
                identical += 1
                continue
            }
            differing += 1
            switch policy {
            case .error:
                throw Diagnostic.error(
                    .duplicateTimestamp,
                    "\(name) has two different values at \(UnixTime.iso8601(time)): \(kept) and \(value)",
                    at: location
                )
            case .first: break
            case .last: outValues[outValues.count - 1] = value
            case .max: if value > kept { outValues[outValues.count - 1] = value }
            case .sum: outValues[outValues.count - 1] = kept + value
            }
        }
        if let firstDuplicate {
            var parts: [String] = []
            if identical > 0 { parts.append("\(identical) identical collapsed") }
            if differing > 0 {
                parts.append("\(differing) differing resolved by keeping the \(policy.rawValue == "sum" ? "sum" : policy.rawValue)")
            }
            warnings.append(
                .warning(
                    .duplicateTimestamp,
                    "\(name) has \(identical + differing) duplicate timestamps (first at \(UnixTime.iso8601(firstDuplicate))): \(parts.joined(separator: ", "))",
                    at: location
                )
            )
        }
        return (Series(identity: identity, times: outTimes, values: outValues, meta: meta), warnings)
    }
}
