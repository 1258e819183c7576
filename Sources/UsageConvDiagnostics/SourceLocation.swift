/// Where in an input a diagnostic points: a file, a text position and/or a structural path.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The input as the user named it (never made absolute); `-` for standard input.
    public var file: String?
    /// An entry inside an archive, when the input was one.
    public var entry: String?
    /// 1-based line.
    public var line: Int?
    /// 1-based column; counts bytes for JSON and characters for XML (what libxml2 reports).
    public var column: Int?
    /// 0-based byte offset from the start of the input.
    public var offset: Int64?
    /// A JSON path (`$[0].volumes[1].value`) or an element path (`/vm_stats/vm_hourly_stat[4]`).
    public var path: String?

    /// Creates a location; every part is optional.
    public init(
        file: String? = nil,
        entry: String? = nil,
        line: Int? = nil,
        column: Int? = nil,
        offset: Int64? = nil,
        path: String? = nil
    ) {
        self.file = file
        self.entry = entry
        self.line = line
        self.column = column
        self.offset = offset
        self.path = path
    }

    /// The position part alone: `line:column`, else the path, else nothing.
    public var position: String? {
        if let line, let column { return "\(line):\(column)" }
        // XML elements: libxml2 gives a node its line only; the element path says where on it.
        if let line, let path, path.hasPrefix("/") { return "\(line): \(path)" }
        if let line { return "\(line)" }
        return path
    }

    /// `file[:entry]: line:column`, in the form DESIGN.md section 6 prints.
    public var description: String {
        var parts: [String] = []
        if let file { parts.append(FileName.display(entry.map { "\(file):\($0)" } ?? file)) }
        if let position { parts.append(position) }
        return parts.isEmpty ? "<input>" : parts.joined(separator: ": ")
    }

    /// The same location with the file (and entry) filled in.
    public func inFile(_ file: String?, entry: String? = nil) -> SourceLocation {
        var copy = self
        if copy.file == nil { copy.file = file }
        if copy.entry == nil { copy.entry = entry }
        return copy
    }
}
