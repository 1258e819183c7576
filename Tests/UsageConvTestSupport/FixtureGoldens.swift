import Foundation
import UsageConvCore

/// The bundled fixtures and their goldens: every input under `Fixtures/<provider>/`, the
/// `Fixtures/expected/...` files it is compared with, and the extra flags in its `.args` file.
package enum FixtureGoldens {
    /// One fixture folder per registered decoder.
    package static let providers = DecoderRegistry.builtIn.map(\.id)

    /// Every fixture input (not `.args`, `.md` or `.expect-invalid` sidecars), sorted per provider.
    package static let inputs: [String] = providers.flatMap { provider in
        TestPaths.fixtureFiles(in: provider).filter { path in
            !path.hasSuffix(".args") && !path.hasSuffix(".md") && !path.hasSuffix(".expect-invalid")
        }
    }

    /// The fixtures that convert (their `.stderr` golden ends with exit status 0), every provider's.
    package static let converting: [String] = inputs.filter { input in
        let golden = TestPaths.root.appendingPathComponent(golden(for: input, "stderr"))
        return (try? String(contentsOf: golden, encoding: .utf8))?.hasSuffix("exit status: 0\n") == true
    }

    /// The golden path for an input and an extension: `Fixtures/x/invalid/a.json` → `Fixtures/expected/x/invalid/a.json.csv`.
    package static func golden(for input: String, _ ext: String) -> String {
        "Fixtures/expected/" + input.dropFirst("Fixtures/".count) + "." + ext
    }

    /// Whether `input` has a golden with extension `ext`.
    package static func hasGolden(for input: String, _ ext: String) -> Bool {
        FileManager.default.fileExists(atPath: TestPaths.root.appendingPathComponent(golden(for: input, ext)).path)
    }

    /// The command-line flags in `<input>.args` (empty when there is none); `input` is relative
    /// to the package root, or absolute.
    package static func arguments(for input: String) -> [String] {
        let url = input.hasPrefix("/") ? URL(fileURLWithPath: input + ".args") : TestPaths.root.appendingPathComponent(input + ".args")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    /// The decoder settings an `.args` file's flags stand for, for in-process runs.
    ///
    /// Only the decoding flags fixtures use are known; any other flag throws, so a new `.args`
    /// flag fails the in-process tests until it is added here rather than being ignored.
    package static func decoding(for input: String) throws -> (format: String?, options: DecodeOptions) {
        var format: String? = nil
        var options = DecodeOptions()
        var words = arguments(for: input)[...]
        while let flag = words.popFirst() {
            func value() throws -> String {
                guard let next = words.popFirst() else { throw UnknownFixtureArgument(input: input, flag: flag) }
                return next
            }
            switch flag {
            case "--lenient": options.lenient = true
            case "--format": format = try value()
            case "--metric": options.metric = try value()
            case "--assume-unit": options.assumedUnit = try value()
            case "--label":
                guard let label = DecodeOptions.Label(rawValue: try value()) else { throw UnknownFixtureArgument(input: input, flag: flag) }
                options.label = label
            case "--on-duplicate":
                guard let policy = DuplicatePolicy(rawValue: try value()) else { throw UnknownFixtureArgument(input: input, flag: flag) }
                options.duplicates = policy
            default: throw UnknownFixtureArgument(input: input, flag: flag)
            }
        }
        return (format, options)
    }

    /// `text` as the executable would print it: the list of decoder names that messages give
    /// (`name it with --format (baishan, ...)`) without decoders registered by tests.
    ///
    /// The registry is process-wide and `CustomDecoderTests` registers a test-only provider, so an
    /// in-process message may list it; the executable only ever has the built-in decoders. (The
    /// registry only grows, so a list read after the message was made holds every name it holds.)
    package static func asShipped(_ text: String) -> String {
        let all = DecoderRegistry.names.joined(separator: ", ")
        let shipped = DecoderRegistry.builtIn.map(\.id).joined(separator: ", ")
        return all == shipped ? text : text.replacingOccurrences(of: all, with: shipped)
    }

    /// The conversion of one fixture with its `.args`, as `usageconv FIXTURE ARGS` would run it.
    package static func conversion(of input: String) throws -> Conversion {
        let decoding = try decoding(for: input)
        return Conversion(inputs: BatchInput.expand([input]), format: decoding.format, options: decoding.options)
    }
}

/// A flag in a fixture's `.args` file that ``FixtureGoldens/decoding(for:)`` does not know.
package struct UnknownFixtureArgument: Error, CustomStringConvertible {
    /// The fixture.
    package var input: String
    /// The flag.
    package var flag: String

    package var description: String { "\(input).args: \(flag) is not a decoding flag FixtureGoldens knows; add it there" }
}
