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

extension DuplicatePolicy {
    /// What a time keeps when `value` arrives there after `kept`, and whether that is the new
    /// point's (its labels follow it); `nil` for `.error`, whose caller names the two values.
    ///
    /// The rule where a series' own duplicates meet: a dump's columns, its stored points, and
    /// the parts of a `--merge` (a SQLite load, whose stored side may be missing, has its own).
    func resolve(_ kept: Number, _ value: Number) -> (value: Number, takesNew: Bool)? {
        switch self {
        case .error: nil
        case .first: (kept, false)
        case .last: (value, true)
        case .max: value > kept ? (value, true) : (kept, false)
        case .sum: (kept + value, true)
        }
    }
}
