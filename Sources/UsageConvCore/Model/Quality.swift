/// Where a point's value came from.
public enum Quality: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// As the provider reported it.
    case measured
    /// Inserted as zero by gap-filling.
    case zeroFilled
    /// Copied forward from the previous point by gap-filling.
    case carried
    /// Interpolated (linear fill, or upsampling).
    case interpolated
    /// A resampled bucket that lacks some of its inputs.
    case partial

    /// The text written to outputs.
    public var name: String {
        switch self {
        case .measured: "measured"
        case .zeroFilled: "zero-filled"
        case .carried: "carried"
        case .interpolated: "interpolated"
        case .partial: "partial"
        }
    }

    /// The text written to outputs.
    public var description: String { name }
}
