/// The outcome of `usageconv validate` over many files, and its JSON and JUnit XML forms for CI.
public struct ValidationReport: Sendable {
    /// One checked file.
    public struct FileResult: Sendable {
        /// The file as named on the command line (or found in a folder).
        public var file: String
        /// What the checks found.
        public var findings: [DumpValidation.Finding]
        /// Why the file could not be read, when it could not.
        public var unreadable: Diagnostic?
        /// For a negative fixture (declared by an `.expect-invalid` file): text each of which some
        /// finding must contain; the fixture passes when all of them appear (with none listed: when
        /// it has an error).
        public var expectedInvalid: [String]?

        /// Creates a result.
        public init(file: String, findings: [DumpValidation.Finding], unreadable: Diagnostic? = nil, expectedInvalid: [String]? = nil) {
            self.file = file
            self.findings = findings
            self.unreadable = unreadable
            self.expectedInvalid = expectedInvalid
        }

        /// Whether the file fails: any error (with `strict`, any warning); for a negative fixture,
        /// no error or an expected finding missing.
        public func failed(strict: Bool) -> Bool {
            if unreadable != nil { return true }
            let hasError = findings.contains { $0.diagnostic.severity == .error || strict }
            guard let expected = expectedInvalid else { return hasError }
            // Listed findings pin the fixture (warnings included); an empty list asks for an error.
            return expected.isEmpty ? !hasError : !missingExpectations.isEmpty
        }

        /// Expected texts of a negative fixture that no finding contains.
        public var missingExpectations: [String] {
            guard let expected = expectedInvalid else { return [] }
            // `LINE:COLUMN RULE: message` (or `#/pointer RULE: message`) per finding.
            let texts = findings.map { ($0.diagnostic.location?.position ?? "") + " \($0.rule): " + $0.diagnostic.message }
            return expected.filter { wanted in !texts.contains { $0.contains(wanted) } }
        }
    }

    /// The files, in the order checked.
    public var files: [FileResult]
    /// Whether warnings count as errors.
    public var strict: Bool

    /// Creates a report.
    public init(files: [FileResult], strict: Bool) {
        self.files = files
        self.strict = strict
    }

    /// The severity a finding is reported with.
    public func severity(_ finding: DumpValidation.Finding) -> String {
        finding.diagnostic.severity == .error || strict ? "error" : "warning"
    }

    /// `validated N files: V valid, I invalid, E errors, W warnings`.
    public var summary: String {
        let checked = files.filter { $0.unreadable == nil }
        let invalid = checked.filter { $0.failed(strict: strict) }.count
        let negative = checked.filter { $0.expectedInvalid != nil && !$0.failed(strict: strict) }.count
        let all = checked.filter { $0.expectedInvalid == nil }.flatMap(\.findings)
        let errors = all.filter { severity($0) == "error" }.count
        let warnings = all.count - errors
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "validated \(plural(checked.count, "file")): \(checked.count - invalid - negative) valid, \(invalid) invalid, "
            + (negative > 0 ? "\(negative) invalid as expected, " : "")
            + "\(plural(errors, "error")), \(plural(warnings, "warning"))"
            + (checked.count < files.count ? ", \(files.count - checked.count) unreadable" : "")
    }

    /// `FILE:LINE:COLUMN: RULE: severity: message` (the JSON pointer or path when no line is known).
    public func line(_ finding: DumpValidation.Finding) -> String {
        let location = finding.diagnostic.location
        var place = FileName.display(location?.file ?? "-")
        if let line = location?.line {
            place += ":\(line)"
            if let column = location?.column { place += ":\(column)" }
        } else if let path = location?.path {
            place += ":\(path)"
        }
        return "\(place): \(finding.rule): \(severity(finding)): \(finding.diagnostic.message)"
    }

