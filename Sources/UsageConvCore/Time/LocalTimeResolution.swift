/// How a local wall-clock time maps to UTC.
public enum LocalTimeResolution: Sendable, Hashable {
    /// It occurs exactly once.
    case unique(Int64)
    /// It falls in a gap: at the UTC instant `transition` the clocks jumped forward, from wall time
    /// `transition + offsetBefore` straight to `transition + offsetAfter`.
    case skipped(transition: Int64, offsetBefore: Int64, offsetAfter: Int64)
    /// It occurs twice (clocks went back): first at `earlier`, again at `later` (both UTC).
    case repeated(earlier: Int64, later: Int64)
}
