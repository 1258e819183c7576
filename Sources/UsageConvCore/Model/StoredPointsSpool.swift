/// A store-mode ``SeriesBuilder``'s points: written to a ``PointStore`` as they arrive, with what
/// finishing needs to know about them kept on the side (order, the first times for step
/// inference), and, once sorted, the runs of the external merge sort.
struct StoredPointsSpool: Sendable {
    /// The points in arrival order, times as appended (before any shift).
    var writer: PointWriter
    /// Added to every time on the way out (`shiftTimes`, applied lazily).
    var offset: Int64 = 0
    /// Whether every point came later than the one before it (no sort, no duplicates).
    var isSorted = true
    /// Whether some point came earlier than the one before it (the out-of-order warning; equal
    /// times only make duplicates).
    var hasDecrease = false
    /// The first 1,001 times in arrival order: the gaps `StepInference` samples.
    var head: [Int64] = []
    /// The gcd of every time's distance from the first appended (`writer.firstTime`): step
    /// inference's first figure, kept as points arrive so a series in order needs no pass for it.
    var gcdFromFirst: Int64 = 0
    /// The distance from the previous time last folded into `gcdFromFirst`.
    var foldedDelta: Int64 = 0
    /// The first error of the store met while appending.
    var failure: Diagnostic? = nil
    /// The sorted runs (times as appended), made once the points are known to be out of order.
    var runs: [PointSources]? = nil

    init(writer: PointWriter) {
        self.writer = writer
    }

    @inline(__always)
    mutating func append(time: Int64, value: Number) {
        if let last = writer.lastTime, time <= last {
            isSorted = false
            if time < last { hasDecrease = true }
            // A live series is written in arrival order: this one cannot be.
            writer.live?.channel.abandon()
        }
        if head.count < 1001 { head.append(time) }
        if let base = writer.firstTime, let last = writer.lastTime {
            // The gcd divides the previous time's distance from the first; so it divides this one's
            // when the step from the previous is one already folded in (a regular dump: always).
            let delta = time &- last
            if delta != foldedDelta {
                var a = (time - base).magnitude
                var b = UInt64(gcdFromFirst)
                while b != 0 { (a, b) = (b, a % b) }
                gcdFromFirst = Int64(a)
                foldedDelta = delta
            }
        }
        do {
            try writer.append(time: time, value: value)
        } catch {
            if failure == nil { failure = (error as? Diagnostic) ?? .error(.ioFailure, "\(error)") }
        }
    }

    /// The store's blocks of these points, for the one reading that every pass goes through: a
    /// live series' points went to the encoder instead, so reading them gives the attempt up
    /// (the run converts again through the store).
    private func storedSources() -> PointSources {
        writer.live?.channel.abandon()
        return writer.sources
    }

    /// Every point in arrival order, times shifted (all in memory: for the rare callers that want
    /// columns).
    func points() throws -> [(time: Int64, value: Number)] {
        var out: [(time: Int64, value: Number)] = []
        out.reserveCapacity(writer.count)
        var cursor = PointCursor(store: writer.store, sources: storedSources(), offset: offset)
        while let point = try cursor.nextPoint() { out.append((point.time, point.value)) }
        return out
    }

