/// Whether a value is a level over its interval or a quantity accrued within it.
public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A level over the interval, such as bit/s; resampled by time-weighted mean.
    case rate
    /// A quantity accrued within the interval, such as bytes or money; resampled by sum.
    case amount
}
