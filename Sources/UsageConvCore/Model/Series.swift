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
