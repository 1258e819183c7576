import UsageConvBytes
import UsageConvDiagnostics
import UsageConvValues

/// A strict, streaming RFC 8259 pull reader over a `ByteSource`.
///
/// The reader keeps one chunk of input (1 MiB by default) plus the token being read, never the
/// whole text and never a tree: a decoder walks a 1 GB `data` array token by token and keeps only
/// the points it decodes. Strings and numbers are validated in full as they are scanned, but
/// converted only when a decoder asks, so skipped values cost no allocation.
///
/// Every error is a `Diagnostic` located by byte offset, line, column (in bytes) and JSON path.
///
///     let reader = JSONReader(source: MemoryByteSource("[1, 2]"))
///     while try reader.next() != .endOfInput { ... }
public final class JSONReader {
    /// The scanner, in memory of its own rather than a stored property.
    ///
    /// A class's stored `var` costs a dynamic exclusivity check (a runtime call and a thread-local
    /// access set) on every access, that is on every token: a tenth of a decoder's time on token-
    /// per-value shapes. Through a pointer the accesses are static. What that check guarded is
    /// kept by construction: the scanner is private to this reader, every method below is one
    /// access that ends before it returns, and the bulk readers' closures must not use the reader
    /// (documented on each).
    @usableFromInline let scanner: UnsafeMutablePointer<JSONScanner>

    /// Reads from `source` with `options`.
    public init(source: any ByteSource, options: JSONReaderOptions = .default) {
        scanner = .allocate(capacity: 1)
        scanner.initialize(to: JSONScanner(source: source, options: options))
    }

    /// Reads a byte array (convenience for tests and small inputs).
    public convenience init(bytes: [UInt8], options: JSONReaderOptions = .default) {
        self.init(source: MemoryByteSource(bytes), options: options)
    }

    deinit {
        scanner.pointee.deallocate()
        scanner.deinitialize(count: 1)
        scanner.deallocate()
    }

    /// The options this reader was created with.
    public var options: JSONReaderOptions { scanner.pointee.options }

    /// The nesting depth after the last token (0 at top level).
    public var depth: Int { scanner.pointee.depth }

    /// The last number token, valid after `next()` returned `.number`.
    public var number: JSONNumber { scanner.pointee.number }

    /// Comments skipped in lenient mode, one warning each.
    public var warnings: [Diagnostic] { scanner.pointee.warnings }

    /// Returns the next token, validating structure and syntax as it goes.
    ///
    /// - Throws: `Diagnostic` (`.malformedInput`, `.truncatedInput`, `.duplicateKey`, `.depthLimit`,
    ///   `.unreadableInput`).
    public func next() throws -> JSONToken { try scanner.pointee.next() }

    /// Consumes the next array element if it is exactly `[number, number]`.
    ///
    /// Returns nil and consumes nothing otherwise (walk that element with `next()`); errors
    /// raised after a pair point at the pair.
    public func nextNumberPair() -> (JSONNumber, JSONNumber)? { scanner.pointee.nextNumberPair() }

    /// Reads consecutive `[number, number]` pairs, as `nextNumberPair()` would, handing each to
    /// `accept` until it returns false (that pair is then the current token, for a located error)
    /// or the next element takes the slow path; returns whether `accept` refused one.
    ///
    /// The run is read with the position held locally and the reader updated once at its end.
    /// `accept` must not use this reader (it would see the state before the run). Inlinable so
    /// `accept`, which runs once per point, is specialized into the decoder's loop.
    @inlinable
    public func forEachNumberPair(_ accept: (JSONNumber, JSONNumber) -> Bool) -> Bool {
        scanner.pointee.forEachNumberPair(accept)
    }

