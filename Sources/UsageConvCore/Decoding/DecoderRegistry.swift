import Synchronization

/// The table of decoders, and content-based selection among them.
///
/// Everything else that depends on the provider (schema selection, the consistency checks,
/// `usageconv formats`, `--format`) asks this table, so a provider is its decoder type and the
/// files beside it, and a program can add its own with ``register(_:)``.
public enum DecoderRegistry {
    /// The decoders usageconv ships, in the order `usageconv formats` lists them.
    public static let builtIn: [any UsageDecoder] = [
        BaishanBandwidthDecoder(),
        SwiftFederationUsageDecoder(),
        InterServerTrafficDecoder(),
        SurferCloudTrafficDecoder(),
        OnAppStatsDecoder(),
    ]

    private static let registered = Mutex<[any UsageDecoder]>(builtIn)

    /// Every decoder: the built-in ones, then those registered, in order.
    public static var all: [any UsageDecoder] { registered.withLock { $0 } }

    /// Adds a decoder (a provider of your own); a decoder with the same id replaces the earlier one
    /// in place, so registering twice is harmless.
    public static func register(_ decoder: any UsageDecoder) {
        registered.withLock { decoders in
            if let index = decoders.firstIndex(where: { $0.id == decoder.id }) {
                decoders[index] = decoder
            } else {
                decoders.append(decoder)
            }
        }
    }

    /// The decoder with `id`, if there is one.
    public static func decoder(named id: String) -> (any UsageDecoder)? {
        all.first { $0.id == id.lowercased() }
    }

    /// The ids, for messages and help.
    public static var names: [String] { all.map(\.id) }

    /// What `usageconv formats` prints: every decoder (registered ones too) and every output format.
    public static var formatsListing: String {
        let decoders = all
        let width = (decoders.map(\.id) + OutputFormat.allCases.map(\.rawValue)).map(\.count).max() ?? 8
        func padded(_ name: String) -> String { name + String(repeating: " ", count: max(0, width - name.count)) }
        var lines = ["Input decoders (picked by content; force with --format NAME):"]
        lines += decoders.map { "  " + padded($0.id) + "  " + $0.summary }
        lines += ["", "Output formats (--to NAME):"]
        lines += OutputFormat.allCases.map { "  " + padded($0.rawValue) + "  " + $0.summary }
        return lines.joined(separator: "\n")
    }

    /// The decoder that bids highest for `shape`, or an `.unknownFormat` error saying what the input looked like.
    ///
    /// - Throws: `Diagnostic` (`.unknownFormat`, `.malformedInput`, `.truncatedInput`, `.providerError`).
    public static func select(for shape: InputShape) throws -> any UsageDecoder {
        try select(for: shape, bids: bids(for: shape))
    }

    /// Every decoder with its confidence for `shape`, in registry order: computed once per input
    /// and shared by the selection and the messages that name a lookalike provider.
    static func bids(for shape: InputShape) -> [(decoder: any UsageDecoder, confidence: Int)] {
        all.map { ($0, $0.confidence(for: shape)) }
    }

    /// ``select(for:)`` with the bids already computed.
    static func select(for shape: InputShape, bids offers: [(decoder: any UsageDecoder, confidence: Int)]) throws -> any UsageDecoder {
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
        let bids = offers.filter { $0.confidence > 0 }.sorted { $0.confidence > $1.confidence }
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
