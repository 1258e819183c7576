import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Checks dumps kept as test fixtures: XML against its XSD, then the provider decoder's checks.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check dumps kept as test fixtures: XML against an XSD, and every dump against its decoder's checks.",
            discussion: """
                XML is validated against the OnApp vm_stats XSD shipped inside usageconv (or --schema
                FILE.xsd) through libxml2, streaming, with the same safety as conversion (no DTDs, no
                entities, no network). Then every dump is read by its provider's decoder in strict
                mode: each error and each warning (totals that disagree, unsorted or duplicate times,
                defects) is a finding. One line per finding:
                  FILE:LINE:COLUMN: RULE: severity: message
                then a summary. Exit 0 when no file has an error, 65 when one has (--strict: warnings
                too), 66 when a file cannot be read.

                Examples:
                  usageconv validate Fixtures/onapp/user-3days.xml
                  usageconv validate Fixtures/surfercloud/*.json --strict
                  usageconv validate dump.xml --schema my-vm-stats.xsd
                """
        )

        @Argument(help: ArgumentHelp("Dump files to check; '-' reads standard input. Example: dump.xml", valueName: "file"))
        var inputs: [String] = []

        @Option(
            help: ArgumentHelp("An XSD to validate XML with, instead of the bundled one. Example: --schema vm_stats.xsd", valueName: "file")
        )
        var schema: String?

        @Option(
            name: .customLong("format"),
            help: ArgumentHelp("Force the decoder used for the consistency checks. Example: --format onapp", valueName: "name")
        )
        var format: String?

        @Flag(help: "Treat warnings as errors (exit 65). Example: --strict")
        var strict = false

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("Name at least one dump to check ('-' reads standard input).") }
            if let format, DecoderRegistry.decoder(named: format) == nil {
                throw ValidationError("Unknown --format '\(format)'. Expected one of: \(DecoderRegistry.names.joined(separator: ", ")).")
            }
        }

        func run() throws {
            var xsd: XMLSchemaValidator? = nil
            do {
                if let schema {
                    let text = try FileByteSource(path: schema).readBytes(upTo: 16 << 20)
                    xsd = try XMLSchemaValidator(xsd: String(decoding: text, as: UTF8.self), name: schema)
                } else {
                    xsd = try DumpValidation.bundledOnAppSchema()
                }
            } catch let diagnostic as Diagnostic {
                DiagnosticPrinter.print(diagnostic.inFile(schema))
                throw ExitCode(diagnostic.code == .unreadableInput ? 66 : 64)
            }
            var invalid = 0
            var unreadable = 0
            var errors = 0
            var warnings = 0
            for path in inputs {
                let shown = path == "-" ? "<stdin>" : path
                let findings: [DumpValidation.Finding]
                do {
                    // Fixtures are small: read whole, then check twice (schema, decoder) from memory.
                    let bytes = try FileByteSource(path: path).readBytes(upTo: 1 << 30)
                    findings = try DumpValidation.validate(bytes: bytes, shown: shown, xsd: xsd, format: format)
                } catch let diagnostic as Diagnostic {
                    DiagnosticPrinter.print(diagnostic.inFile(shown))
                    unreadable += 1
                    continue
                }
                var failed = false
                for finding in findings {
                    let isError = finding.diagnostic.severity == .error || strict
                    if isError { errors += 1 } else { warnings += 1 }
                    failed = failed || isError
                    DiagnosticPrinter.printLine(Self.line(finding, strict: strict))
                }
                if failed { invalid += 1 }
            }
            let checked = inputs.count - unreadable
            DiagnosticPrinter.printLine(
                "usageconv: validated \(checked) file\(checked == 1 ? "" : "s"): \(checked - invalid) valid, \(invalid) invalid, \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            )
            if unreadable > 0 { throw ExitCode(66) }
            if invalid > 0 { throw ExitCode(65) }
        }

        /// `FILE:LINE:COLUMN: RULE: severity: message` (the path when no line is known).
        static func line(_ finding: DumpValidation.Finding, strict: Bool) -> String {
            let diagnostic = finding.diagnostic
            let location = diagnostic.location
            var place = location?.file ?? "-"
            if let line = location?.line {
                place += ":\(line)"
                if let column = location?.column { place += ":\(column)" }
            } else if let path = location?.path {
                place += ":\(path)"
            }
            let severity = diagnostic.severity == .error || strict ? "error" : "warning"
            return "\(place): \(finding.rule): \(severity): \(diagnostic.message)"
        }
    }
}
