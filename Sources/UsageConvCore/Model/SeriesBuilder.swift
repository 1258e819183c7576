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
    /// Where the points go in store mode (`nil`: the columns above, as always).
    var spool: StoredPointsSpool? = nil

    /// Starts an empty series.
    ///
    /// With a `store` (``DecodeOptions/pointStore``) the builder is in store mode: points go to the
    /// store's compact blocks (spilling past its budget) instead of growing arrays, and `finish`
    /// hands back a series whose points are ``Series/stored``. Nulls stay in memory (they are
    /// rare); a series that gets per-point labels moves back to memory (SurferCloud daily billing
    /// dumps, which are small). Copies of a store-mode builder share its stored points: append to
    /// one copy only.
    public init(identity: SeriesIdentity, meta: [String: String] = [:], location: SourceLocation? = nil, store: PointStore? = nil) {
        self.identity = identity
        self.meta = meta
        self.location = location
        if let store { spool = StoredPointsSpool(writer: PointWriter(store: store)) }
    }

    /// Sends the points to `channel` as they arrive instead of the store (``LiveSeries``), when
    /// this is a store-mode builder without points yet and the channel is not claimed already.
    ///
    /// For a decoder's series that is usually its dump's only one and arrives in time order:
    /// anything else (a second series, a point out of order, a null, labels, shifted times)
    /// abandons the channel, and the run converts the dump again through the store.
    ///
    /// - Parameter stepFallback: the fallback of the decoder's step inference, when the step is
    ///   inferred from the points; `nil` when the identity's step is final.
    mutating func stream(to channel: LiveSeries?, stepFallback: Int64?) {
        guard let channel, var stored = spool, stored.writer.count == 0, channel.claim() else { return }
        stored.writer.live = LivePageWriter(channel: channel, identity: identity, stepFallback: stepFallback)
        spool = stored
    }

    /// Whether points go to a ``PointStore``.
    public var isStoreMode: Bool { spool != nil }

    /// The number of points appended so far.
    public var count: Int { spool?.writer.count ?? times.count }

    /// The number of null values met so far (`appendNull`).
    public var nullCount: Int { nullTimes.count + nullsWithoutTime }

    /// Records a sample whose value is `null`: a missing point, never a zero (DESIGN.md section 6).
    ///
    /// No row is made; `finish` reports the count in one warning located at the series, and the
    /// time (when the sample has one) stays on the series as `Series.nullTimes`, so `stats`
    /// counts it missing even at either end of the series.
    public mutating func appendNull(time: Int64?) {
        // Finishing a series with nulls reads its points again: a live one's are gone.
        spool?.writer.live?.channel.abandon()
        if let time { nullTimes.append(time) } else { nullsWithoutTime += 1 }
    }

    /// Appends a point with per-point labels (`["billed": "Yes"]`); all points of a series must
    /// carry the same label names.
    public mutating func append(time: Int64, value: Number, labels pointLabels: [String: String]) {
        if spool != nil { leaveStore() }
        for key in pointLabels.keys where labels[key] == nil {
            labels[key] = [String](repeating: "", count: times.count)
        }
        for key in labels.keys { labels[key]?.append(pointLabels[key] ?? "") }
        if let last = lastTime, time <= last { markUnsorted() }
        appendUnchecked(time: time, value: value)
    }

    /// The values appended so far, in input order (in store mode read back from the store: all
    /// of them in memory, and empty if the store fails).
    public var appendedValues: [Number] {
        guard let spool else { return values }
        return (try? spool.points().map(\.value)) ?? []
    }

    /// The times appended so far, in input order (in store mode read back from the store: all of
    /// them in memory; store-mode callers infer steps with ``inferStep(grid:fallback:)``).
    public var appendedTimes: [Int64] {
        guard let spool else { return times }
        return (try? spool.points().map(\.time)) ?? []
    }

    /// Every sample's time, null ones included, sorted (for step inference: a null sample still
    /// marks a slot on the provider's grid).
    ///
    /// In store mode read back from the store: all of them
    /// in memory; use ``inferStep(grid:fallback:)``, which streams.
    public var sampleTimes: [Int64] {
        let times = appendedTimes
        return nullTimes.isEmpty ? times : (times + nullTimes).sorted()
    }

    /// The step of the points' spacing and how many points are off its grid (the first of them):
    /// `StepInference.infer` over ``sampleTimes``, computed without holding the times in store mode.
    ///
    /// - Throws: `Diagnostic` `.ioFailure` when the store cannot be read.
    public mutating func inferStep(
        grid: [Int64] = [86_400, 3600, 900, 300, 60],
        fallback: Int64
    ) throws -> (step: Int64, offGridCount: Int, firstOffGrid: Int64?) {
        guard spool != nil else {
            let inferred = StepInference.infer(sampleTimes, grid: grid, fallback: fallback)
            return (inferred.step, inferred.offGrid.count, inferred.offGrid.first)
        }
        try prepareSortedRuns()
        guard let spool else { return (fallback, 0, nil) }
        return try spool.inferStep(nullTimes: nullTimes.sorted(), grid: grid, fallback: fallback)
    }

    /// Moves every point by `delta` seconds (end labels become start labels).
    public mutating func shiftTimes(by delta: Int64) {
        if spool != nil {
            // The encoder wrote a live series' times as they came.
            if delta != 0 { spool?.writer.live?.channel.abandon() }
            spool?.offset += delta
        } else {
            for index in times.indices { times[index] += delta }
        }
        for index in nullTimes.indices { nullTimes[index] += delta }
    }

    /// Appends every point of `other`, in its input order.
    public mutating func append(contentsOf other: SeriesBuilder) {
        if let stored = other.spool {
            do {
                for point in try stored.points() { append(time: point.time, value: point.value) }
            } catch {
                if failure == nil { failure = (error as? Diagnostic) ?? .error(.ioFailure, "\(error)") }
            }
            nullTimes += other.nullTimes
            nullsWithoutTime += other.nullsWithoutTime
            return
        }
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
        guard spool == nil else { return }
        times.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// Appends a point in input order.
    public mutating func append(time: Int64, value: Number) {
        // Store mode: the spool notes the order as points arrive. (Testing the call's result,
        // not `spool != nil`, which copies the spool at every point.)
        if spool?.append(time: time, value: value) != nil { return }
        if !labels.isEmpty {
            for key in labels.keys { labels[key]?.append("") }
        }
        if let last = lastTime, time <= last { markUnsorted() }
        appendUnchecked(time: time, value: value)
    }

    /// Appends columns of points in input order, as `append(time:value:)` would one at a time.
    ///
    /// For decoders that read a whole array of points first (InterServer's `[[time, value]]`):
    /// no call per point, and into an empty in-memory builder no copy either (the columns are
    /// shared until one side changes them).
    public mutating func append(times newTimes: [Int64], values newValues: [Number]) {
        precondition(newTimes.count == newValues.count, "time and value columns differ in length")
        guard spool == nil, labels.isEmpty else {
            for index in newTimes.indices { append(time: newTimes[index], value: newValues[index]) }
            return
        }
        if isSorted {
            // The order check `append` makes per point, in one pass.
            var previous = times.last
            for time in newTimes {
                if let previous, time <= previous {
                    markUnsorted()
                    break
                }
                previous = time
            }
        }
        if times.isEmpty {
            times = newTimes
            values = newValues
        } else {
            times += newTimes
            values += newValues
        }
    }

    var lastTime: Int64? { spool.map { $0.writer.lastTime } ?? times.last }

    mutating func markUnsorted() { isSorted = false }

    mutating func appendUnchecked(time: Int64, value: Number) {
        if spool?.append(time: time, value: value) != nil { return }
        times.append(time)
        values.append(value)
    }

    /// Moves the stored points into the columns (a series that got labels).
    private mutating func leaveStore() {
        guard let stored = spool else { return }
        spool = nil
        if !stored.isSorted { isSorted = false }
        do {
            for point in try stored.points() {
                times.append(point.time)
                values.append(point.value)
            }
        } catch {
            // The store failed: keep what was read and the error for finish.
            failure = (error as? Diagnostic) ?? stored.failure
        }
        if failure == nil { failure = stored.failure }
    }

    /// An error of the store met while appending (append does not throw); `finish` throws it.
    private var failure: Diagnostic? = nil

    /// Sorts an unsorted store-mode series' points into runs once (step inference and finish
    /// both read them).
    private mutating func prepareSortedRuns() throws {
        guard var stored = spool, !(isSorted && stored.isSorted), stored.runs == nil else { return }
        spool = nil
        defer { spool = stored }
        try stored.makeRuns()
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
        if let failure { throw failure }
        if let spool {
            if let failure = spool.failure { throw failure }
            var builder = self
            try builder.prepareSortedRuns()
            return try builder.finishStored(duplicates: policy, reportIdentical: reportIdentical)
        }
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
            guard let resolved = policy.resolve(previous, value) else {
                throw Diagnostic.error(
                    .duplicateTimestamp,
                    "\(name) has two different values at \(UnixTime.iso8601(time)): \(previous) and \(value)",
                    at: location
                )
            }
            outValues[last] = resolved.value
            if resolved.takesNew { kept[last] = index }
        }
        if let firstDuplicate, reportIdentical || differing > 0 {
            warnings.append(
                Self.duplicatesWarning(
                    name,
                    identical: identical,
                    differing: differing,
                    policy: policy,
                    first: firstDuplicate,
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

// Store mode's finish: the same warnings and errors as the columns' path above, computed while
// streaming the store's blocks (a merge of sorted runs when the points came out of order).
extension SeriesBuilder {
    fileprivate func finishStored(
        duplicates policy: DuplicatePolicy,
        reportIdentical: Bool
    ) throws -> (series: Series, warnings: [Diagnostic]) {
        guard let spool else { return try finish(duplicates: policy, reportIdentical: reportIdentical) }
        var warnings: [Diagnostic] = []
        let direction = identity.direction.isEmpty ? "" : " " + identity.direction
        let name = "series \(identity.resource) \(identity.metric)\(direction)"
        let nulls = Array(Set(nullTimes)).sorted()
        if nullCount > 0 {
            let first = nullTimes.min().map { " (first at \(UnixTime.iso8601($0)))" } ?? ""
            let values = nullCount == 1 ? "1 null value" : "\(nullCount) null values"
            warnings.append(
                .warning(.nullValue, "\(name) has \(values)\(first): left out as missing points, not zeros", at: location)
            )
        }
        let writer = spool.writer
        let store = writer.store
        if writer.count == 0 {
            warnings.append(.warning(.emptySeries, "\(name) has no points", at: location))
            var empty = Series(identity: identity, meta: meta)
            empty.origin = location
            empty.nullTimes = nulls
            return (empty, warnings)
        }
        // Null times no point has, found while the points stream by in time order.
        var missing: [Int64] = []
        var nextNull = 0
        func passed(_ time: Int64) {
            while nextNull < nulls.count && nulls[nextNull] <= time {
                if nulls[nextNull] < time { missing.append(nulls[nextNull]) }
                nextNull += 1
            }
        }
        var series = Series(identity: identity, meta: meta)
        series.origin = location
        if isSorted && spool.isSorted, var live = writer.live {
            // Live: the points went to the encoder as they came; the figures stay.
            if spool.offset != 0 || !nulls.isEmpty { live.channel.abandon() }
            live.end()
            series.stored = LivePoints(
                channel: live.channel,
                isEncoders: false,
                count: writer.count,
                firstTime: writer.firstTime,
                lastTime: writer.lastTime,
                widestGap: writer.widestGap
            )
            return (series, warnings)
        }
        if isSorted && spool.isSorted {
            // Strictly increasing as appended: the blocks are the result; no sort, no copy. The
            // open block goes to the store too, within its budget.
            let sources = try writer.sealedSources()
            if !nulls.isEmpty {
                var cursor = PointCursor(store: store, sources: sources, offset: spool.offset)
                while nextNull < nulls.count, let point = try cursor.nextPoint() { passed(point.time) }
            }
            missing += nulls[nextNull...]
            series.stored = SpilledPoints(
                store: store,
                sources: sources,
                offset: spool.offset,
                count: writer.count,
                firstTime: writer.firstTime.map { $0 + spool.offset },
                lastTime: writer.lastTime.map { $0 + spool.offset },
                widestGap: writer.widestGap
            )
            series.nullTimes = missing
            return (series, warnings)
        }
        if spool.hasDecrease {
            warnings.append(.warning(.outOfOrder, "\(name) has points out of time order; they were sorted", at: location))
        }
        var out = PointWriter(store: store)
        var pending: (time: Int64, value: Number)? = nil
        var identical = 0
        var differing = 0
        var firstDuplicate: Int64? = nil
        try spool.forEachSorted { rawTime, value in
            let time = rawTime + spool.offset
            guard let (lastTime, previous) = pending, lastTime == time else {
                if let (lastTime, lastValue) = pending {
                    passed(lastTime)
                    try out.append(time: lastTime, value: lastValue)
                }
                pending = (time, value)
                return
            }
            if firstDuplicate == nil { firstDuplicate = time }
            if previous == value {
                identical += 1
                return
            }
            differing += 1
            guard let resolved = policy.resolve(previous, value) else {
                throw Diagnostic.error(
                    .duplicateTimestamp,
                    "\(name) has two different values at \(UnixTime.iso8601(time)): \(previous) and \(value)",
                    at: location
                )
            }
            pending = (time, resolved.value)
        }
        if let (lastTime, lastValue) = pending {
            passed(lastTime)
            try out.append(time: lastTime, value: lastValue)
        }
        missing += nulls[nextNull...]
        if let firstDuplicate, reportIdentical || differing > 0 {
            warnings.append(
                Self.duplicatesWarning(
                    name,
                    identical: identical,
                    differing: differing,
                    policy: policy,
                    first: firstDuplicate,
                    at: location
                )
            )
        }
        try out.flushTail()
        series.stored = SpilledPoints(written: out)
        series.nullTimes = missing
        return (series, warnings)
    }

    /// The one warning for the duplicate times a series had: how many were identical, how many
    /// differed and which value `policy` kept, and the first such time.
    static func duplicatesWarning(
        _ name: String,
        identical: Int,
        differing: Int,
        policy: DuplicatePolicy,
        first: Int64,
        at location: SourceLocation?
    ) -> Diagnostic {
        var parts: [String] = []
        if identical > 0 { parts.append("\(identical) identical collapsed") }
        if differing > 0 { parts.append("\(differing) differing resolved by keeping the \(policy.rawValue)") }
        return .warning(
            .duplicateTimestamp,
            "\(name) has \(identical + differing) duplicate timestamps (first at \(UnixTime.iso8601(first))): \(parts.joined(separator: ", "))",
            at: location
        )
    }
}
