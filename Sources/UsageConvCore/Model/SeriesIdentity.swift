/// What a series measures: everything about it except its points (DESIGN.md section 2).
public struct SeriesIdentity: Sendable, Hashable, Comparable {
    /// The decoder id (`baishan`, `swiftfederation`, ...).
    public var source: String
    /// What was measured or billed, as the provider names it.
    public var resource: String
    /// The kind of quantity: `bandwidth`, `traffic`, `cost`, or a provider metric.
    public var metric: String
    /// `in`, `out`, `total`, or empty where it does not apply.
    public var direction: String
    /// The unit of the values.
    public var unit: String
    /// Rate or amount.
    public var kind: Kind
    /// Seconds each point covers.
    public var step: Int64
    /// What a missing point means.
    public var absent: Absent

    /// Creates an identity.
    public init(
        source: String,
        resource: String,
        metric: String,
        direction: String,
        unit: String,
        kind: Kind,
        step: Int64,
        absent: Absent
    ) {
        self.source = source
        self.resource = resource
        self.metric = metric
        self.direction = direction
        self.unit = unit
        self.kind = kind
        self.step = step
        self.absent = absent
    }

    /// Output order: the CSV columns left to right, then kind and absent.
    public static func < (lhs: SeriesIdentity, rhs: SeriesIdentity) -> Bool {
        func bytes(_ s: String) -> String.UTF8View { s.utf8 }
        let pairs: [(String, String)] = [
            (lhs.source, rhs.source), (lhs.resource, rhs.resource), (lhs.metric, rhs.metric),
            (lhs.direction, rhs.direction), (lhs.unit, rhs.unit),
        ]
        for (a, b) in pairs where a != b {
            // Byte order, so output order never depends on Unicode collation.
            return bytes(a).lexicographicallyPrecedes(bytes(b))
        }
        if lhs.step != rhs.step { return lhs.step < rhs.step }
        if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
        return lhs.absent.rawValue < rhs.absent.rawValue
    }
}
