extension Series {
    /// The number of points, wherever they are (``stored`` or the columns).
    ///
    /// For a stored series with transforms still to run, this runs them once to count.
    public var pointCount: Int { stored?.count ?? count }

    /// The earliest point's time, wherever the points are.
    public var firstPointTime: Int64? { stored == nil ? times.first : stored?.firstTime }

    /// The latest point's time, wherever the points are.
    public var lastPointTime: Int64? { stored == nil ? times.last : stored?.lastTime }

    /// Calls `body` with the points a page at a time, in time order: the ``stored`` pages, or the
    /// columns as one page (labels, which only columns have, are indexed as in the columns).
    ///
    /// - Throws: what `body` throws, or `Diagnostic` `.ioFailure` when a spill file cannot be read.
    public func forEachPage(_ body: (PointPage) throws -> Void) throws {
        if let stored {
            try stored.forEachPage(body)
        } else if !times.isEmpty {
            try body(PointPage(times: times, values: values, qualities: qualities))
        }
    }

    /// The series with its points in the columns, read back from ``stored`` when they are there:
    /// for consumers that need every point at once (charts, columnar JSON, Parquet, SQLite).
    ///
    /// - Throws: `Diagnostic` `.ioFailure` when a spill file cannot be read.
    public func materialized() throws -> Series {
        guard let stored else { return self }
        var out = self
        out.stored = nil
        // A transformed series is counted only by running its transforms: not worth a pass.
        if !(stored is TransformedPoints) {
            out.times.reserveCapacity(stored.count)
            out.values.reserveCapacity(stored.count)
            out.qualities.reserveCapacity(stored.count)
        }
        try stored.forEachPage { page in
            out.times += page.times
            out.values += page.values
            out.qualities += page.qualities
        }
        return out
    }
}
