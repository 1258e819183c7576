import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Lists the input decoders and output encoders.
    struct Formats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the input decoders (--format) and output formats (--to).",
            discussion: "Example: usageconv formats"
        )

        func run() throws {
            var lines = ["Input decoders (picked by content; force with --format NAME):"]
            let width = (DecoderRegistry.names + OutputFormat.allCases.map(\.rawValue)).map(\.count).max() ?? 8
            for decoder in DecoderRegistry.all {
                lines.append("  " + decoder.id.padding(to: width) + "  " + decoder.summary)
            }
            lines.append("")
            lines.append("Output formats (--to NAME):")
            for format in OutputFormat.allCases {
                lines.append("  " + format.rawValue.padding(to: width) + "  " + format.summary)
            }
            print(lines.joined(separator: "\n"))
        }
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
