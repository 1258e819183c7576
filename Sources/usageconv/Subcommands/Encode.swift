import ArgumentParser
import UsageConvCore

extension DumpProvider: ExpressibleByArgument {}
extension DumpForm: ExpressibleByArgument {}

extension UsageConvCommand {
    /// Writes canonical series back as a provider's dump: fixtures for billing systems' tests.
    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encode",
            abstract: "Write series (usageconv's CSV, TSV, JSON or NDJSON) as a provider's API dump: the inverse of converting.",
            discussion: """
                The input is what 'usageconv FILE --to csv|tsv|json|ndjson' wrote, edited or \
                not: delete lines for missing days, change values, add rows. The output is the \
                provider's own format, which 'usageconv' decodes back to the same series (times, \
                values; JSON input keeps meta too). Where a payload does not say something \
                (Baishan's data_type, a resource name, a step its points do not show), a note \
                names the flags that decode it back. Summaries the decoders cross-check are \
                computed from the points (SurferCloud TotalOut, InterServer usage, totals, times, \
                last).

                What a format cannot hold is an error naming the series (exit 65): a unit, \
                metric, direction or step the provider never reports, several resources where \
                the format has one. Nothing is converted silently: use 'usageconv --unit' or \
                '--resample' first. Filled points are written as plain values with a warning \
                (no provider marks quality).

                Examples:
                  usageconv Fixtures/baishan/bandwidth-3days.json --to csv > month.csv
                  usageconv encode month.csv --to baishan -o dump.json
                  usageconv encode usage.json --to onapp --form json
                  usageconv encode --to surfercloud --error-body
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Series written by usageconv (CSV, TSV, JSON or NDJSON; gzip is unpacked); '-' or none reads standard input. Example: month.csv",
                valueName: "file"
            )
        )
        var input: String?

        @Option(help: ArgumentHelp("The provider whose dump to write. Example: --to baishan", valueName: DumpProvider.choices))
        var to: DumpProvider

        @Option(
            help: ArgumentHelp(
                "The response shape, where a provider has several (default: baishan plain for one series, each-domain for several; swiftfederation per domain; onapp xml). Example: --form json",
                valueName: DumpForm.choices
            )
        )
        var form: DumpForm?

        @Flag(help: "Leave out zero points, as Baishan and SwiftFederation do (others list every point). Example: --omit-zeros")
        var omitZeros = false

        @Option(
            help: ArgumentHelp(
                "Label points by their interval's start (default) or end: Baishan stat_is_forward=1, OnApp read as the hour ending at stat_time; decode with the same --label. Example: --label end",
                valueName: DecodeOptions.Label.choices
            )
        )
        var label: DecodeOptions.Label = .start

        @Flag(help: "Write the provider's documented error response instead of data (no input is read). Example: --error-body")
        var errorBody = false

        @Option(
            name: [.customShort("o"), .customLong("output")],
            help: ArgumentHelp(
                "Write to this file (atomically: complete or not at all) instead of standard output. Example: -o dump.json",
                valueName: "file"
            )
        )
        var output: String?

        func validate() throws {
            if let form, form.provider != to {
                let own = DumpForm.allCases.filter { $0.provider == to }.map(\.rawValue)
                throw ValidationError(
                    "--form \(form.rawValue) is a \(form.provider.rawValue) form; "
                        + (own.isEmpty ? "\(to.rawValue) has one form" : "\(to.rawValue)'s forms are \(own.joined(separator: ", "))")
                )
            }
            if errorBody && input != nil {
                throw ValidationError("--error-body writes the provider's error response and reads no input: drop \(input ?? "")")
            }
            if errorBody && omitZeros { throw ValidationError("--omit-zeros applies to data, not to --error-body") }
            if label == .end && ![.baishan, .onapp].contains(to) {
                throw ValidationError(
                    "--label end: \(to.rawValue) dumps label intervals by their start; only baishan and onapp read end labels"
                )
            }
            if omitZeros && ![.baishan, .swiftfederation].contains(to) {
                throw ValidationError("--omit-zeros: \(to.rawValue) dumps list zero points; only baishan and swiftfederation omit them")
            }
        }

        func run() throws {
            InterruptCleanup.install()
            var options = DumpEncodeOptions()
            options.form = form
            options.omitZeros = omitZeros
            options.label = label
            let status = DumpEncoding.run(readingFrom: input ?? "-", as: to, options: options, errorBody: errorBody, to: output) {
                DiagnosticPrinter.show($0)
            }
            if status != 0 { throw ExitCode(status) }
        }
    }
}
