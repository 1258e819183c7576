import ArgumentParser
import UsageConvCore

// Each value list is spelled out: argument-parser's default (`allCases.map(\.rawValue.defaultValueDescription)`)
// instantiates a key path at run time, for every option of these types, at every start. So are the
// value descriptions: the default compares each case's description with its raw value, through
// generic witnesses, every time an option of the type is set up (several times per start), to find
// none (no type here describes a value beyond its raw value), which `[:]` says at no cost.
extension OutputFormat: ExpressibleByArgument {
    /// The `--to` values, as `--help` and shell completion list them.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}
extension TimeFormat: ExpressibleByArgument {
    /// The `--time` values.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}
extension InfluxPrecision: ExpressibleByArgument {
    /// The `--influx-precision` values.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}
extension ParquetCompression: ExpressibleByArgument {
    /// The `--parquet-compression` values.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}
extension DuplicatePolicy: ExpressibleByArgument {
    /// The `--on-overlap` values.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}
extension DecodeOptions.Label: ExpressibleByArgument {
    /// The `--label` values.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}
extension FillMethod: ExpressibleByArgument {
    /// The `--fill` values.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}
extension Aggregation: ExpressibleByArgument {
    /// The `--agg` values.
    public static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    public static var allValueDescriptions: [String: String] { [:] }
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// `a|b|c`: the values an option takes, for its help line, from the type itself so that a new
    /// case shows up in `--help` without another edit.
    static var choices: String { allCases.map(\.rawValue).joined(separator: "|") }
}

/// A byte count given on the command line: `1073741824`, `512M`, `2G` (binary units: K, M, G, T).
struct ByteCount: ExpressibleByArgument, Sendable {
    /// The count in bytes.
    var bytes: Int64

    /// Parses digits with an optional binary-unit suffix (`KiB`/`K`, `MiB`/`M`, ...); `nil` otherwise.
    init?(argument: String) {
        var text = Substring(argument.uppercased())
        if text.hasSuffix("IB") { text = text.dropLast(2) } else if text.hasSuffix("B") { text = text.dropLast() }
        var shift: Int64 = 0
        if let unit = text.last, let index = "KMGT".firstIndex(of: unit) {
            shift = Int64("KMGT".distance(from: "KMGT".startIndex, to: index) + 1) * 10
            text = text.dropLast()
        }
        guard let value = Int64(text), value > 0 else { return nil }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: Int64(1) << shift)
        guard !overflow else { return nil }
        self.bytes = bytes
    }
}
