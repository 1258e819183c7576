/// A provider whose dumps `usageconv encode` writes: the decoder ids `--format` takes.
public enum DumpProvider: String, Sendable, Hashable, CaseIterable {
    /// Baishan CDN `stat/bandwidth` (`{code, data: [[t, v]]}`) and its `eachDomain` form.
    case baishan
    /// SwiftFederation CDN usage and report arrays, and the flat customer form.
    case swiftfederation
    /// InterServer VPS `traffic_usage`.
    case interserver
    /// SurferCloud `GetThroughputDailyBillingInfo`.
    case surfercloud
    /// OnApp `vm_stats` (XML or JSON).
    case onapp

    /// The encoder for this provider.
    public var encoder: any ProviderDumpEncoder {
        switch self {
        case .baishan: BaishanDumpEncoder()
        case .swiftfederation: SwiftFederationDumpEncoder()
        case .interserver: InterServerDumpEncoder()
        case .surfercloud: SurferCloudDumpEncoder()
        case .onapp: OnAppDumpEncoder()
        }
    }
}

/// Which of a provider's response shapes to write, where it has more than one.
public enum DumpForm: String, Sendable, Hashable, CaseIterable {
    /// Baishan `stat/bandwidth/eachDomain`: `data` keyed by domain, one series per domain.
    case eachDomain = "each-domain"
    /// SwiftFederation customer-level reports: a flat `[{timestamp, value}]` without domains.
    case customer
    /// OnApp XML (Rails `to_xml`, the default for OnApp).
    case xml
    /// OnApp JSON (an array of single-key `{"vm_hourly_stat": {...}}` records).
    case json

    /// The providers that have this form.
    public var provider: DumpProvider {
        switch self {
        case .eachDomain: .baishan
        case .customer: .swiftfederation
        case .xml, .json: .onapp
        }
    }
}

/// Options for writing provider dumps.
public struct DumpEncodeOptions: Sendable, Hashable {
    /// The response shape; `nil` is the provider's usual one (Baishan: plain for one series,
    /// `eachDomain` for several; OnApp: XML).
    public var form: DumpForm? = nil
    /// Leave out zero points, as Baishan and SwiftFederation (without `fillFixedTime`) do.
    public var omitZeros = false
    /// Label points by their interval's end (Baishan `stat_is_forward=1`, OnApp read as the hour
    /// ending at `stat_time`); only those two providers' decoders take `--label end` back.
    public var label = DecodeOptions.Label.start

    /// The defaults: the usual form, every point written.
    public init() {}
}

/// A written dump: its bytes, what was noticed, and the flags that decode it back to the series.
public struct EncodedDump: Sendable {
    /// The dump as the provider's API would have answered.
    public var bytes: [UInt8]
    /// Things written that the provider format does not mark (points that were filled, ...).
    public var warnings: [Diagnostic]
    /// `usageconv` flags a reader needs because the payload does not say (Baishan `--metric
    /// traffic`, a `--resource` name, a `--step` its points do not show); empty when none.
    public var decodeArguments: [String]

    /// Creates an encoded dump.
    public init(bytes: [UInt8], warnings: [Diagnostic] = [], decodeArguments: [String] = []) {
        self.bytes = bytes
        self.warnings = warnings
        self.decodeArguments = decodeArguments
    }
}

/// Writes canonical series as one provider's dump: the inverse of that provider's decoder.
///
/// `decode(encode(series))` gives the series back (identity, times, values), with the flags in
/// `EncodedDump.decodeArguments`. What the format cannot hold (a unit, step, metric or direction
/// the provider never reports, several resources where it has one) is an error naming the
/// series; it is never converted silently. `absent` is the provider's own (zero for Baishan and
/// SwiftFederation, which omit zeros), and points of any quality are written as plain values
/// (with a warning), since no provider marks filled points.
public protocol ProviderDumpEncoder: Sendable {
    /// The provider.
    var provider: DumpProvider { get }
    /// Writes `series` as one dump.
    ///
    /// - Throws: `Diagnostic` `.invalidValue` naming the first series the format cannot hold,
    ///   located where that series came from; `.usage` for an option the provider lacks.
    func encode(_ series: [Series], options: DumpEncodeOptions) throws -> EncodedDump
    /// The provider's documented error response (its shape, a sample code and message).
    ///
    /// - Throws: `Diagnostic` `.usage` for a form the provider lacks.
    func errorBody(options: DumpEncodeOptions) throws -> [UInt8]
}

/// The library entry point for writing provider dumps (`usageconv encode`).
public enum DumpEncoding {
    /// Writes `series` as a dump of `provider` (see `ProviderDumpEncoder`).
    ///
    /// - Throws: `Diagnostic` (`.invalidValue` for what the format cannot hold, `.usage` for options).
    public static func encode(_ series: [Series], as provider: DumpProvider, options: DumpEncodeOptions = .init()) throws -> EncodedDump {
        try provider.encoder.encode(series, options: options)
    }

    /// The documented error response of `provider`.
    ///
    /// - Throws: `Diagnostic` `.usage` for a form the provider lacks.
    public static func errorBody(of provider: DumpProvider, options: DumpEncodeOptions = .init()) throws -> [UInt8] {
        try provider.encoder.errorBody(options: options)
    }
}
