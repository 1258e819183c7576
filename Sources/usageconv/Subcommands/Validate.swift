import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Checks dumps kept as test fixtures: XML against its XSD, then the provider decoder's checks.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check dumps kept as test fixtures: JSON against JSON Schema, XML against an XSD, then the decoder's checks.",
            discussion: """
                JSON is validated against the JSON Schema (draft 2020-12) of the provider it belongs \
                to, shipped inside usageconv (Schemas/*.schema.json), or --schema FILE|NAME; a \
                schema of just `true` makes this a strict well-formedness check of any JSON. XML is \
                validated against the OnApp vm_stats XSD (or --schema FILE.xsd) through libxml2, \
                streaming, with the same safety as conversion (no DTDs, no entities, no network). \
                Then every dump is read by its provider's decoder in strict mode: each error and \
                each warning (totals that disagree, unsorted or duplicate times, defects) is a \
                finding. One line per finding, then a summary:
                  FILE:LINE:COLUMN: RULE: severity: message
                  FILE:#/JSON/POINTER: schema: error: KEYWORD: message
                RULE is json, schema, xsd, decode, consistency, expect, gzip or zip (an entry of \
                a zip that cannot be read). Consistency \
                findings are what no schema can express (points off the step grid, spans longer \
                than one API call returns).

                Bundled schemas for --schema NAME: \(DumpSchemas.bundledNames.joined(separator: ", ")) \
                (a decoder's name, as 'usageconv formats' lists them, picks its provider's schema).

                A negative fixture is declared by a file DUMP.expect-invalid beside it \
                (or .expect-invalid in its folder or above) listing text its findings must contain, \
                one per line: it passes when it is invalid with those findings, reported as \
                FILE: expect-invalid: ok. --to json or --to junit also writes a report for CI \
                systems to standard output (JUnit: one test case per file, so dashboards show each \
                fixture). Exit 0 when no file has an error, 65 when one has (--strict: warnings \
                too), 66 when a file cannot be read.

                Examples:
                  usageconv validate Fixtures/onapp/user-3days.xml
                  usageconv validate Fixtures/surfercloud/*.json --strict
                  usageconv validate dump.xml --schema my-vm-stats.xsd
                  usageconv validate any.json --schema true.json
                  usageconv validate Fixtures/ --to junit > validate.xml
                  usageconv validate dump.json --expect expected/dump.csv
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Dumps, folders (recursively: files that sniff as JSON, XML, gzip or zip; the rest skipped with one warning) "
                    + "or quoted globs to check; a zip's entries are each checked; '-' reads standard input. "
                    + "Example: Fixtures/",
                valueName: "file|folder"
            )
        )
        var inputs: [String] = []

        @Option(
            help: ArgumentHelp(
                "An XSD or JSON Schema file, or a bundled schema's name (listed above), instead of the one picked by content. Example: --schema baishan",
                valueName: "file|name"
            )
        )
        var schema: String?

        @Flag(
            name: .customLong("format-assertion"),
            help:
                "Check JSON Schema 'format' (date-time, date, time, uri, email, ipv4, ipv6, uuid, ...) instead of treating it as an annotation. Example: --format-assertion"
        )
        var formatAssertion = false

        @Option(
            name: .customLong("format"),
            help: ArgumentHelp("Force the decoder used for the consistency checks. Example: --format onapp", valueName: "name")
        )
        var format: String?

        @Option(
            name: .customLong("to"),
            help: ArgumentHelp(
                "Also report for CI on standard output: json, or junit (JUnit XML, one test case per file). Example: --to junit",
                valueName: "text|json|junit"
            )
        )
        var to: ReportFormat = .text

        /// How findings are reported.
        enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json, junit
        }

        @Option(
            help: ArgumentHelp(
                "Also check that converting the dump (as 'usageconv FILE --to csv' would) gives exactly this CSV. Example: --expect expected/dump.csv",
                valueName: "file.csv"
            )
        )
        var expect: String?

        @Flag(
            name: .customLong("ignore-expectations"),
            help:
                "Check negative fixtures as ordinary dumps, ignoring .expect-invalid files (shows all their findings). Example: --ignore-expectations"
        )
        var ignoreExpectations = false

        @Flag(help: "Treat warnings as errors (exit 65). Example: --strict")
        var strict = false

        @Option(
            name: .customLong("max-expanded-size"),
            help: ArgumentHelp(
                "The most bytes a gzip-compressed dump may inflate to (default 1G). Example: --max-expanded-size 4G",
                valueName: "bytes"
            )
        )
        var maxExpandedSize: ByteCount?

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("Name at least one dump to check ('-' reads standard input).") }
            if expect != nil && (inputs.count != 1 || DirectoryWalker.isDirectory(inputs[0])) {
                throw ValidationError("--expect compares one dump with one CSV: name exactly one file.")
            }
            if let format, DecoderRegistry.decoder(named: format) == nil {
                throw ValidationError("Unknown --format '\(format)'. Expected one of: \(DecoderRegistry.names.joined(separator: ", ")).")
            }
        }

        func run() throws {
            if let expect {
                do {
                    _ = try FileByteSource(path: expect)
                } catch let diagnostic as Diagnostic {
                    // The golden CSV is an input like the dump: unreadable is exit 66, not a finding.
                    DiagnosticPrinter.print(diagnostic)
                    throw ExitCode(66)
                }
            }
            var schemas: DumpSchemas
            do {
                schemas = try DumpSchemas(formatAssertion: formatAssertion)
                if let schema { try schemas.choose(schema, formatAssertion: formatAssertion) }
            } catch let diagnostic as Diagnostic {
                DiagnosticPrinter.print(diagnostic.location?.file == nil ? diagnostic.inFile(schema) : diagnostic)
                throw ExitCode(diagnostic.code == .unreadableInput ? 66 : 64)
            }
            var results: [ValidationReport.FileResult] = []
            let expanded = BatchInput.expandReportingSkipped(inputs, patterns: true)
            for warning in expanded.skipped { DiagnosticPrinter.print(warning) }
            let limit = maxExpandedSize?.bytes ?? GzipByteSource.defaultLimit
            for group in Self.byFile(expanded.inputs) {
                let path = group[0].path
                let shown = path == "-" ? "<stdin>" : path
                let expected = path == "-" || ignoreExpectations ? nil : Self.expectation(for: path)
                guard group[0].entry == nil else {
                    // A ZIP archive: each entry checked as a dump, the findings reported as the archive's.
                    let findings = Self.validateEntries(group, schemas: schemas, format: format, limit: limit)
                    results.append(.init(file: shown, findings: findings, expectedInvalid: expected))
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
                        maxExpandedSize: limit
                    )
                    if let expect { findings += Self.compare(bytes, shown: shown, format: format, with: expect) }
                    results.append(.init(file: shown, findings: findings, expectedInvalid: expected))
                } catch let diagnostic as Diagnostic {
                    results.append(.init(file: shown, findings: [], unreadable: diagnostic.inFile(shown)))
                }
            }
            let report = ValidationReport(files: results, strict: strict)
            for result in results {
                if let unreadable = result.unreadable { DiagnosticPrinter.print(unreadable) }
                guard to == .text else { continue }
                if result.expectedInvalid != nil && !result.failed(strict: strict) {
                    let errors = result.findings.filter { report.severity($0) == "error" }.count
                    DiagnosticPrinter.printLine("\(result.file): expect-invalid: ok: \(errors) error\(errors == 1 ? "" : "s"), as expected")
                    continue
                }
                for finding in result.findings { DiagnosticPrinter.printLine(report.line(finding)) }
                for line in report.expectationLines(result) { DiagnosticPrinter.printLine(line) }
            }
            if to != .text {
                do {
                    try FileDescriptorSink.standardOutput().write((to == .json ? report.json : report.junit)[...])
                } catch let diagnostic as Diagnostic {
                    DiagnosticPrinter.print(diagnostic)
                    throw ExitCode(diagnostic.exitCode)
                }
            }
            DiagnosticPrinter.printLine("usageconv: " + report.summary)
            if results.contains(where: { $0.unreadable != nil }) { throw ExitCode(66) }
            if results.contains(where: { $0.failed(strict: strict) }) { throw ExitCode(65) }
        }

        /// The expected findings of a negative fixture: the lines of `DUMP.expect-invalid` beside it, or
        /// of a `.expect-invalid` file in its folder or a folder above (blank lines and `#` comments
        /// skipped); `nil` for an ordinary fixture.
        static func expectation(for path: String) -> [String]? {
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

        /// `--expect OUT.csv`: converting the dump must give exactly these bytes.
        static func compare(_ bytes: [UInt8], shown: String, format: String?, with expected: String) -> [DumpValidation.Finding] {
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
                let decoded = try InputDecoding.decode(source: MemoryByteSource(bytes), format: format, options: DecodeOptions())
                let merged = try SeriesMerger.merge(decoded.series, duplicates: .last)
                try DelimitedEncoder(style: .csv).encode(merged.series, warnings: [], to: sink)
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
        static func validateEntries(
            _ entries: [BatchInput],
            schemas: DumpSchemas,
            format: String?,
            limit: Int64
        ) -> [DumpValidation.Finding] {
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
                        maxExpandedSize: limit
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
}
