/// Options that change how dumps are read; flags supply what payloads do not echo.
public struct DecodeOptions: Sendable, Hashable {
    /// Where a time label sits in the interval it names.
    public enum Label: String, Sendable, Hashable, CaseIterable {
        /// The label is the interval's start (the default everywhere).
        case start
        /// The label is the interval's end (Baishan `stat_is_forward=1`).
        case end
    }

    /// Accept documented defects (comments, end-before-start rows) with a warning each.
    public var lenient = false
    /// How to resolve two differing points at one time.
    public var duplicates = DuplicatePolicy.last
    /// The resource name for payloads that carry none (Baishan `stat/bandwidth`, SwiftFederation customer dumps).
    public var resource: String? = nil
    /// The metric a payload cannot tell (`bandwidth` or `traffic`; Baishan `data_type`).
    public var metric: String? = nil
    /// The step in seconds, overriding inference from the points' spacing.
    public var step: Int64? = nil
    /// Whether time labels are interval starts or ends.
    public var label = Label.start
    /// The unit of values a payload leaves unstated, overriding the decoder's inference
    /// (InterServer samples: `B/s` unless a dump was fetched with `metric=bits`).
    public var assumedUnit: String? = nil
    /// The most bytes a gzip-compressed input may expand to (default 1 GiB); more fails as a possible bomb.
    public var maxExpandedSize: Int64 = GzipByteSource.defaultLimit
    /// Where decoders put points; `nil` keeps them in memory, as columns.
    ///
    /// With a store, decoded series carry their points in ``Series/stored`` and memory stays within
    /// the store's budget (`--memory-limit`) whatever the dump's size. Compared and hashed by
    /// identity (``PointStore`` is `Hashable` by identity): two stores hold different points, so
    /// options with different stores are different options.
    public var pointStore: PointStore? = nil
    /// A channel to the encoder for a single-series dump, or `nil` for none.
    ///
    /// Offered by a run whose output can be rewound (`LiveSeries`). Compared and hashed by identity.
    var liveSeries: LiveSeries? = nil

    /// Strict decoding with the providers' documented defaults.
    public init() {}

    /// The defaults.
    public static let `default` = DecodeOptions()

    /// The JSON reader options these imply.
    public var jsonReaderOptions: JSONReaderOptions {
        var options = JSONReaderOptions()
        options.allowComments = lenient
        return options
    }
}
