/// The stored points of several parts of one series that do not overlap in time, read one part
/// after another: what merging them gives, without writing their points again.
///
/// An archive of consecutive windows (a dump a day, each its own time range) merges thousands of
/// small parts into one series per identity; a k-way merge there pays a heap step and a re-encoded
/// point each time, for a result that is the parts laid end to end. Reading them in turn also
/// holds one part's block at a time instead of one per part.
struct ConcatenatedPoints: StoredPoints {
    /// The parts, in time order: each part's first time after the previous part's last.
    let parts: [any StoredPoints]
    /// The number of points.
    let count: Int
    /// The most points a page holds.
    var pageSize = 8192

    /// Parts already in time order, none overlapping the next.
    init(parts: [any StoredPoints]) {
        self.parts = parts
        count = parts.reduce(0) { $0 + $1.count }
    }

    /// The first part's first time.
    var firstTime: Int64? { parts.first?.firstTime }

    /// The last part's last time.
    var lastTime: Int64? { parts.last?.lastTime }

    /// Every part's pages, gathered into pages of up to ``pageSize`` points (parts are often a few
    /// hundred points, and each page costs the encoders a call).
    func forEachPage(_ body: (PointPage) throws -> Void) throws {
        var page = PointPage()
        let capacity = min(pageSize, count)
        page.times.reserveCapacity(capacity)
        page.values.reserveCapacity(capacity)
        page.qualities.reserveCapacity(capacity)
        for part in parts {
            try part.forEachPage { partPage in
                var start = 0
                while start < partPage.count {
                    let end = min(partPage.count, start + pageSize - page.count)
                    page.times += partPage.times[start..<end]
                    page.values += partPage.values[start..<end]
                    page.qualities += partPage.qualities[start..<end]
                    start = end
                    if page.count >= pageSize {
                        try body(page)
                        page.removeAll()
                    }
                }
            }
        }
        if !page.isEmpty { try body(page) }
    }
}
