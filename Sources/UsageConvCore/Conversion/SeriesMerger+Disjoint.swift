// Merging stored parts that do not overlap in time: the parts laid end to end.
extension SeriesMerger {
    /// The parts of one identity as one series read part after part, when their points are all
    /// stored and their time ranges are disjoint (each part's first time after the previous
    /// one's last, in time order); `nil` otherwise, for the k-way merge.
    ///
    /// With no time in two parts there is no duplicate to resolve and no warning to give, so
    /// this is exactly what ``mergeStored(_:identity:meta:policy:into:)`` writes, without writing
    /// it. Parts with null times are left to the merge (a null is dropped where another part
    /// has a value), as are parts held in columns.
    static func disjoint(_ parts: [Series], identity: SeriesIdentity, meta: [String: String]) -> Series? {
        var ranges: [(first: Int64, last: Int64, points: any StoredPoints)] = []
        ranges.reserveCapacity(parts.count)
        for part in parts {
            guard part.nullTimes.isEmpty, part.labels.isEmpty else { return nil }
            if part.pointCount == 0 { continue }
            guard let stored = part.stored, let first = stored.firstTime, let last = stored.lastTime else { return nil }
            ranges.append((first, last, stored))
        }
        guard !ranges.isEmpty else { return nil }
        ranges.sort { $0.first < $1.first }
        for index in ranges.indices.dropFirst() where ranges[index].first <= ranges[index - 1].last { return nil }
        var series = Series(identity: identity, meta: meta)
        series.stored = ConcatenatedPoints(parts: ranges.map(\.points))
        return series
    }
}
