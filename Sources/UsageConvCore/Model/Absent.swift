/// What a missing point of a series means.
public enum Absent: String, Sendable, Hashable, CaseIterable, Codable {
    /// The provider omits zeros: a missing point is a zero (Baishan, SwiftFederation).
    case zero
    /// Nothing is known about a missing point.
    case unknown
}
