import Foundation
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// A conversion whose points spill (a memory limit of one byte: every block goes to the temporary
/// file, every out-of-order series is merge-sorted through it) writes exactly what the goldens,
/// made by the in-memory pipeline, say: every fixture, every streamed format, every merge.
struct StreamedConversionTests {
    /// The registry is process-wide and `CustomDecoderTests` adds its test provider while these
    /// tests run: registered up front, the providers a message names are the same in the spilled
    /// and the in-memory run it compares.
    init() { DecoderRegistry.register(ToyMeterDecoder()) }

    /// `conversion` with a memory limit so small that every point waits in the spill file.
    static func spilling(_ conversion: Conversion) -> Conversion {
        var spilling = conversion
        spilling.memoryLimit = 1
        return spilling
    }

    @Test(arguments: FixtureGoldens.inputs)
    func everyFixtureSpilledConvertsAsTheGoldensSay(_ input: String) throws {
        let conversion = Self.spilling(try FixtureGoldens.conversion(of: input))
        let csv = LibraryRun.run(conversion, to: .csv)
        let stderr = FixtureGoldens.asShipped(csv.stderr)
        expectSnapshot(stderr + "exit status: \(csv.status)\n", at: FixtureGoldens.golden(for: input, "stderr"))
        guard csv.status == 0 else {
            #expect(csv.output.isEmpty, "a failed conversion gave output")
            return
        }
        expectSnapshot(csv.stdout, at: FixtureGoldens.golden(for: input, "csv"))
        for (format, ext) in [(OutputFormat.openmetrics, "om"), (.influx, "lp")] where FixtureGoldens.hasGolden(for: input, ext) {
            let output = LibraryRun.run(conversion, to: format)
            #expect(output.status == 0, "\(output.stderr)")
            expectSnapshot(output.stdout, at: FixtureGoldens.golden(for: input, ext))
        }
    }

    /// Each provider's fixtures merged into one output (overlapping archived windows, series that
    /// several dumps share, `--on-overlap` deciding), and transformed: with every point spilled,
    /// the same bytes, messages and exit code in every streamed format as with the points in columns.
    @Test(arguments: ["baishan", "interserver", "onapp", "surfercloud", "swiftfederation"])
    func mergedFixturesSpilledConvertAsInMemory(_ provider: String) throws {
        var plans: [TransformPlan] = [TransformPlan()]
        var resampled = TransformPlan()
        resampled.resample = try BucketGrid(interval: CalendarInterval(1, .hours))
        resampled.fill = .zero
        resampled.unit = "GB"
        plans.append(resampled)
        for overlap in [DuplicatePolicy.last, .first, .error] {
            for plan in plans {
                var conversion = Conversion(
                    inputs: BatchInput.expand(["Fixtures/\(provider)"]),
                    overlap: overlap,
                    transforms: plan
                )
                conversion.batch = true
                var inColumns = conversion
                inColumns.storesPoints = false
                for format in OutputFormat.allCases where format.streamsPoints && format != .parquet {
                    let inMemory = LibraryRun.run(inColumns, to: format)
                    let spilled = LibraryRun.run(Self.spilling(conversion), to: format)
                    #expect(spilled.status == inMemory.status, "\(provider) \(overlap) \(format)")
                    #expect(spilled.output == inMemory.output, "\(provider) \(overlap) \(format)")
                    // The summary line's seconds differ from run to run.
                    let lines = { (run: LibraryRunResult) in run.lines.map { $0.replacing(#/ MB in [0-9.]+ s\)/#, with: " MB)") } }
                    #expect(lines(spilled) == lines(inMemory), "\(provider) \(overlap) \(format)")
                }
            }
        }
    }

    @Test func theSpillFileIsGoneAfterARunThatSucceededOrFailed() throws {
        let folder = try TemporaryFolder()
        for input in ["Fixtures/baishan/bandwidth-3days.json", "Fixtures/baishan/conflicting-duplicates.json"] {
            var conversion = Self.spilling(try FixtureGoldens.conversion(of: input))
            conversion.options.duplicates = .error
            let path = folder.file("out.csv").path
            _ = conversion.run(to: .file(path), as: .csv) { _ in }
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { $0 != "out.csv" }
            #expect(left.isEmpty, "\(input): \(left)")
        }
    }
}
