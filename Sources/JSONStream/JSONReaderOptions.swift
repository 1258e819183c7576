/// How strict a `JSONReader` is.
public struct JSONReaderOptions: Sendable, Hashable {
    /// Deepest nesting accepted; deeper input is a `.depthLimit` error (never a stack overflow).
    public var maxDepth: Int = 1000
    /// Skip `//` and `/* */` comments with one warning each (`--lenient`); otherwise they are errors.
    public var allowComments: Bool = false
    /// Reject an object that repeats a key.
    ///
    /// RFC 8259 only says names SHOULD be unique, so a pure
    /// syntax check (the JSONTestSuite run) turns this off; dumps are read with it on.
    public var rejectDuplicateKeys: Bool = true
    /// Bytes read from the source per chunk.
    public var chunkSize: Int = 1 << 20

    /// Strict RFC 8259 with duplicate-key rejection.
    public init() {}

    /// The defaults.
    public static let `default` = JSONReaderOptions()
}
