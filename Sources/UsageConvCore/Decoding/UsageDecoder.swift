/// A decoder for one provider payload: it bids on sniffed input and turns it into `Series`.
///
/// To add a provider: implement this protocol in `Providers/<Provider>/` (its ``facts`` declare what
/// the provider's API documents), add the type to `DecoderRegistry.builtIn` (or call
/// `DecoderRegistry.register` from your own code), add fixtures under `Fixtures/<id>/` with goldens
/// (README, "Adding a decoder").
public protocol UsageDecoder: Sendable {
    /// The decoder id: the `source` column and the `--format` name (`baishan`).
    var id: String { get }
    /// A one-line description for `usageconv formats`.
    var summary: String { get }
    /// What the provider's API documents: its schema, the span one call returns, its step grid.
    var facts: ProviderFacts { get }
    /// How sure (0–100) the decoder is that `shape` is its payload; 0 means "not mine".
    func confidence(for shape: InputShape) -> Int
    /// Decodes a whole input read from `source`.
    ///
    /// - Throws: `Diagnostic` with a location (file names are added by the caller).
    func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodeResult
}
