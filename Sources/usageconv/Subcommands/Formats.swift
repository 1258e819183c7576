import ArgumentParser
import UsageConvCore

extension UsageConvCommand {
    /// Lists the input decoders and output encoders.
    struct Formats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "formats",
            abstract: "List the input decoders (--format) and output formats (--to).",
            discussion: "Example: usageconv formats"
        )

        func run() throws {
            print(DecoderRegistry.formatsListing)
        }
    }
}
