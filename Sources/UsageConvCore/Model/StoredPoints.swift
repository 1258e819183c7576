/// A run of one series' points in time order with unique times: the unit in which a series whose
/// points live outside its columns (``Series/stored``) is read back, so no step of a conversion
/// holds all of a large dump's points at once.
public struct PointPage: Sendable, Equatable {
    /// Unix seconds (UTC) at which each point's interval starts, increasing.
    public var times: [Int64]
    /// One value per point.
    public var values: [Number]
    /// One quality per point.
    public var qualities: [Quality]

    /// A page of equal-length columns.
    public init(times: [Int64] = [], values: [Number] = [], qualities: [Quality] = []) {
        precondition(times.count == values.count && values.count == qualities.count, "page columns differ in length")
        self.times = times
        self.values = values
        self.qualities = qualities
    }

    /// The number of points.
    public var count: Int { times.count }

    /// Whether the page has no points.
    public var isEmpty: Bool { times.isEmpty }

    /// Appends one point; callers keep times increasing.
    @inlinable
    public mutating func append(time: Int64, value: Number, quality: Quality) {
        times.append(time)
        values.append(value)
        qualities.append(quality)
    }

    /// Empties the page, keeping its capacity for the next one.
    public mutating func removeAll() {
        times.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        qualities.removeAll(keepingCapacity: true)
    }
}

/// A series' points kept outside its columns: in a spill file next to the output, or in memory.
///
/// Read back a page at a time, in time order with unique times (sorting and duplicates were
/// resolved when the series was finished), so converting a 10 GB dump needs memory for a page,
/// not for the dump.
public protocol StoredPoints: Sendable {
    /// The number of points.
    var count: Int { get }
    /// The earliest point's time, or `nil` when there is none.
    var firstTime: Int64? { get }
    /// The latest point's time, or `nil` when there is none.
    var lastTime: Int64? { get }
    /// Calls `body` with every point, a page at a time, in time order.
    ///
    /// - Throws: what `body` throws, or `Diagnostic` `.ioFailure` when the spill file cannot be read.
    func forEachPage(_ body: (PointPage) throws -> Void) throws
    /// The widest distance between neighbouring points, when it was noted as they were stored
    /// (`nil`: unknown, read the points to find it).
    var widestGap: PointGap? { get }
}

extension StoredPoints {
    /// Not noted: `nil`.
    public var widestGap: PointGap? { nil }
}

/// The widest distance between neighbouring points of a series, the first of equal ones: what the
/// far-point check (a mistyped time) asks, noted while the points are stored so that it costs no
/// pass over them.
public struct PointGap: Sendable, Hashable {
    /// The index of the point after the gap.
    public var index: Int
    /// The time of the point before it.
    public var before: Int64
    /// The time of the point after it.
    public var after: Int64

    /// A gap between `before` and `after`, the point at `index` being `after`.
    public init(index: Int, before: Int64, after: Int64) {
        self.index = index
        self.before = before
        self.after = after
    }
}

/// Points held in memory as columns, read back in pages: the stored form of a series that never
/// needed to spill, and the reference the spilled forms are tested against.
public struct ColumnPoints: StoredPoints {
    /// The columns, sorted by time with unique times.
    public var page: PointPage
    /// The most points `forEachPage` hands over at once.
    public var pageSize: Int

    /// Points from columns already sorted with unique times.
    public init(_ page: PointPage, pageSize: Int = 8192) {
        self.page = page
        self.pageSize = max(1, pageSize)
    }

    /// The number of points.
    public var count: Int { page.count }
    /// The earliest time.
    public var firstTime: Int64? { page.times.first }
    /// The latest time.
    public var lastTime: Int64? { page.times.last }

    /// Hands the columns over in slices of ``pageSize``.
    public func forEachPage(_ body: (PointPage) throws -> Void) throws {
        var start = 0
        while start < page.count {
            let end = min(start + pageSize, page.count)
            try body(
                PointPage(
                    times: Array(page.times[start..<end]),
                    values: Array(page.values[start..<end]),
                    qualities: Array(page.qualities[start..<end])
                )
            )
            start = end
        }
    }
}
