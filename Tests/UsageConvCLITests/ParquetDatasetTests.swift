import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// `--to parquet -o DIR/ --partition-by ...` with `--shard K/N`: shards write one Hive-partitioned
/// dataset that DuckDB (`make test` installs it into .venv-test/) reads as one table, with the
/// totals and rows of an unsharded CSV run; a re-run of one shard replaces exactly its own files; a
/// failed run leaves the dataset as it was.
struct ParquetDatasetTests {
    static let duckdb = TestTools.shouldRun(TestTools.venvHas("duckdb"))

    /// Dumps of every provider, copied into a scratch archive so `--shard` splits them by name.
    static let dumps = [
        "baishan/bandwidth-3days.json", "baishan/bandwidth-hourly.json", "onapp/exact-money.xml", "onapp/net-hourly-stats.json",
        "interserver/vps-day.json", "interserver/vps-two-ips.json", "swiftfederation/volume-day1.json",
        "swiftfederation/bandwidth.json", "surfercloud/bandwidth-billed.json", "surfercloud/eip-november.json",
    ]

    /// A scratch folder holding `archive/` with `dumps` (less the providers in `leaving`).
    static func archive(leaving: Set<String> = []) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for dump in dumps where !leaving.contains(String(dump.prefix { $0 != "/" })) {
            let target = folder.file("archive/" + dump)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: TestPaths.root.appendingPathComponent("Fixtures/" + dump), to: target)
        }
        return folder
    }

    /// Every file below `folder` (hidden ones too, so a leftover temp file shows), relative to it,
    /// with its bytes.
    static func tree(_ folder: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            result[path] = try Data(contentsOf: url)
        }
        return result
    }

    static func dataset(_ arguments: [String], in folder: TemporaryFolder) throws -> CLIResult {
        try CLIRunner.run(["archive/", "--to", "parquet", "-o", "dataset/"] + arguments, in: folder.url)
    }

    /// DuckDB over the dataset and Python's csv and Decimal over the unsharded CSV, printed the same
    /// way: per series the row count and exact sum, then every row (identity, Unix time, exact
    /// value, quality, billed); DuckDB's columns first.
    static let compare = """
        import csv, datetime, decimal, sys, duckdb
        decimal.getcontext().prec = 100
        def text(d):
            t = format(d.normalize(), "f")
            return "0" if t in ("0", "-0") else t
        table = f"read_parquet('{sys.argv[1]}/**/*.parquet', hive_partitioning = true)"
        for name, kind, *_ in duckdb.sql(f"DESCRIBE SELECT * FROM {table}").fetchall():
            print(name, kind)
        print("--")
        key = "source, resource, metric, direction, unit, step"
        for r in duckdb.sql(f"SELECT {key}, count(*), sum(value_decimal), count(value_decimal) FROM {table} GROUP BY ALL ORDER BY ALL").fetchall():
            assert r[6] == r[8], f"a value without its exact decimal: {r}"
            print(*r[:7], text(r[7]), sep="|")
        print("--")
        rows = duckdb.sql(f"SELECT {key}, epoch_us(time) // 1000000, value_decimal, quality, coalesce(billed, '') FROM {table}").fetchall()
        for r in sorted("|".join(map(str, r[:7] + (text(r[7]),) + r[8:])) for r in rows):
            print(r)
        print("--")
        totals, lines = {}, []
        with open(sys.argv[2], newline="") as f:
            for row in csv.DictReader(f):
                k = (row["source"], row["resource"], row["metric"], row["direction"], row["unit"], int(row["step"]))
                n, s = totals.get(k, (0, decimal.Decimal(0)))
                totals[k] = (n + 1, s + decimal.Decimal(row["value"]))
                t = int(datetime.datetime.fromisoformat(row["time"]).timestamp())
                lines.append("|".join(map(str, k + (t, text(decimal.Decimal(row["value"])), row["quality"], row.get("billed", "")))))
        for k in sorted(totals):
            print(*k, totals[k][0], text(totals[k][1]), sep="|")
        print("--")
        for line in sorted(lines):
            print(line)
        """

    @Test(.enabled(if: duckdb)) func twoShardsReadAsOneTableWithTheTotalsAndRowsOfTheCSV() throws {
        let python = try #require(TestTools.venvPython, "make test installs duckdb into .venv-test")
        let folder = try Self.archive()
        let csv = try CLIRunner.run(["archive/", "-o", "all.csv"], in: folder.url)
        try #require(csv.status == 0, "\(csv.stderr)")
        var perShard: [Int] = []
        for k in 1...2 {
            let run = try Self.dataset(["--partition-by", "source,month", "--shard", "\(k)/2"], in: folder)
            try #require(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("usageconv: dataset/: shard \(k)/2 wrote "), "\(run.stderr)")
            perShard.append(try Self.tree(folder.file("dataset")).keys.filter { $0.contains("/part-\(k)-of-2-") }.count)
        }
        // Both shards hold part of the archive, in Hive folders, some partitions shared.
        #expect(perShard.allSatisfy { $0 > 0 }, "\(perShard)")
        let names = try Self.tree(folder.file("dataset")).keys.sorted()
        #expect(names.contains("source=baishan/month=2017-08/part-1-of-2-2fc4709a2fb2542b.parquet"), "\(names)")
        #expect(
            names.allSatisfy {
                $0.range(of: #"^source=[a-z]+/month=\d{4}-\d{2}/part-[12]-of-2-[0-9a-f]{16}\.parquet$"#, options: .regularExpression) != nil
            },
            "\(names)"
        )
        let result = try TestTools.run(python, ["-c", Self.compare, "dataset", "all.csv"], in: folder.url)
        try #require(result.status == 0, "\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "--\n")
        try #require(parts.count == 5, "\(result.stdout)")
        // The partition keys come from the folders once (no file column beside them), month as
        // text; the other columns are the files'.
        let columns = parts[0].split(separator: "\n")
        #expect(
            columns == [
                "time TIMESTAMP WITH TIME ZONE", "resource VARCHAR", "metric VARCHAR", "direction VARCHAR", "unit VARCHAR", "kind VARCHAR",
                "step BIGINT", "absent VARCHAR", "value DOUBLE", "value_decimal DECIMAL(38,18)", "quality VARCHAR", "billed VARCHAR",
                "month VARCHAR", "source VARCHAR",
            ],
            "\(columns)"
        )
        #expect(parts[1] == parts[3], "DuckDB totals over the dataset:\n\(parts[1])\nthe CSV's:\n\(parts[3])")
        #expect(parts[1].split(separator: "\n").count >= 15)
        #expect(parts[2] == parts[4], "DuckDB rows differ from the CSV's")
        #expect(
            parts[2].split(separator: "\n").count == (try String(contentsOf: folder.file("all.csv"), encoding: .utf8)).split(
                separator: "\n"
            ).count - 1
        )
    }

    @Test(.enabled(if: duckdb)) func aHostileResourceNameIsEscapedAndReadBackAsItWas() throws {
        let python = try #require(TestTools.venvPython, "make test installs duckdb into .venv-test")
        let folder = try TemporaryFolder()
        let name = "../up/x=1%2F:?*\"'#[]{}^\\ é\tend"
        let run = try CLIRunner.run(
            [
                TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-3days.json").path, "--resource", name, "--to", "parquet",
                "-o", "ds/", "--partition-by", "resource,day",
            ],
            in: folder.url
        )
        try #require(run.status == 0, "\(run.stderr)")
        // Everything stays below ds/, one folder per value, escaped as Hive escapes path names
        // (Hive's list has `{` but not `}`).
        #expect(try folder.listing() == ["ds"])
        let escaped = "..%2Fup%2Fx%3D1%252F%3A%3F%2A%22%27%23%5B%5D%7B}%5E%5C é%09end"
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("ds").path) == ["resource=" + escaped])
        let days = try FileManager.default.contentsOfDirectory(atPath: folder.file("ds/resource=" + escaped).path).sorted()
        #expect(days == ["day=2017-08-20", "day=2017-08-21", "day=2017-08-22", "day=2017-08-23"], "\(days)")
        let query = """
            import json, duckdb
            t = "read_parquet('ds/**/*.parquet', hive_partitioning = true)"
            print(json.dumps(duckdb.sql(f"SELECT DISTINCT resource FROM {t}").fetchall()[0][0]))
            print(duckdb.sql(f"SELECT typeof(day), count(*) FROM {t} GROUP BY ALL").fetchall())
            """
        let result = try TestTools.run(python, ["-c", query], in: folder.url)
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "\(result.stdout)")
        #expect(try JSONDecoder().decode(String.self, from: Data(lines[0].utf8)) == name)
        #expect(lines[1] == "[('DATE', 741)]", "\(lines[1])")
    }

    @Test func aRerunOfOneShardReplacesExactlyItsOwnFiles() throws {
        let folder = try Self.archive()
        let arguments = ["--partition-by", "source,month"]
        for k in 1...2 {
            let run = try Self.dataset(arguments + ["--shard", "\(k)/2"], in: folder)
            try #require(run.status == 0, "\(run.stderr)")
        }
        let before = try Self.tree(folder.file("dataset"))
        let shard1 = before.filter { $0.key.contains("/part-1-of-2-") }
        let shard2 = before.filter { $0.key.contains("/part-2-of-2-") }
        #expect(shard1.count + shard2.count == before.count)
        // The same run again writes the same names with the same bytes.
        let again = try Self.dataset(arguments + ["--shard", "1/2"], in: folder)
        try #require(again.status == 0, "\(again.stderr)")
        #expect(try Self.tree(folder.file("dataset")) == before)
        // Other bytes (uncompressed pages) under the same names: shard 1's files are replaced.
        let plain = try Self.dataset(arguments + ["--shard", "1/2", "--parquet-compression", "none"], in: folder)
        try #require(plain.status == 0, "\(plain.stderr)")
        let replaced = try Self.tree(folder.file("dataset"))
        #expect(Set(replaced.keys) == Set(before.keys))
        #expect(shard1.keys.allSatisfy { replaced[$0] != before[$0] })
        #expect(replaced.filter { $0.key.contains("/part-2-of-2-") } == shard2)
        // Shard 1 loses the inputs behind its Baishan partition: that file goes, the rest of shard
        // 1 is rewritten, shard 2's files (its Baishan one included) stay byte for byte.
        let gone = shard1.keys.filter { $0.hasPrefix("source=baishan/") }
        try #require(gone.count == 1 && shard2.keys.contains { $0.hasPrefix("source=baishan/") })
        try FileManager.default.removeItem(at: folder.file("archive/baishan"))
        let rerun = try Self.dataset(arguments + ["--shard", "1/2"], in: folder)
        try #require(rerun.status == 0, "\(rerun.stderr)")
        #expect(
            rerun.stderr.contains("shard 1/2 wrote \(shard1.count - 1) file\(shard1.count == 2 ? "" : "s"), removed 1 earlier one\n"),
            "\(rerun.stderr)"
        )
        let after = try Self.tree(folder.file("dataset"))
        #expect(after.filter { $0.key.contains("/part-2-of-2-") } == shard2)
        #expect(Set(after.keys.filter { $0.contains("/part-1-of-2-") }) == Set(shard1.keys).subtracting(gone))
        #expect(after.count == before.count - 1, "a temp file or a stray was left: \(after.keys.sorted())")
    }

    @Test func aRunWithAFailedInputLeavesTheDatasetAsItWas() throws {
        let folder = try Self.archive()
        let arguments = ["--partition-by", "source"]
        let first = try Self.dataset(arguments, in: folder)
        try #require(first.status == 0, "\(first.stderr)")
        let before = try Self.tree(folder.file("dataset"))
        #expect(before.count == 5)
        // The run would drop OnApp's file and rewrite the rest, but one input is truncated.
        try Data("{\"code\":0,\"data\":[[1503244800,".utf8).write(to: folder.file("archive/baishan/truncated.json"))
        try FileManager.default.removeItem(at: folder.file("archive/onapp"))
        let failed = try Self.dataset(arguments + ["--parquet-compression", "none"], in: folder)
        #expect(failed.status == 65)
        #expect(failed.stderr.contains("usageconv: dataset/: the dataset was left as it was (shard 1/1)"), "\(failed.stderr)")
        #expect(try Self.tree(folder.file("dataset")) == before)
        // No input at all (a mount that failed): nothing is replaced either.
        try FileManager.default.createDirectory(at: folder.file("empty"), withIntermediateDirectories: true)
        let empty = try CLIRunner.run(["empty/", "--to", "parquet", "-o", "dataset/"] + arguments, in: folder.url)
        #expect(empty.status == 66)
        #expect(empty.stderr.contains("usageconv: dataset/: no input found: the dataset was left as it was"), "\(empty.stderr)")
        #expect(try Self.tree(folder.file("dataset")) == before)
    }

    @Test func aRunThatCannotWriteOnePartitionLeavesTheDatasetAsItWas() throws {
        let folder = try Self.archive(leaving: ["onapp"])
        let arguments = ["--partition-by", "source,month"]
        let first = try Self.dataset(arguments, in: folder)
        try #require(first.status == 0, "\(first.stderr)")
        // A file where OnApp's partition folder must go: its partition sorts after InterServer's,
        // whose new file is written first, and the run would also remove the Baishan file (its
        // input is gone).
        try Data("in the way".utf8).write(to: folder.file("dataset/source=onapp"))
        let before = try Self.tree(folder.file("dataset"))
        try FileManager.default.removeItem(at: folder.file("archive/baishan"))
        for dump in Self.dumps where dump.hasPrefix("onapp/") {
            try FileManager.default.createDirectory(at: folder.file("archive/onapp"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                at: TestPaths.root.appendingPathComponent("Fixtures/" + dump),
                to: folder.file("archive/" + dump)
            )
        }
        let failed = try Self.dataset(arguments + ["--parquet-compression", "none"], in: folder)
        #expect(failed.status == 73, "\(failed.stderr)")
        #expect(failed.stderr.contains("source=onapp"), "\(failed.stderr)")
        #expect(try Self.tree(folder.file("dataset")) == before)
        // Out of the way, the same run succeeds.
        try FileManager.default.removeItem(at: folder.file("dataset/source=onapp"))
        let fixed = try Self.dataset(arguments, in: folder)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stderr.contains("removed 1 earlier one\n"), "\(fixed.stderr)")
    }

    @Test(arguments: [
        (["--partition-by", "source"], "add --to parquet"),
        (["--to", "parquet", "-o", "x.parquet", "--partition-by", "source"], "give -o DIR/"),
        (["--to", "parquet", "--partition-by", "source"], "give -o DIR/"),
        (["--to", "parquet", "--merge", "x/", "--partition-by", "source"], "give -o DIR/"),
        (["--to", "parquet", "-o", "x/", "--partition-by", "source,week"], "not 'week'"),
        (["--to", "parquet", "-o", "x/", "--partition-by", "day,day"], "'day' twice"),
        (["--to", "parquet", "-o", "x/", "--partition-by", "day", "--skip-existing"], "--skip-existing does not apply"),
        (["--to", "parquet", "-o", "x.parquet", "--time", "iso"], "--time does not apply to --to parquet"),
        (["--to", "sqlite", "-o", "x.db", "--time", "epoch"], "--time does not apply to --to sqlite"),
    ])
    func partitionByAndTimeAreRefusedWhereTheyDoNotApply(_ arguments: [String], _ message: String) throws {
        let folder = try TemporaryFolder()
        let run = try CLIRunner.run(
            [TestPaths.root.appendingPathComponent("Fixtures/baishan/bandwidth-3days.json").path] + arguments,
            in: folder.url
        )
        #expect(run.status == 64, "\(arguments): \(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(try folder.listing().isEmpty)
    }

    @Test func helpListsPartitionBy() throws {
        let help = try CLIRunner.run(["convert", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--partition-by <keys>"), "\(help)")
        #expect(help.contains("--partition-by source,month --shard 2/8"), "\(help)")
    }

    @Test(.enabled(if: TestTools.shouldRun(TestTools.executable("python3") != nil)))
    func parquetGoesToAPipeButNotToATerminal() throws {
        let python = try #require(TestTools.executable("python3"))
        let folder = try TemporaryFolder()
        let input = TestPaths.root.appendingPathComponent("Fixtures/onapp/exact-money.xml").path
        let binary = CLIRunner.executable.path
        // Standard output a pseudo-terminal: refused (64), while CSV is still shown there.
        let terminal = """
            import os, subprocess, sys
            for to in ("parquet", "csv"):
                leader, follower = os.openpty()
                r = subprocess.run([sys.argv[1], sys.argv[2], "--to", to], stdout=follower, stderr=subprocess.PIPE)
                os.close(follower)
                print(to, r.returncode, r.stderr.decode().strip())
            """
        let result = try TestTools.run(python, ["-c", terminal, binary, input], in: folder.url)
        try #require(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "\(result.stdout)")
        #expect(lines[0].hasPrefix("parquet 64 "), "\(lines[0])")
        #expect(lines[0].contains("--to parquet writes binary data, which a terminal cannot show"), "\(lines[0])")
        #expect(lines[1].trimmingCharacters(in: .whitespaces) == "csv 0", "\(lines[1])")
        // Through a pipe, the same bytes as -o writes.
        let piped = try TestTools.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "\"$0\" \"$1\" --to parquet | cat > piped.parquet && \"$0\" \"$1\" --to parquet -o file.parquet", binary, input],
            in: folder.url
        )
        try #require(piped.status == 0, "\(piped.stderr)")
        let bytes = try Data(contentsOf: folder.file("piped.parquet"))
        #expect(bytes.prefix(4) == Data("PAR1".utf8) && bytes.suffix(4) == Data("PAR1".utf8))
        #expect(bytes == (try Data(contentsOf: folder.file("file.parquet"))))
    }
}
