import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Checks dumps kept as test fixtures: XML against its XSD, then the provider decoder's checks.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check dumps kept as test fixtures: JSON against JSON Schema, XML against an XSD, then the decoder's checks.",
            discussion: """
                JSON is validated against the JSON Schema (draft 2020-12) of the provider it belongs
                to, shipped inside usageconv (Schemas/*.schema.json), or --schema FILE|NAME; a
                schema of just `true` makes this a strict well-formedness check of any JSON. XML is
                validated against the OnApp vm_stats XSD (or --schema FILE.xsd) through libxml2,
                streaming, with the same safety as conversion (no DTDs, no entities, no network).
                Then every dump is read by its provider's decoder in strict mode: each error and
                each warning (totals that disagree, unsorted or duplicate times, defects) is a
                finding. One line per finding:
                  FILE:LINE:COLUMN: RULE: severity: message     (RULE: json, schema, xsd, decode)
                  FILE:#/JSON/POINTER: schema: error: KEYWORD: message
                then a summary. --to json or --to junit also writes a report for CI systems to
                standard output (JUnit: one test case per file, so dashboards show each fixture). Exit 0 when no file has an error, 65 when one has (--strict: warnings
                too), 66 when a file cannot be read.

                Examples:
                  usageconv validate Fixtures/onapp/user-3days.xml
                  usageconv validate Fixtures/surfercloud/*.json --strict
                  usageconv validate dump.xml --schema my-vm-stats.xsd
                  usageconv validate any.json --schema true.json
                  usageconv validate Fixtures/ --to junit > validate.xml
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Dump files or folders (their .json and .xml files, recursively) to check; '-' reads standard input. Example: Fixtures/",
                valueName: "file|folder"
            )
        )
        var inputs: [String] = []

        @Option(
            help: ArgumentHelp(
                "An XSD or JSON Schema file, or a bundled schema's name, instead of the one picked by content. Example: --schema my.schema.json",
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

        @Flag(help: "Treat warnings as errors (exit 65). Example: --strict")
        var strict = false

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("Name at least one dump to check ('-' reads standard input).") }
            if let format, DecoderRegistry.decoder(named: format) == nil {
                throw ValidationError("Unknown --format '\(format)'. Expected one of: \(DecoderRegistry.names.joined(separator: ", ")).")
            }
        }

        func run() throws {
            var schemas: DumpSchemas
            do {
                schemas = try DumpSchemas(formatAssertion: formatAssertion)
                if let schema { try schemas.choose(schema, formatAssertion: formatAssertion) }
            } catch let diagnostic as Diagnostic {
                DiagnosticPrinter.print(diagnostic.location?.file == nil ? diagnostic.inFile(schema) : diagnostic)
                throw ExitCode(diagnostic.code == .unreadableInput ? 66 : 64)
            }
            var results: [ValidationReport.FileResult] = []
            for path in Self.expand(inputs) {
                let shown = path == "-" ? "<stdin>" : path
                do {
                    // Fixtures are small: read whole, then check twice (schema, decoder) from memory.
                    let bytes = try FileByteSource(path: path).readBytes(upTo: 1 << 30)
                    let findings = try DumpValidation.validate(bytes: bytes, shown: shown, schemas: schemas, format: format)
                    results.append(.init(file: shown, findings: findings))
                } catch let diagnostic as Diagnostic {
                    results.append(.init(file: shown, findings: [], unreadable: diagnostic.inFile(shown)))
                }
            }
            let report = ValidationReport(files: results, strict: strict)
            for result in results {
                if let unreadable = result.unreadable { DiagnosticPrinter.print(unreadable) }
                if to == .text { for finding in result.findings { DiagnosticPrinter.printLine(report.line(finding)) } }
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

        /// Files as given, and for each folder the `.json` and `.xml` files below it, in byte order.
        static func expand(_ inputs: [String]) -> [String] {
            inputs.flatMap { path in
                path != "-" && DirectoryWalker.isDirectory(path)
                    ? DirectoryWalker.files(under: path, extensions: [".json", ".xml"]) : [path]
            }
        }
    }
}
