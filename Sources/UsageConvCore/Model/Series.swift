/// The canonical unit of data: an identity and three columns, sorted by time, unique times.
public struct Series: Sendable, Hashable {
    /// What the series measures.
    public var identity: SeriesIdentity
    /// Unix seconds (UTC) at which each point's interval `[time, time + step)` starts.
    public var times: [Int64]
    /// One value per point.
    public var values: [Number]
    /// One quality per point.
    public var qualities: [Quality]
    /// Facts from the dump that are not points (`name`, `last`, assumptions), sorted by key on output.
    public var meta: [String: String]
    /// Extra per-point text columns by name (SurferCloud `billed`); each as long as `times`.
    public var labels: [String: [String]]
    /// Where in the dump the series' points are (`$.data`, `$[0].volumes`), for findings about the
    /// whole series; not part of its value (equality and hashing leave it out).
    public var origin: SourceLocation?
    /// Times at which the dump held a `null` value and no other value, sorted.
    ///
    /// They are missing points that `stats` counts as missing even beyond the first or last
    /// point. Not part of the series' value (equality and hashing leave it out); clipping keeps
    /// them whole, other transforms drop them.
    public var nullTimes: [Int64] = []
    /// The points, when they live outside the columns: a spill file during a streamed conversion.
    ///
    /// The columns are then empty. Not part of the series' value (equality and hashing leave it out).
    public var stored: (any StoredPoints)? = nil

    /// Creates a series; the columns must have equal lengths.
    public init(
        identity: SeriesIdentity,
        times: [Int64] = [],
        values: [Number] = [],
        qualities: [Quality]? = nil,
        meta: [String: String] = [:],
        labels: [String: [String]] = [:]
    ) {
        precondition(times.count == values.count, "time and value columns differ in length")
        self.identity = identity
        self.times = times
        self.values = values
        self.qualities = qualities ?? [Quality](repeating: .measured, count: times.count)
        self.meta = meta
        self.labels = labels
        precondition(self.qualities.count == times.count, "quality column differs in length")
        precondition(labels.values.allSatisfy { $0.count == times.count }, "a label column differs in length")
    }

    /// Equal when identity, columns, meta and labels are (wherever the series came from).
    public static func == (lhs: Series, rhs: Series) -> Bool {
        lhs.identity == rhs.identity && lhs.times == rhs.times && lhs.values == rhs.values && lhs.qualities == rhs.qualities
            && lhs.meta == rhs.meta && lhs.labels == rhs.labels
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(identity)
        hasher.combine(times)
        hasher.combine(values)
        hasher.combine(qualities)
        hasher.combine(meta)
        hasher.combine(labels)
    }

    /// The number of points.
    public var count: Int { times.count }

    /// Whether the series has no points.
    public var isEmpty: Bool { times.isEmpty }

    /// Appends one point; callers keep times increasing (label columns, if any, get "").
    public mutating func append(time: Int64, value: Number, quality: Quality = .measured) {
        times.append(time)
        values.append(value)
        qualities.append(quality)
        for key in labels.keys { labels[key]?.append("") }
    }
}
