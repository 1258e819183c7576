// Merging parts whose points live in a PointStore: a k-way merge of the sorted parts, a page of
// each at a time, giving what the builder path gives (same points, warnings and errors).
extension SeriesMerger {
    /// The store to merge `parts` into when any part's points are in one (and no part has
    /// labels, which only columns carry); `nil` merges the columns as always.
    static func store(streaming parts: [Series]) -> PointStore? {
        guard parts.allSatisfy({ $0.labels.isEmpty }) else { return nil }
        return parts.lazy.compactMap { part in (part.stored as? SpilledPoints).flatMap { $0.count > 0 ? $0.store : nil } }.first
    }

    /// One part's points in time order: its stored blocks, or its columns.
    private struct PartCursor {
        /// The stored blocks' reader (advanced in place), or `nil` for columns.
        var stored: PointCursor?
        var times: [Int64] = []
        var values: [Number] = []
        var index = 0

        mutating func next() throws -> (time: Int64, value: Number)? {
            if stored != nil {
                guard let point = try stored?.nextPoint() else { return nil }
                return (point.time, point.value)
            }
            guard index < times.count else { return nil }
            index += 1
            return (times[index - 1], values[index - 1])
        }
    }

    /// The parts of one identity merged into `store`, duplicates resolved by `policy` in part
    /// order (the builder's arrival order), as `merge` does for columns.
    static func mergeStored(
        _ parts: [Series],
        identity: SeriesIdentity,
        meta: [String: String],
        policy: DuplicatePolicy,
        into store: PointStore
    ) throws -> (series: Series, warnings: [Diagnostic]) {
        var peak = 0
        return try mergeStored(parts, identity: identity, meta: meta, policy: policy, into: store, peakHeldBytes: &peak)
    }

    /// `mergeStored`, also giving at least the most bytes of stored points its cursors held at
    /// once (the sum of what each held at most): a window of each part's current block, sized so
    /// all of them fit the sorting half of the budget (``PointStore/mergeWindow(sources:)``),
    /// however many parts there are.
    static func mergeStored(
        _ parts: [Series],
        identity: SeriesIdentity,
        meta: [String: String],
        policy: DuplicatePolicy,
        into store: PointStore,
        peakHeldBytes peak: inout Int
    ) throws -> (series: Series, warnings: [Diagnostic]) {
        var cursors: [PartCursor] = []
        let window = store.mergeWindow(sources: parts.count)
        for part in parts {
            if let spilled = part.stored as? SpilledPoints {
                cursors.append(
                    PartCursor(stored: PointCursor(store: spilled.store, sources: spilled.sources, offset: spilled.offset, window: window))
                )
            } else {
                let columns = try part.materialized()
                cursors.append(PartCursor(times: columns.times, values: columns.values))
            }
        }
        var heads: [(time: Int64, value: Number)?] = []
        for index in cursors.indices { heads.append(try cursors[index].next()) }
        // Equal times in part order: the builder's arrival order.
        var merge = KWayMerge(heads: heads)

        let nulls = Array(Set(parts.flatMap(\.nullTimes))).sorted()
        var missing: [Int64] = []
        var nextNull = 0
        var out = PointWriter(store: store)
        var identical = 0
        var differing = 0
        var firstDuplicate: Int64? = nil
        // The points at one time, in part order.
        var group: [(part: Int, value: Number)] = []
        var groupTime: Int64 = 0
        func flush() throws {
            guard var kept = group.first?.value else { return }
            for entry in group.dropFirst() {
                if firstDuplicate == nil { firstDuplicate = groupTime }
                if kept == entry.value {
                    identical += 1
                    continue
                }
                differing += 1
                guard let resolved = policy.resolve(kept, entry.value) else {
                    // The first two parts (in order) that disagree here; this is the earliest
                    // time any two do.
                    for (a, first) in group.enumerated() {
                        if let second = group[(a + 1)...].first(where: { $0.value != first.value }) {
                            throw overlapError(
                                in: parts,
                                identity: identity,
                                time: groupTime,
                                first: (first.part, first.value),
                                second: (second.part, second.value)
                            )
                        }
                    }
                    continue
                }
                kept = resolved.value
            }
            while nextNull < nulls.count && nulls[nextNull] <= groupTime {
                if nulls[nextNull] < groupTime { missing.append(nulls[nextNull]) }
                nextNull += 1
            }
            try out.append(time: groupTime, value: kept)
            group.removeAll(keepingCapacity: true)
        }
        while let point = try merge.next(advance: { try cursors[$0].next() }) {
            if !group.isEmpty && point.time != groupTime { try flush() }
            groupTime = point.time
            group.append((point.source, point.value))
        }
        try flush()
        try out.flushTail()
        peak = max(peak, cursors.reduce(0) { $0 + ($1.stored?.mostHeld ?? 0) })
        missing += nulls[nextNull...]
        var warnings: [Diagnostic] = []
        if let firstDuplicate, differing > 0 {
            let direction = identity.direction.isEmpty ? "" : " " + identity.direction
            let name = "series \(identity.resource) \(identity.metric)\(direction)"
            warnings.append(
                SeriesBuilder.duplicatesWarning(
                    name,
                    identical: identical,
                    differing: differing,
                    policy: policy,
                    first: firstDuplicate,
                    at: nil
                )
            )
        }
        var series = Series(identity: identity, meta: meta)
        series.stored = SpilledPoints(written: out)
        series.nullTimes = missing
        return (series, warnings)
    }
}
