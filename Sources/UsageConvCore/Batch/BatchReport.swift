/// What happened to each input of a batch run, for the summary line and `--report FILE.json`.
public struct BatchReport: Sendable {
    /// The outcome of one input.
    public enum Status: String, Sendable {
        /// Converted (its output written, or its series merged).
        case converted
        /// Not converted: the error says why.
        case failed
        /// Left alone: its output exists and is newer (`--skip-existing`).
        case skipped
    }

    /// One input's line in the report.
    public struct Entry: Sendable {
        /// The input path.
        public var input: String
        /// The output written (mirror mode), if any.
        public var output: String?
        /// What happened.
        public var status: Status
        /// The error, when it failed.
        public var error: Diagnostic?
        /// Warnings met while converting it.
        public var warnings: [Diagnostic]
        /// Input bytes read (the file's size).
        public var bytes: Int64
        /// Points written for it.
        public var points: Int

        /// Creates an entry.
        public init(
            input: String,
            output: String? = nil,
            status: Status,
            error: Diagnostic? = nil,
            warnings: [Diagnostic] = [],
            bytes: Int64 = 0,
            points: Int = 0
        ) {
            self.input = input
            self.output = output
            self.status = status
            self.error = error
            self.warnings = warnings
            self.bytes = bytes
            self.points = points
        }
    }

    /// One entry per input, in input order.
    public var entries: [Entry]
    /// Wall-clock seconds the run took.
    public var seconds: Double

    /// Creates a report.
    public init(entries: [Entry], seconds: Double) {
        self.entries = entries
        self.seconds = seconds
    }

    /// `converted N, failed M, warnings K, skipped S (X MB in Y s)`.
    public var summary: String {
        let converted = entries.filter { $0.status == .converted }.count
        let failed = entries.filter { $0.status == .failed }.count
        let skipped = entries.filter { $0.status == .skipped }.count
        let warnings = entries.reduce(0) { $0 + $1.warnings.count }
        let megabytes = Double(entries.reduce(Int64(0)) { $0 + $1.bytes }) / 1_000_000
        return "converted \(converted), failed \(failed), warnings \(warnings), skipped \(skipped) "
            + "(\(Self.oneDecimal(megabytes)) MB in \(Self.oneDecimal(seconds)) s)"
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return Number(significand: tenths, exponent: -1).description
    }

    /// `{"format":"usageconv-batch/1","summary":...,"inputs":[{input, output, status, error, warnings, bytes, points}]}`.
    public var json: [UInt8] {
        var out: [UInt8] = Array(#"{"format":"usageconv-batch/1","summary":"#.utf8)
        JSONText.writeString(summary, to: &out)
        out.append(contentsOf: Array(#","inputs":["#.utf8))
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array("\n{".utf8))
            JSONText.writeKey("input", to: &out)
            JSONText.writeString(FileName.display(entry.input), to: &out)
            if let output = entry.output {
                out.append(UInt8(ascii: ","))
                JSONText.writeKey("output", to: &out)
                JSONText.writeString(FileName.display(output), to: &out)
            }
            out.append(UInt8(ascii: ","))
            JSONText.writeKey("status", to: &out)
            JSONText.writeString(entry.status.rawValue, to: &out)
            for (key, value) in [("bytes", entry.bytes), ("points", Int64(entry.points))] {
                out.append(UInt8(ascii: ","))
                JSONText.writeKey(key, to: &out)
                NumberText.writeDecimal(significand: value, exponent: 0, to: &out)
            }
            if let error = entry.error {
                out.append(UInt8(ascii: ","))
                JSONText.writeKey("error", to: &out)
                JSONText.writeDiagnostic(error, to: &out)
            }
            out.append(UInt8(ascii: ","))
            JSONText.writeKey("warnings", to: &out)
            out.append(UInt8(ascii: "["))
            for (position, warning) in entry.warnings.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONText.writeDiagnostic(warning, to: &out)
            }
            out.append(contentsOf: Array("]}".utf8))
        }
        out.append(contentsOf: Array("\n]}\n".utf8))
        return out
    }
}