    /// Why a negative fixture failed its expectation, one line each (empty when it passed).
    public func expectationLines(_ file: FileResult) -> [String] {
        guard file.expectedInvalid != nil, file.failed(strict: strict) else { return [] }
        if file.expectedInvalid?.isEmpty == true {
            return ["\(FileName.display(file.file)): expect-invalid: error: expected this fixture to be invalid, found no error"]
        }
        return file.missingExpectations.map {
            "\(FileName.display(file.file)): expect-invalid: error: expected a finding containing '\($0)', found none"
        }
    }

    /// `{"format":"usageconv-validate/1","files":[{"file","valid","findings":[...]}],"summary":...}`.
    public var json: [UInt8] {
        var out: [UInt8] = Array(#"{"format":"usageconv-validate/1","files":["#.utf8)
        for (index, file) in files.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: Array("\n{".utf8))
            JSONText.writeKey("file", to: &out)
            JSONText.writeString(FileName.display(file.file), to: &out)
            let hasError = file.unreadable != nil || file.findings.contains { severity($0) == "error" }
            out.append(contentsOf: Array(#","valid":"#.utf8))
            out.append(contentsOf: Array((hasError ? "false" : "true").utf8))
            out.append(contentsOf: Array(#","expectedInvalid":"#.utf8))
            out.append(contentsOf: Array((file.expectedInvalid != nil ? "true" : "false").utf8))
            out.append(contentsOf: Array(#","passed":"#.utf8))
            out.append(contentsOf: Array((file.failed(strict: strict) ? "false" : "true").utf8))
            out.append(contentsOf: Array(#","findings":["#.utf8))
            var entries = file.findings.map { ($0.rule, severity($0), $0.diagnostic) }
            if let unreadable = file.unreadable { entries.append(("read", "error", unreadable)) }
            for (position, entry) in entries.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                var diagnostic = entry.2
                diagnostic.severity = entry.1 == "error" ? .error : .warning
                // The diagnostic object, with the rule added as its first member.
                var object: [UInt8] = []
                JSONText.writeDiagnostic(diagnostic, to: &object)
                out.append(contentsOf: Array(#"{"rule":"#.utf8))
                JSONText.writeString(entry.0, to: &out)
                out.append(UInt8(ascii: ","))
                out.append(contentsOf: object.dropFirst())
            }
            out.append(contentsOf: Array("]}".utf8))
        }
        out.append(contentsOf: Array("\n],\"summary\":".utf8))
        JSONText.writeString(summary, to: &out)
        out.append(contentsOf: Array("}\n".utf8))
        return out
    }

    /// JUnit XML: one test case per file, failed when it has an error; warnings go to `system-out`.
    public var junit: [UInt8] {
        let failures = files.filter { $0.failed(strict: strict) }.count
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        text += #"<testsuites name="usageconv validate" tests="\#(files.count)" failures="\#(failures)">"# + "\n"
        text += #"  <testsuite name="usageconv validate" tests="\#(files.count)" failures="\#(failures)" errors="0" skipped="0">"# + "\n"
        for file in files {
            text += #"    <testcase classname="usageconv.validate" name="\#(Self.xmlEscaped(FileName.display(file.file)))">"# + "\n"
            var errors = file.findings.filter { severity($0) == "error" }.map(line) + (file.unreadable.map { ["\($0)"] } ?? [])
            var warnings = file.findings.filter { severity($0) == "warning" }.map(line)
            if file.expectedInvalid != nil {
                // A negative fixture fails only on its expectation; its findings are what it is for.
                warnings = errors + warnings
                errors = expectationLines(file)
            }
            if let first = errors.first {
                text += #"      <failure message="\#(Self.xmlEscaped(first))" type="invalid">"#
                text += Self.xmlEscaped(errors.joined(separator: "\n")) + "</failure>\n"
            }
            if !warnings.isEmpty {
                text += "      <system-out>" + Self.xmlEscaped(warnings.joined(separator: "\n")) + "</system-out>\n"
            }
            text += "    </testcase>\n"
        }
        text += "  </testsuite>\n</testsuites>\n"
        return Array(text.utf8)
    }

    /// Text safe inside XML attributes and elements (control characters other than tab and line
    /// breaks are not allowed in XML 1.0 at all, so they are dropped).
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