    /// Sorts the points into runs of at most the store's sorting budget, stably (by time, then
    /// arrival), each written back to the store.
    mutating func makeRuns() throws {
        let store = writer.store
        let limit = store.runPoints
        var cursor = PointCursor(store: store, sources: storedSources())
        var made: [PointSources] = []
        var times: [Int64] = []
        var values: [Number] = []
        times.reserveCapacity(min(limit, writer.count))
        values.reserveCapacity(min(limit, writer.count))
        func emit() throws {
            guard !times.isEmpty else { return }
            let order = times.indices.sorted { a, b in times[a] != times[b] ? times[a] < times[b] : a < b }
            var run = PointWriter(store: store)
            for index in order { try run.append(time: times[index], value: values[index]) }
            try run.flushTail()
            made.append(run.sources)
            times.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        while let point = try cursor.nextPoint() {
            times.append(point.time)
            values.append(point.value)
            if times.count >= limit { try emit() }
        }
        try emit()
        runs = made
    }

    /// Calls `body` with every point in time order, equal times in arrival order (times as
    /// appended, not shifted): the blocks themselves when they arrived in order, else a k-way
    /// merge of the runs.
    func forEachSorted(_ body: (Int64, Number) throws -> Void) throws {
        let store = writer.store
        guard let runs else {
            var cursor = PointCursor(store: store, sources: storedSources())
            while let point = try cursor.nextPoint() { try body(point.time, point.value) }
            return
        }
        // Each run read a window at a time: all of them fit the sorting half of the budget.
        let window = store.mergeWindow(sources: runs.count)
        var cursors = runs.map { PointCursor(store: store, sources: $0, window: window) }
        var heads: [(time: Int64, value: Number)?] = []
        for index in cursors.indices { heads.append(try cursors[index].nextPoint().map { ($0.time, $0.value) }) }
        // Equal times in run order: an earlier run holds earlier arrivals.
        var merge = KWayMerge(heads: heads)
        while let point = try merge.next(advance: { try cursors[$0].nextPoint().map { ($0.time, $0.value) } }) {
            try body(point.time, point.value)
        }
    }

    /// `StepInference.infer` over the sample times (these points' times, shifted, and `nullTimes`,
    /// sorted), in two streaming passes instead of an array of every time.
    func inferStep(
        nullTimes: [Int64],
        grid: [Int64],
        fallback: Int64
    ) throws -> (step: Int64, offGridCount: Int, firstOffGrid: Int64?) {
        let total = writer.count + nullTimes.count
        guard total > 0 else { return (fallback, 0, nil) }
        // The sample times in order, duplicates included: the points merged with the nulls.
        func forEachSample(_ body: (Int64) -> Void) throws {
            var next = 0
            try forEachSorted { raw, _ in
                let time = raw + offset
                while next < nullTimes.count && nullTimes[next] < time {
                    body(nullTimes[next])
                    next += 1
                }
                body(time)
            }
            while next < nullTimes.count {
                body(nullTimes[next])
                next += 1
            }
        }
        var first: Int64? = nil
        var g: Int64 = 0
        var unique = 0
        var previous: Int64? = nil
        var sortedHead: [Int64] = []
        if isSorted && nullTimes.isEmpty {
            // Strictly increasing, no nulls among them: the figures the pass below would find
            // were kept as the points arrived (a shift moves every time alike, not their gcd).
            (g, unique, sortedHead) = (gcdFromFirst, writer.count, head)
        } else {
            try forEachSample { t in
                if sortedHead.count < 1001 { sortedHead.append(t) }
                if previous != t { unique += 1 }
                previous = t
                guard let base = first else {
                    first = t
                    return
                }
                var a = (t - base).magnitude
                var b = UInt64(g)
                while b != 0 { (a, b) = (b, a % b) }
                g = Int64(a)
            }
        }
        guard g > 0 else { return (fallback, 0, nil) }
        let candidates = grid.sorted(by: >)
        let snapped = candidates.first { g % $0 == 0 }
        guard total >= 10 else { return (snapped ?? g, 0, nil) }
        // Without nulls the gaps sampled are in arrival order, as StepInference sees them.
        let sample = nullTimes.isEmpty ? head : sortedHead
        let needed = candidates.filter { $0 > (snapped ?? g) && StepInference.mostGapsAreMultiples(of: $0, in: sample) }
        guard !needed.isEmpty else { return (snapped ?? g, 0, nil) }
        // Per candidate and residue: how many distinct times, and the earliest.
        var residues = [[Int64: (count: Int, first: Int64)]](repeating: [:], count: needed.count)
        previous = nil
        try forEachSample { t in
            guard previous != t else { return }
            previous = t
            for index in needed.indices {
                let residue = StepInference.residue(t, needed[index])
                if let entry = residues[index][residue] {
                    residues[index][residue] = (entry.count + 1, entry.first)
                } else {
                    residues[index][residue] = (1, t)
                }
            }
        }
        for index in needed.indices {
            guard
                let anchor = residues[index].max(by: {
                    $0.value.count < $1.value.count || ($0.value.count == $1.value.count && $0.key > $1.key)
                }),
                anchor.value.count * 10 >= unique * 9, anchor.value.count >= 2
            else { continue }
            let firstOff = residues[index].filter { $0.key != anchor.key }.map(\.value.first).min()
            return (needed[index], unique - anchor.value.count, firstOff)
        }
        return (snapped ?? g, 0, nil)
    }
}
