import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Converts dumps to one canonical table (the default subcommand).
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert provider dumps to CSV, TSV, JSON or NDJSON (the default subcommand).",
            discussion: """
                The provider is detected from content; --format forces one. Several inputs are
                combined into one table; a series that appears in two inputs is merged, and
                duplicate times are resolved by --on-duplicate. Errors and warnings go to
                standard error as 'usageconv: FILE: LINE:COLUMN: message'.

                Exit codes: 0 converted; 64 usage; 65 an input's data was bad (the other inputs
                are still converted); 66 an input is missing or unreadable; 73 the output cannot be
                created; 74 writing the output failed.

                Examples:
                  usageconv Fixtures/baishan/bandwidth-3days.json --to csv
                  usageconv Fixtures/baishan/seed-example.json --lenient --to json
                  usageconv day1.json day2.json --to csv -o volume.csv
                  usageconv Fixtures/baishan/bandwidth-3days.json --resample 1d --tz Europe/Berlin --unit GB
                  usageconv Fixtures/interserver/vps-day.json --fill linear --max-gap 10m
                """
        )

        @Argument(help: ArgumentHelp("Dump files to convert; '-' reads standard input. Example: dump.json", valueName: "file"))
        var inputs: [String] = []

        @OptionGroup var decoding: DecodingOptions
        @OptionGroup(title: "Transforms (applied in this order: clip, fill, resample, convert)") var transforms: TransformOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if inputs.isEmpty {
                throw ValidationError("Name at least one dump to convert ('-' reads standard input).")
            }
            if inputs.filter({ $0 == "-" }).count > 1 {
                throw ValidationError("Standard input ('-') can be read only once.")
            }
        }

        func run() throws {
            InterruptCleanup.install()
            if let target = output.output, target != "-", let targetIdentity = FileIdentity(path: target) {
                for input in inputs where FileIdentity(path: input) == targetIdentity {
                    DiagnosticPrinter.print(
                        .error(.usage, "the output would overwrite the input \(input)", at: SourceLocation(file: target))
                    )
                    throw ExitCode(64)
                }
            }
            // Create the output first: an unwritable folder fails now (73), not after a long decode.
            var file: AtomicFile? = nil
            if let path = output.output, path != "-" {
                do {
                    file = try AtomicFile(path: path)
                } catch let diagnostic as Diagnostic {
                    DiagnosticPrinter.print(diagnostic)
                    throw ExitCode(diagnostic.exitCode)
                }
            }
            defer { file?.abort() }
            let plan = try transforms.planOrExit()
            let decoded = try DecodedInputs.load(inputs, decoding: decoding, transforms: plan)
            for warning in decoded.warnings { DiagnosticPrinter.print(warning) }
            try write(decoded.series, warnings: decoded.warnings, to: file)
            if !decoded.failures.isEmpty { throw ExitCode(DecodedInputs.exitCode(for: decoded.failures)) }
        }

        private func write(_ series: [Series], warnings: [Diagnostic], to file: AtomicFile?) throws {
            let encoder = output.to.encoder(options: output.encodeOptions)
            do {
                let sink = PipelinedSink(file?.sink ?? FileDescriptorSink.standardOutput())
                try encoder.encode(series, warnings: warnings, to: sink)
                try sink.finish()
                try file?.commit()
            } catch let diagnostic as Diagnostic {
                file?.abort()
                DiagnosticPrinter.print(diagnostic)
                throw ExitCode(diagnostic.exitCode)
            }
        }
    }
}
