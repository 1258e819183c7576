import ArgumentParser
import Glibc
import UsageConvCore

extension UsageConvCommand {
    /// Converts dumps to one canonical table (the default subcommand).
    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",
            abstract:
                "Convert provider dumps to CSV, TSV, JSON, NDJSON, OpenMetrics, InfluxDB line protocol, a SQLite database, Parquet or FinOps FOCUS rows (the default subcommand).",
            discussion: """
                The provider is detected from content (gzip too); --format forces one.

                Several inputs, folders (walked recursively: a file found in a folder or by a \
                glob is read when its content sniffs as JSON, XML, gzip or zip, the rest skipped \
                with one warning; a file named explicitly is always read), quoted globs such as \
                'archive/2025-*/**/*.json.gz' (expanded by usageconv: no argument-length \
                limit, and -o DIR/ keeps the folders below the pattern's fixed part) or \
                --files-from lists are combined into one table (stdout, -o FILE or --merge \
                FILE): a series found in several dumps is merged, and where their windows \
                overlap --on-overlap decides (default: the later-fetched dump wins). With \
                -o DIR/ each input gets its own output instead, mirroring the input tree \
                (a/b/dump.json.gz -> DIR/a/b/dump.csv; archive.zip entries -> \
                DIR/archive.zip/entry.csv), written atomically, --jobs at a time; \
                --skip-existing resumes an interrupted run (a later run into DIR removes temp \
                files a killed run left, .NAME.usageconv-PID-XXXXXX, whose PID no longer runs). \
                A missing or unreadable input among several stops the run before anything is \
                created (exit 66). File names are kept as bytes \
                (a name that is not UTF-8 opens and is mirrored as it is, shown with \\xNN). \
                Batch runs end with a summary line, and --report writes the per-input \
                outcome as JSON. Errors and warnings go to standard error as \
                'usageconv: FILE: LINE:COLUMN: message'.

                --to sqlite -o usage.db loads every input into one SQLite database \
                (tables series, points, point_labels; a view usage that reads like the CSV), \
                created if missing, else appended to: points it already has are left alone, \
                differing ones follow --on-overlap (the database counts as the earlier dump). \
                The whole run is one transaction: a failed or killed run leaves the database \
                as it was.

                --to parquet -o DIR/ --partition-by source,month writes every input into one \
                Hive-partitioned Parquet dataset, one folder level per key (DIR/source=baishan/\
                month=2025-03/ holding part-K-of-N-HASH.parquet; keys source, resource, month, day, in the order \
                given; month and day by the UTC calendar, or by --tz's; values escaped as Hive \
                does, %2F for /). With --shard K/N a run writes and replaces only shard K's \
                files: every new file is written first, then renamed into place, then shard \
                K's files the run no longer produces are removed, so N runs on N machines fill \
                one tree that DuckDB, Spark and Trino read as one table, and a run where an \
                input failed leaves the dataset as it was (exit 65). Parquet goes to a pipe \
                but not to a terminal; --time does not apply to parquet or sqlite (time is a \
                UTC timestamp there).

                --to focus writes FinOps FOCUS 1.0 cost and usage rows (CSV): OnApp money \
                series as billed (per resource its record total), traffic priced per GB or \
                GiB and bandwidth per Mbit/s of each calendar month's 95th percentile by the \
                --rates JSON rate card (tiers graduated or by volume; months in --tz). A \
                traffic or bandwidth series without a rate is refused (FOCUS allows no null \
                cost), exit 64.

                Exit codes: 0 converted; 64 usage; 65 an input's data was bad (the other \
                inputs are still converted); 66 an input is missing or unreadable; 73 the \
                output cannot be created; 74 writing the output failed.

                Examples:
                  usageconv Fixtures/baishan/bandwidth-3days.json --to csv
                  usageconv Fixtures/baishan/seed-example.json --lenient --to json
                  usageconv day1.json day2.json --to csv -o volume.csv
                  usageconv archive/ -o out/ --jobs 4 --skip-existing --report report.json
                  usageconv archive/ --merge all.csv --on-overlap last
                  usageconv archive/ --to sqlite -o usage.db
                  usageconv 'archive/2025-*/**/*.json.gz' -o out/
                  usageconv bandwidth.json --resample 1d --tz Europe/Berlin --unit GB
                  usageconv Fixtures/interserver/vps-day.json --fill linear --max-gap 10m
                  usageconv archive/ --merge usage.om --to openmetrics   # promtool tsdb create-blocks-from openmetrics usage.om data/
                  usageconv archive/ --merge usage.lp --to influx        # curl -XPOST 'localhost:8086/write?db=usage&precision=s' --data-binary @usage.lp
                  usageconv archive/ --to parquet -o usage.parquet
                  usageconv archive/ --to parquet -o dataset/ --partition-by source,month --shard 2/8
                  usageconv month/*.json --to focus --rates rates.json -o focus.csv   # FinOps FOCUS 1.0 rows
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Dumps, folders or quoted globs to convert; '-' reads standard input. Example: dump.json",
                valueName: "file"
            )
        )
        var inputs: [String] = []

        @OptionGroup var decoding: DecodingOptions
        @OptionGroup(title: "Transforms (applied in this order: clip, fill, resample, convert)") var transforms: TransformOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup(title: "Many dumps at once") var batch: BatchOptions

        func validate() throws {
            // `usageconv stat f.json` is a typo, not a request to convert a file named `stat`.
            if let first = inputs.first, DidYouMean.nothing(at: first), !GlobPattern.isGlob(first),
                let name = DidYouMean.subcommand(for: first, among: UsageConvCommand.subcommandNames)
            {
                throw ValidationError("'\(first)' is neither a file nor a subcommand; did you mean 'usageconv \(name)'?")
            }
            if inputs.isEmpty && batch.filesFrom == nil {
                throw ValidationError("Name at least one dump or folder to convert ('-' reads standard input), or give --files-from.")
            }
            if inputs.filter({ $0 == "-" }).count + (batch.filesFrom == "-" ? 1 : 0) > 1 {
                throw ValidationError("Standard input ('-') can be read only once.")
            }
            if output.time == .local && transforms.tz == nil {
                throw ValidationError(
                    "--time local writes times in the --tz zone: add --tz (e.g. --tz Asia/Kolkata), or use --time iso for UTC"
                )
            }
            if batch.merge != nil && output.output != nil {
                throw ValidationError("--merge FILE and -o/--output both name where output goes: give one.")
            }
            if output.to.isDatabase && (batch.merge ?? output.output ?? "-") == "-" {
                throw ValidationError("--to sqlite writes a database file, which standard output cannot hold: give -o FILE.db.")
            }
            // Binary bytes on a terminal are garbage and can upset it; a pipe (| duckdb, | aws s3 cp -)
            // takes them fine, since the Parquet writer never seeks.
            if output.to == .parquet && (batch.merge ?? output.output ?? "-") == "-" && isatty(1) == 1 {
                throw ValidationError(
                    "--to parquet writes binary data, which a terminal cannot show: give -o FILE.parquet, or pipe standard output to a program."
                )
            }
            if output.partitionBy != nil {
                guard let folder = output.output, Conversion.Output.isFolder(folder), batch.merge == nil else {
                    throw ValidationError(
                        "--partition-by writes a dataset folder: give -o DIR/ (a folder, with its trailing slash when it does not exist yet)."
                    )
                }
                if batch.skipExisting {
                    throw ValidationError("--skip-existing does not apply to --partition-by: a run rewrites its shard's files as a whole.")
                }
            }
        }

        func run() throws {
            InterruptCleanup.install()
            let found = try batch.inputs(inputs, sharded: false)
            let all = batch.shard(of: found)
            let plan = try transforms.planOrExit()
            let rateCard = try output.loadRateCardOrExit()
            let toFolder = output.output.map(Conversion.Output.isFolder) ?? false
            var conversion = decoding.conversion(all, transforms: plan, jobs: batch.jobs, overlap: batch.onOverlap)
            conversion.refusesUnreadable = all.count > 1 || batch.filesFrom != nil || toFolder
            conversion.batch =
                all.count > 1 || inputs.contains { $0 != "-" && (DirectoryWalker.isDirectory($0) || GlobPattern.isGlob($0)) }
                || batch.filesFrom != nil
            conversion.reportPath = batch.report
            conversion.memoryLimit = batch.memoryLimit?.bytes
            let target: Conversion.Output
            if let keys = try output.partitionKeys(), let folder = output.output {
                if found.isEmpty {
                    // An empty archive (a mount that failed, a wrong glob) must not wipe this shard's
                    // files; a shard left with no inputs of a non-empty archive does replace them.
                    DiagnosticPrinter.printLine("usageconv: \(folder): no input found: the dataset was left as it was")
                    throw ExitCode(66)
                }
                let shard = batch.shardNumbers ?? (1, 1)
                target = .dataset(folder: folder, keys: keys, shardIndex: shard.index, shardCount: shard.count)
            } else if let merge = batch.merge {
                target = merge == "-" ? .standardOutput : .file(merge)
            } else {
                target = .named(output.output, skipExisting: batch.skipExisting)
            }
            let progress = ProgressLine(total: all.count, enabled: conversion.batch || toFolder ? batch.progress : false)
            let status = conversion.run(
                to: target,
                as: output.to,
                options: output.encodeOptions(zone: plan.zone, rateCard: rateCard),
                progress: { bytes, failed in progress.finished(bytes: bytes, failed: failed) },
                emit: { DiagnosticPrinter.show($0, progress: progress) }
            )
            if status != 0 { throw ExitCode(status) }
        }
    }
}
