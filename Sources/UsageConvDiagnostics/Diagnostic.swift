/// One problem found in an input or in a request, with a stable code and a location.
///
/// Errors are thrown as `Diagnostic`s; warnings are collected into conversion results and
/// never printed by library code.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The input cannot be converted.
        case error
        /// The output is written, but something deserves a look (`--strict` makes it an error).
        case warning
    }

    /// Stable machine-readable names for the kinds of problems.
    public enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// The bytes are not well-formed JSON or XML.
        case malformedInput
        /// The input ended before the document did.
        case truncatedInput
        /// A value has the wrong JSON type.
        case wrongType
        /// A required member is missing.
        case missingField
        /// A number is not acceptable where it stands (negative, fractional, ...).
        case invalidNumber
        /// A number does not fit the type it must be read as.
        case numberOutOfRange
        /// A timestamp could not be read.
        case invalidTimestamp
        /// An object has the same key twice.
        case duplicateKey
        /// Nesting is deeper than the reader allows.
        case depthLimit
        /// Compressed input expands past the allowed size or ratio (a gzip bomb).
        case sizeLimit
        /// The dump is a provider's error response, not data.
        case providerError
        /// The input is not a dump of any known (or of the forced) provider.
        case unknownFormat
        /// Two points of one series have the same time.
        case duplicateTimestamp
        /// Points were not in time order and have been sorted.
        case outOfOrder
        /// A series has no points.
        case emptySeries
        /// A sample's value is `null`: a missing point (no row, never a zero).
        case nullValue
        /// A figure in the dump disagrees with the points it summarises.
        case inconsistentTotals
        /// A comment or other defect accepted only in lenient mode.
        case lenientRecovery
        /// A value is outside what the provider documents.
        case invalidValue
        /// Reading the input failed.
        case unreadableInput
        /// The output file cannot be created (exit 73).
        case cannotCreateOutput
        /// Writing the output failed (exit 74).
        case ioFailure
        /// The request itself is inconsistent (flags, units).
        case usage
    }

    /// How bad the problem is.
    public var severity: Severity
    /// What kind of problem it is.
    public var code: Code
    /// A lowercase phrase saying what was expected and what was found; no location text.
    public var message: String
    /// Where the problem is, when known.
    public var location: SourceLocation?

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }

    /// An error diagnostic.
    public static func error(_ code: Code, _ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.error, code, message, at: location)
    }

    /// A warning diagnostic.
    public static func warning(_ code: Code, _ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location)
    }

    /// The same diagnostic with its location's file filled in.
    public func inFile(_ file: String?, entry: String? = nil) -> Diagnostic {
        var copy = self
        copy.location = (location ?? SourceLocation()).inFile(file, entry: entry)
        return copy
    }

    /// The same diagnostic as an error (what `--strict` does to warnings).
    public var asError: Diagnostic {
        var copy = self
        copy.severity = .error
        return copy
    }

    /// The same diagnostic as a warning.
    public var asWarning: Diagnostic {
        var copy = self
        copy.severity = .warning
        return copy
    }

    /// The sysexits code for a failure of this kind (DESIGN.md section 6).
    public var exitCode: Int32 {
        switch code {
        case .usage: 64
        case .unreadableInput: 66
        case .cannotCreateOutput: 73
        case .ioFailure: 74
        default: 65
        }
    }

    /// `LOCATION: [warning: ]message`, the DESIGN.md section 6 form without the program name.
    public var description: String {
        let prefix = location.map { "\($0): " } ?? ""
        return severity == .warning ? "\(prefix)warning: \(message)" : "\(prefix)\(message)"
    }
}