    /// Reads consecutive array elements `{"timestamp": "yyyy-MM-ddTHH:mm:ssZ", "value": <number>}`
    /// (members in that order), handing each time (as `iso8601Value()` reads it) and number to
    /// `accept`, until an element is not of that form or `accept` refuses one.
    ///
    /// That element is not consumed: walk it with `next()`, which reads it with every check and
    /// located error, as it reads an element this method never saw. An accepted element is
    /// consumed as a walk of its tokens would (the array index advances; `number` is its value).
    /// `accept` must not use this reader. Inlinable so `accept` is specialized into the decoder's loop.
    @inlinable
    public func forEachTimestampValue(_ accept: (Int64, JSONNumber) -> Bool) {
        scanner.pointee.forEachTimestampValue(accept)
    }

    /// Reads consecutive array elements `["yyyy-MM-ddTHH:mm:ssZ", <number>]` as
    /// `forEachTimestampValue` reads its objects: the first element not of that form, or refused
    /// by `accept`, is left for `next()`.
    @inlinable
    public func forEachTimeNumberPair(_ accept: (Int64, JSONNumber) -> Bool) {
        scanner.pointee.forEachTimeNumberPair(accept)
    }

    /// Reads consecutive array elements that are strings `"yyyy-MM-ddTHH:mm:ssZ"`, handing each
    /// time to `accept`; the first other element, or one `accept` refuses, is left for `next()`.
    @inlinable
    public func forEachTimeString(_ accept: (Int64) -> Bool) {
        scanner.pointee.forEachTimeString(accept)
    }

    /// Skips the rest of the value whose first token was `token` (a no-op for scalars).
    public func skipValue(startingWith token: JSONToken) throws { try scanner.pointee.skipValue(startingWith: token) }

    /// Reads one whole value and discards it.
    public func skipNextValue() throws { try scanner.pointee.skipNextValue() }

    /// Whether the last `.key` token is exactly `name` (compares bytes; no allocation).
    public func isKey(_ name: StaticString) -> Bool { scanner.pointee.isKey(name) }

    /// Whether the last `.key` token is exactly `name`.
    public func isKey(named name: String) -> Bool { scanner.pointee.isKey(named: name) }

    /// The last `.key` token's text.
    public var key: String { scanner.pointee.key }

    /// The last `.string` token's text, escapes decoded.
    public func stringValue() -> String { scanner.pointee.stringValue() }

    /// The last `.string` token's UTF-8 bytes, escapes decoded.
    public func stringBytes() -> [UInt8] { scanner.pointee.stringBytes() }

    /// Whether the last `.string` token is exactly `text`.
    public func stringEquals(_ text: StaticString) -> Bool { scanner.pointee.stringEquals(text) }

    /// The raw text of the last `.number` (or the raw inside of the last `.string`).
    public func tokenText() -> [UInt8] { scanner.pointee.tokenText() }

    /// The last number as an Int64, or a located error (`1.5`, `1e30`, `1e400` are rejected).
    public func int64Value() throws -> Int64 { try scanner.pointee.int64Value() }

    /// The last number as a finite Double, or a `.numberOutOfRange` error (`1e400`).
    public func doubleValue() throws -> Double { try scanner.pointee.doubleValue() }

    /// The last number as a `Number`: exact when it has at most 19 significant digits.
    ///
    /// An integer literal with more digits is a `.numberOutOfRange` error rather than a
    /// silently rounded value; a longer fraction becomes the nearest `Double`.
    public func numberValue() throws -> Number { try scanner.pointee.numberValue() }

    /// The last `.string` as Unix seconds, if it is ISO 8601 (see `UnixTime.parseISO8601`).
    public func iso8601Value(defaultOffset: Int64? = nil) -> Int64? { scanner.pointee.iso8601Value(defaultOffset: defaultOffset) }

    /// The location of the last token: offset, line, column and JSON path.
    public var location: SourceLocation { scanner.pointee.location }

    /// The JSON path of the last token (`$[0].volumes[1].value`).
    public var path: String { scanner.pointee.path }

    /// A located error at the last token.
    public func error(_ code: Diagnostic.Code, _ message: String) -> Diagnostic { scanner.pointee.error(code, message) }

    /// A located warning at the last token.
    public func warning(_ code: Diagnostic.Code, _ message: String) -> Diagnostic { scanner.pointee.warning(code, message) }
}
