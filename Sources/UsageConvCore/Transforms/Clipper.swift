/// Keeps the points whose interval starts in `[start, end)` (DESIGN.md section 4, first step).
public enum Clipper {
    /// The series with only the points starting at or after `start` and before `end`.
    ///
    /// A point is kept or dropped whole by its start time: a 300 s point at 23:58 belongs to the
    /// day it starts in, as every provider labels it.
    public static func clip(_ series: Series, start: Int64?, end: Int64?) -> Series {
        guard start != nil || end != nil else { return series }
        if series.stored != nil {
            // Sorted points: the window drops some exactly when the first or last is outside it.
            let dropsBefore = start.map { bound in series.firstPointTime.map { $0 < bound } ?? false } ?? false
            let dropsAfter = end.map { bound in series.lastPointTime.map { $0 >= bound } ?? false } ?? false
            guard dropsBefore || dropsAfter else { return series }
            var part = series.streaming(.clip(start: start, end: end))
            part.origin = nil
            return part
        }
        let lower = start.map { bound in series.times.partitionPoint { $0 >= bound } } ?? 0
        let upper = end.map { bound in series.times.partitionPoint { $0 >= bound } } ?? series.count
        return series.slice(lower..<max(lower, upper))
    }
}

extension Series {
    /// The points in `range`, with the same identity, meta and label columns.
    func slice(_ range: Range<Int>) -> Series {
        if range == 0..<count { return self }
        var part = Series(
            identity: identity,
            times: Array(times[range]),
            values: Array(values[range]),
            qualities: Array(qualities[range]),
            meta: meta,
            labels: labels.mapValues { Array($0[range]) }
        )
        // The null times stay whole: `stats` counts those inside its window.
        part.nullTimes = nullTimes
        return part
    }
}

extension RandomAccessCollection where Index == Int {
    /// The first index whose element satisfies `predicate`, for a predicate that is false and then
    /// true along the collection (binary search).
    func partitionPoint(where predicate: (Element) -> Bool) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let mid = low + (high - low) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
