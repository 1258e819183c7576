import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Checks dumps kept as test fixtures: XML against its XSD, then the provider decoder's checks.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
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
            name: .customLong("to"),
            help: ArgumentHelp(
                "Also report for CI on standard output: json, or junit (JUnit XML, one test case per file). Example: --to junit",
                valueName: ReportFormat.choices
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

        /// `--format` (the decoder of the consistency checks), `--strict` and `--max-expanded-size`, as converting takes them.
        @OptionGroup var input: InputOptions

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("Name at least one dump to check ('-' reads standard input).") }
            if expect != nil && (inputs.count != 1 || DirectoryWalker.isDirectory(inputs[0])) {
                throw ValidationError("--expect compares one dump with one CSV: name exactly one file.")
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
            let inputs = DiagnosticPrinter.expanded(inputs)
            let validation = FixtureValidation(
                schemas: schemas,
                format: input.format,
                maxExpandedSize: input.maxExpandedSizeBytes,
                ignoresExpectations: ignoreExpectations,
                expectedCSV: expect
            )
            let results = validation.check(inputs)
            let report = ValidationReport(files: results, strict: input.strict)
            for result in results {
                if let unreadable = result.unreadable { DiagnosticPrinter.print(unreadable) }
                guard to == .text else { continue }
                if result.expectedInvalid != nil && !result.failed(strict: input.strict) {
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
            if results.contains(where: { $0.failed(strict: input.strict) }) { throw ExitCode(65) }
        }
    }
}
