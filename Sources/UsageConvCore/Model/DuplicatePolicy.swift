/// What to do when one series has two points at the same time with different values.
public enum DuplicatePolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Reject the input.
    case error
    /// Keep the first point in input order.
    case first
    /// Keep the last point in input order (the default: later rows are later corrections).
    case last
    /// Keep the larger value.
    case max
    /// Add the values.
    case sum
}
