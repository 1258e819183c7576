/// `usageconv validate` over many dumps: each file (or every entry of a ZIP archive) checked by
/// ``DumpValidation``, negative fixtures matched against their `.expect-invalid` files, and with
/// ``expectedCSV`` the conversion compared byte for byte with a golden CSV.
///
/// The command line only parses its options, prints the ``ValidationReport`` and maps it to an
/// exit status; tests and other programs check fixtures through this type.
public struct FixtureValidation {
    /// The XSD and JSON Schemas every dump is checked against.
    public var schemas: DumpSchemas
    /// A decoder to force, as `--format` does; `nil` picks each dump's by its content.
    public var format: String?
    /// The most bytes a gzip-compressed dump may inflate to.
    public var maxExpandedSize: Int64
    /// Whether `.expect-invalid` files are ignored, so negative fixtures show all their findings.
    public var ignoresExpectations: Bool
    /// `--expect OUT.csv`: a CSV the (single) dump must convert to exactly.
    public var expectedCSV: String?

    /// A validation with the bundled schemas' defaults of the command line.
    public init(
        schemas: DumpSchemas,
        format: String? = nil,
        maxExpandedSize: Int64 = GzipByteSource.defaultLimit,
        ignoresExpectations: Bool = false,
        expectedCSV: String? = nil
    ) {
        self.schemas = schemas
        self.format = format
        self.maxExpandedSize = maxExpandedSize
        self.ignoresExpectations = ignoresExpectations
        self.expectedCSV = expectedCSV
    }

    /// Checks every input, one result per file in input order (a ZIP archive's entries together).
    public func check(_ inputs: [BatchInput]) -> [ValidationReport.FileResult] {
        var results: [ValidationReport.FileResult] = []
        for group in Self.byFile(inputs) {
            let path = group[0].path
            let shown = path == "-" ? "<stdin>" : path
            let expected = path == "-" || ignoresExpectations ? nil : Self.expectation(for: path)
            guard group[0].entry == nil else {
                // A ZIP archive: each entry checked as a dump, the findings reported as the archive's.
                results.append(.init(file: shown, findings: checkEntries(group), expectedInvalid: expected))
                continue
            }
            do {
                // Fixtures are small: read whole, then check twice (schema, decoder) from memory.
                let bytes = try FileByteSource(path: path).readBytes(upTo: 1 << 30)
                var findings = try DumpValidation.validate(
                    bytes: bytes,
                    shown: shown,
                    schemas: schemas,
                    format: format,
                    maxExpandedSize: maxExpandedSize
                )
                if let expectedCSV { findings += Self.compare(bytes, shown: shown, format: format, with: expectedCSV) }
                results.append(.init(file: shown, findings: findings, expectedInvalid: expected))
            } catch let diagnostic as Diagnostic {
                results.append(.init(file: shown, findings: [], unreadable: diagnostic.inFile(shown)))
            } catch {
                let diagnostic = Diagnostic.error(.unreadableInput, "\(error)", at: SourceLocation(file: shown))
                results.append(.init(file: shown, findings: [], unreadable: diagnostic))
            }
        }
        return results
    }

    /// The expected findings of a negative fixture: the lines of `DUMP.expect-invalid` beside it, or
    /// of a `.expect-invalid` file in its folder or a folder above (blank lines and `#` comments
    /// skipped); `nil` for an ordinary fixture.
    public static func expectation(for path: String) -> [String]? {
        func read(_ file: String) -> [String]? {
            guard let bytes = try? FileByteSource(path: file).readBytes(upTo: 1 << 16) else { return nil }
            return String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline)
                .map {
                    String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
                }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        if let own = read(path + ".expect-invalid") { return own }
        var folder = path
        while let parent = PathText.parent(folder) {
            folder = parent
            if let shared = read((folder.isEmpty ? "" : folder) + "/.expect-invalid") { return shared }
        }
        return read(".expect-invalid")
    }

    /// `--expect OUT.csv`: converting the dump must give exactly these bytes; a finding names the
    /// first differing line otherwise.
    public static func compare(_ bytes: [UInt8], shown: String, format: String?, with expected: String) -> [DumpValidation.Finding] {
        func finding(_ message: String) -> [DumpValidation.Finding] {
            [.init(rule: "expect", diagnostic: .error(.inconsistentTotals, message, at: SourceLocation(file: shown)))]
        }
        let wanted: [UInt8]
        do {
            wanted = try FileByteSource(path: expected).readBytes(upTo: 1 << 30)
        } catch {
            return finding("cannot read --expect \(expected): \(error)")
        }
        let sink = MemorySink()
        do {
            // The conversion `usageconv FILE --to csv` runs, on the bytes already read.
            _ = try Conversion(inputs: [], format: format).convert(MemoryByteSource(bytes), to: sink, as: .csv)
        } catch {
            return finding("expected it to convert to \(expected), found it does not convert: \(error)")
        }
        guard sink.bytes != wanted else { return [] }
        let found = sink.text.split(separator: "\n", omittingEmptySubsequences: false)
        let lines = String(decoding: wanted, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let row = zip(lines, found).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(lines.count, found.count)
        func quote(_ list: [Substring]) -> String { row < list.count ? "'\(list[row].prefix(160))'" : "the end" }
        return finding(
            "converting it differs from \(expected) at line \(row + 1): expected \(quote(lines)), found \(quote(found)) "
                + "(\(lines.count - 1) lines expected, \(found.count - 1) converted)"
        )
    }

    /// The inputs grouped by the file they are in: one group per file, a ZIP archive's entries together.
    static func byFile(_ inputs: [BatchInput]) -> [[BatchInput]] {
        var groups: [[BatchInput]] = []
        for input in inputs {
            if let last = groups.last?.first, last.entry != nil, input.entry != nil, last.path == input.path {
                groups[groups.count - 1].append(input)
            } else {
                groups.append([input])
            }
        }
        return groups
    }

    /// The findings of every entry of one ZIP archive, each located `archive.zip:entry`; an entry
    /// that cannot be read (a refused name, a corrupt stream) is a `zip` finding.
    func checkEntries(_ entries: [BatchInput]) -> [DumpValidation.Finding] {
        var findings: [DumpValidation.Finding] = []
        for input in entries {
            // Findings name `archive.zip:entry` as their file, as the decode findings do.
            let place = SourceLocation(file: input.shown)
            do {
                let bytes = try input.open().readBytes(upTo: 1 << 30)
                findings += try DumpValidation.validate(
                    bytes: bytes,
                    shown: input.shown,
                    schemas: schemas,
                    format: format,
                    maxExpandedSize: maxExpandedSize
                )
            } catch let diagnostic as Diagnostic {
                var refused = diagnostic.asError
                refused.location = place
                findings.append(.init(rule: "zip", diagnostic: refused))
            } catch {
                findings.append(.init(rule: "zip", diagnostic: .error(.unreadableInput, "\(error)", at: place)))
            }
        }
        return findings
    }
}
