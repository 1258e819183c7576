import ArgumentParser
import UsageConvCore

/// Flags for converting many dumps in one run: where the inputs come from, how many at once,
/// how overlapping dumps combine, and what is reported.
struct BatchOptions: ParsableArguments {
    @Option(
        name: .customLong("files-from"),
        help: ArgumentHelp(
            "Read input paths from this file, one per line ('-' for standard input). Example: find archive -name '*.gz' | usageconv --files-from - -o out/",
            valueName: "list"
        )
    )
    var filesFrom: String?

    @Flag(name: [.customShort("0"), .customLong("null")], help: "--files-from paths are NUL-separated (find -print0). Example: -0")
    var nulSeparated = false

    @Option(
        help: ArgumentHelp(
            "Inputs converted at once (default: all cores). Output is identical for every value. Example: --jobs 4",
            valueName: "n"
        )
    )
    var jobs: Int?

    @Option(
        name: .customLong("memory-limit"),
        help: ArgumentHelp(
            "Memory for the points of a conversion to CSV, TSV, NDJSON, OpenMetrics, line protocol or Parquet (default 64M): beyond it, points wait in a temporary file next to the output, removed when the run ends, so a dump of any size converts within this much memory; out-of-order points are sorted there too. Example: --memory-limit 512M",
            valueName: "bytes"
        )
    )
    var memoryLimit: ByteCount?

    @Option(
        name: .customLong("merge"),
        help: ArgumentHelp("Write one combined table of every input's series to this file. Example: --merge all.csv", valueName: "file")
    )
    var merge: String?

    @Option(
        name: .customLong("on-overlap"),
        help: ArgumentHelp(
            "Two dumps with a value at the same time in the same series (archives of overlapping windows): last (the later-fetched dump wins: dumps are ordered by their own latest time, then path; with --to sqlite the database counts as earlier), first, max, or error. Example: --on-overlap error",
            valueName: DuplicatePolicy.choices
        )
    )
    var overlap: OverlapPolicy = .last

    /// The policy `--on-overlap` names (its values leave out `sum`: overlapping dumps repeat the
    /// same traffic, so summing would count it twice).
    var onOverlap: DuplicatePolicy { overlap.policy }

    @Flag(
        name: .customLong("skip-existing"),
        help: "With -o DIR: leave inputs whose output exists and is newer (resume an interrupted run). Example: --skip-existing"
    )
    var skipExisting = false

    @Option(help: ArgumentHelp("Write the per-input outcome as JSON to this file. Example: --report report.json", valueName: "file.json"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "Take only shard K of N of the inputs (a stable hash of each relative path), to split an archive across machines. Example: --shard 2/8",
            valueName: "K/N"
        )
    )
    var shard: String?

    @Flag(inversion: .prefixedNo, help: "Show a progress line on standard error (default: when it is a terminal). Example: --no-progress")
    var progress: Bool?

    /// `--shard K/N` as numbers.
    var shardNumbers: (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        return (k, n)
    }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, not \(jobs).") }
        if shard != nil && shardNumbers == nil {
            throw ValidationError("--shard expects K/N with 1 <= K <= N, e.g. --shard 2/8, not '\(shard ?? "")'.")
        }
    }

    /// The inputs: command-line files and folders, then `--files-from`, then this machine's shard
    /// (all of them when `sharded` is false).
    func inputs(_ arguments: [String], sharded: Bool = true) throws -> [BatchInput] {
        var (inputs, skipped) = BatchInput.expandReportingSkipped(arguments, patterns: true)
        if let filesFrom {
            do {
                let listed = try BatchInput.expandList(at: filesFrom, nulSeparated: nulSeparated)
                inputs += listed.inputs
                skipped += listed.skipped
            } catch {
                DiagnosticPrinter.print(error)
                throw ExitCode(error.exitCode)
            }
        }
        for warning in skipped { DiagnosticPrinter.print(warning) }
        return sharded ? shard(of: inputs) : inputs
    }

    /// This machine's shard of `inputs` (`--shard K/N`; all of them without it).
    func shard(of inputs: [BatchInput]) -> [BatchInput] {
        guard let (k, n) = shardNumbers else { return inputs }
        return inputs.filter { $0.isInShard(k, of: n) }
    }
}

/// What `--on-overlap` accepts: the duplicate policies that make sense across dumps.
enum OverlapPolicy: String, CaseIterable, ExpressibleByArgument {
    case last, first, max, error

    /// The `--on-overlap` values, spelled out as for the other enumerations (Formats+ExpressibleByArgument.swift).
    static var allValueStrings: [String] { allCases.map { $0.rawValue } }
    /// No value has a description beyond its name.
    static var allValueDescriptions: [String: String] { [:] }

    /// The merge policy it stands for.
    var policy: DuplicatePolicy {
        switch self {
        case .last: .last
        case .first: .first
        case .max: .max
        case .error: .error
        }
    }
}
