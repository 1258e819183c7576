/// The table of decoders, and content-based selection among them.
public enum DecoderRegistry {
    /// Every decoder, in the order `usageconv formats` lists them.
    public static let all: [any UsageDecoder] = [
        BaishanBandwidthDecoder(),
        SwiftFederationUsageDecoder(),
        InterServerTrafficDecoder(),
        SurferCloudTrafficDecoder(),
        OnAppStatsDecoder(),
    ]

    /// The decoder with `id`, if there is one.
    public static func decoder(named id: String) -> (any UsageDecoder)? {
        all.first { $0.id == id.lowercased() }
    }

    /// The ids, for messages and help.
    public static var names: [String] { all.map(\.id) }

    /// The decoder that bids highest for `shape`, or an `.unknownFormat` error saying what the input looked like.
    ///
    /// - Throws: `Diagnostic` (`.unknownFormat`, `.malformedInput`, `.truncatedInput`, `.providerError`).
    public static func select(for shape: InputShape) throws -> any UsageDecoder {
        switch shape.syntax {
        case .empty:
            throw Diagnostic.error(.truncatedInput, "expected a provider dump, found an empty input")
        case .html:
            throw Diagnostic.error(
                .providerError,
                "expected a provider dump, found \(shape.summary): the API call failed and its error page was saved"
            )
        case .gzip, .zip:
            throw Diagnostic.error(.unknownFormat, "expected a JSON or XML dump, found \(shape.summary) (unpack it first)")
        case .unknown:
            throw Diagnostic.error(.malformedInput, "expected a JSON or XML dump, found \(shape.summary)")
        case .json, .xml:
            break
        }
        let bids = all.map { ($0, $0.confidence(for: shape)) }.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
        guard let best = bids.first, best.1 >= 50 else {
            if let syntaxError = shape.syntaxError { throw syntaxError }
            throw Diagnostic.error(
                .unknownFormat,
                "expected a dump of a known provider, found \(shape.summary); name it with --format (\(names.joined(separator: ", ")))"
            )
        }
        if bids.count > 1 && bids[1].1 == best.1 {
            throw Diagnostic.error(
                .unknownFormat,
                "\(shape.summary) could be \(best.0.id) or \(bids[1].0.id); choose with --format"
            )
        }
        return best.0
    }
}
