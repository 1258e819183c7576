import Foundation
import Testing
import UsageConvTestSupport

/// `--to sqlite` from the command line, read back by the real reader: Debian's `sqlite3` shell.
struct SQLiteOutputTests {
    static var hasSQLite3: Bool { TestTools.shouldRun(TestTools.executable("sqlite3") != nil) }

    /// The CSV's rows as fields (RFC 4180: quoted fields, doubled quotes), so `""` and an empty
    /// field read alike, as they do for every CSV reader (sqlite3 quotes empty text, usageconv does not).
    static func rows(_ csv: String) -> [[String]] {
        CSVTable.rows(csv)
    }

    /// `sqlite3 -csv -header DB QUERY`; fails the test when sqlite3 does.
    static func query(_ database: URL, _ sql: String) throws -> String {
        let sqlite3 = try #require(TestTools.executable("sqlite3"))
        let result = try TestTools.run(sqlite3, ["-batch", "-csv", "-header", database.path, sql])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
        return result.stdout
    }

    /// The `usage` view in the CSV's row order, with the columns `header` names.
    static func usage(_ database: URL, columns header: [String]) throws -> String {
        try query(
            database,
            "SELECT \(header.map { "\"\($0)\"" }.joined(separator: ", ")) FROM usage ORDER BY source, resource, metric, direction, unit, step, kind, absent, epoch"
        )
    }

    static func checksum(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    // MARK: - Usage errors

    @Test(arguments: [[], ["-o", "-"], ["--merge", "-"]])
    func aDatabaseCannotGoToStandardOutput(_ target: [String]) throws {
        let result = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--to", "sqlite"] + target)
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "usageconv: --to sqlite writes a database file, which standard output cannot hold: give -o FILE.db\n")
    }

    @Test func helpAndFormatsListSQLite() throws {
        // Help wraps its lines: compare with single spaces.
        let help = try CLIRunner.run(["convert", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("(sqlite: a database file, created or appended to, needs -o FILE.db)"), "\(help)")
        #expect(help.contains("(values: csv, tsv, json, ndjson, openmetrics, influx, sqlite, parquet, focus; default: csv)"))
        #expect(help.contains("--to sqlite -o usage.db loads every input into one SQLite database"))
        let formats = try CLIRunner.run(["formats"])
        #expect(formats.stdout.contains("SQLite database (-o FILE.db)"), "\(formats.stdout)")
    }

    // MARK: - The real reader

    /// One fixture through the binary: the database `-o` names holds the CSV golden's rows, and
    /// the load is summed up on standard error (every fixture is UsageConvCoreTests' `SQLiteReaderTests`).
    @Test(.enabled(if: hasSQLite3))
    func aFixtureLoadedByTheBinaryReadsInSQLite3AsItsCSV() throws {
        let input = "Fixtures/onapp/exact-money.xml"
        let temporary = try TemporaryFolder()
        let database = temporary.file("usage.db")
        let load = try CLIRunner.run([input, "--to", "sqlite", "-o", database.path])
        #expect(load.status == 0, "\(load.stderr)")
        let csv = try String(
            contentsOf: TestPaths.root.appendingPathComponent(FixtureGoldens.golden(for: input, "csv")),
            encoding: .utf8
        )
        let expected = Self.rows(csv)
        let header = try #require(expected.first)
        let read = Self.rows(try Self.usage(database, columns: header))
        #expect(expected.count > 1)
        #expect(read == expected)
        #expect(
            load.stderr
                == "usageconv: \(database.path): \(expected.count - 1) points added, 0 replaced, 0 already there, 0 kept as the database had them\n",
            "\(load.stderr)"
        )
    }

    @Test(.enabled(if: hasSQLite3))
    func sqlite3RejectsADatabaseWithADamagedHeader() throws {
        let temporary = try TemporaryFolder()
        let database = temporary.file("usage.db")
        #expect(try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--to", "sqlite", "-o", database.path]).status == 0)
        #expect(try Self.query(database, "SELECT count(*) AS n FROM usage") == "n\n741\n")
        // "SQLite format 3\0" is the first 16 bytes of every database: damage one of them.
        var bytes = try Data(contentsOf: database)
        bytes[3] = UInt8(ascii: "X")
        try bytes.write(to: database)
        let sqlite3 = try #require(TestTools.executable("sqlite3"))
        let rejected = try TestTools.run(sqlite3, ["-batch", database.path, "SELECT count(*) FROM usage"])
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("file is not a database"), "\(rejected.stderr)")
        // usageconv refuses to append to it too, and leaves it as it is.
        let append = try CLIRunner.run(["Fixtures/baishan/bandwidth-3days.json", "--to", "sqlite", "-o", database.path])
        #expect(append.status == 73)
        #expect(append.stderr.contains("\(database.path): this is not a SQLite database usageconv can load into"), "\(append.stderr)")
        #expect(try Data(contentsOf: database) == bytes)
    }

    // MARK: - Batch runs and appends

    @Test(.enabled(if: hasSQLite3))
    func aBatchRunLoadsEveryInputIntoOneDatabaseAndReloadsToNoChange() throws {
        let temporary = try TemporaryFolder()
        let archive = temporary.file("archive")
        try FileManager.default.createDirectory(at: archive.appendingPathComponent("sf"), withIntermediateDirectories: true)
        for (source, target) in [
            ("Fixtures/swiftfederation/volume-day1.json", "sf/day1.json"),
            ("Fixtures/swiftfederation/volume-day2-overlapping.json", "sf/day2.json"),
            ("Fixtures/baishan/bandwidth-3days.json.gz", "bandwidth.json.gz"),
            ("Fixtures/surfercloud/bandwidth-billed.json", "eip.json"),
            ("Fixtures/onapp/exact-money.xml", "vm.xml"),
        ] {
            try FileManager.default.copyItem(at: TestPaths.root.appendingPathComponent(source), to: archive.appendingPathComponent(target))
        }
        let database = temporary.file("usage.db")
        let load = try CLIRunner.run([archive.path, "--to", "sqlite", "-o", database.path])
        #expect(load.status == 0, "\(load.stderr)")
        let merged = try CLIRunner.run([archive.path, "--to", "csv"])
        #expect(merged.status == 0)
        let expected = Self.rows(merged.stdout)
        #expect(expected.count > 1000)
        #expect(Self.rows(try Self.usage(database, columns: expected[0])) == expected)

        // The same archive again: every point is already there, and the file is not touched.
        let before = Self.checksum(database)
        let again = try CLIRunner.run([archive.path, "--to", "sqlite", "-o", database.path])
        #expect(again.status == 0)
        #expect(again.stderr.contains(": 0 points added, 0 replaced, \(expected.count - 1) already there, 0 kept"), "\(again.stderr)")
        #expect(Self.checksum(database) == before)
    }

    /// Two Baishan dumps of one series: the second overlaps the first's last two points, one of
    /// them with another value.
    static func overlappingDumps(in temporary: TemporaryFolder) throws -> (URL, URL) {
        let first = temporary.file("first.json")
        let second = temporary.file("second.json")
        try Data(#"{"code":0,"data":[[1700000000,10],[1700000300,20],[1700000600,30]]}"#.utf8).write(to: first)
        try Data(#"{"code":0,"data":[[1700000300,20],[1700000600,35],[1700000900,40]]}"#.utf8).write(to: second)
        return (first, second)
    }

    @Test(.enabled(if: hasSQLite3), arguments: [("last", "10 20 35 40"), ("first", "10 20 30 40"), ("max", "10 20 35 40")])
    func aLaterLoadOverlappingTheDatabaseFollowsOnOverlap(_ policy: String, _ values: String) throws {
        let temporary = try TemporaryFolder()
        let (first, second) = try Self.overlappingDumps(in: temporary)
        let database = temporary.file("usage.db")
        #expect(try CLIRunner.run([first.path, "--to", "sqlite", "-o", database.path]).status == 0)
        let load = try CLIRunner.run([second.path, "--to", "sqlite", "-o", database.path, "--on-overlap", policy])
        #expect(load.status == 0, "\(load.stderr)")
        let kept = policy == "first" ? 1 : 0
        #expect(load.stderr.contains("1 points added, \(1 - kept) replaced, 1 already there, \(kept) kept"), "\(load.stderr)")
        let read = try Self.query(database, "SELECT group_concat(value, ' ') AS v FROM (SELECT value FROM usage ORDER BY epoch)")
        #expect(Self.rows(read) == [["v"], [values]])
    }

    @Test(.enabled(if: hasSQLite3))
    func anOverlapErrorLeavesTheDatabaseAsItWas() throws {
        let temporary = try TemporaryFolder()
        let (first, second) = try Self.overlappingDumps(in: temporary)
        let database = temporary.file("usage.db")
        #expect(try CLIRunner.run([first.path, "--to", "sqlite", "-o", database.path]).status == 0)
        let before = Self.checksum(database)
        let load = try CLIRunner.run([second.path, "--to", "sqlite", "-o", database.path, "--on-overlap", "error"])
        #expect(load.status == 65)
        #expect(
            load.stderr
                == "usageconv: \(database.path): the database already has series baishan all bandwidth out bit/s (step 300) at 2023-11-14T22:23:20Z = 30, this load has 35 (--on-overlap error; last, first or max choose one)\n"
        )
        #expect(Self.checksum(database) == before)
        #expect(try Self.query(database, "SELECT count(*) AS n FROM usage") == "n\n3\n")
    }

    @Test func mirroredRunsWriteOneDatabasePerInput() throws {
        let temporary = try TemporaryFolder()
        let out = temporary.file("out")
        let result = try CLIRunner.run([
            "Fixtures/baishan/bandwidth-3days.json", "Fixtures/swiftfederation/volume-day1.json", "--to", "sqlite", "-o", out.path + "/",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["bandwidth-3days.sqlite", "volume-day1.sqlite"])
        let header = try Data(contentsOf: out.appendingPathComponent("bandwidth-3days.sqlite")).prefix(16)
        #expect(header == Data("SQLite format 3\0".utf8))
    }

    // MARK: - Transactions

    /// A Baishan dump of `points` 5-minute points with cents, about 26 bytes a point.
    static func largeDump(_ points: Int, at url: URL) throws {
        var text = #"{"code":0,"data":["#
        text.reserveCapacity(points * 28)
        for i in 0..<points {
            if i > 0 { text += "," }
            text += "[\(1_600_000_000 + i * 300),\(i % 999_983).\(i % 89 + 10)]"
        }
        text += "]}"
        try Data(text.utf8).write(to: url)
    }

    @Test(.enabled(if: hasSQLite3))
    func aRunKilledMidLoadLeavesTheDatabaseExactlyAsItWas() throws {
        let temporary = try TemporaryFolder()
        let database = temporary.file("usage.db")
        let journal = temporary.file("usage.db-journal")
        #expect(try CLIRunner.run(["Fixtures/swiftfederation/volume-day1.json", "--to", "sqlite", "-o", database.path]).status == 0)
        let before = try Data(contentsOf: database)
        let large = temporary.file("large.json")
        try Self.largeDump(1_200_000, at: large)

        let process = try CLIRunner.start([large.path, "--to", "sqlite", "-o", database.path])
        // Kill it once the transaction has written into the database file itself (SQLite spills
        // pages there before the commit, their old content saved in the journal).
        var midway = false
        for _ in 0..<12_000 where process.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: database.path)[.size] as? Int) ?? 0
            if FileManager.default.fileExists(atPath: journal.path) && size > before.count {
                midway = true
                break
            }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(midway, "the load ended before it could be killed mid-transaction")
        #expect(process.terminationReason == .uncaughtSignal)
        // The file was changed in place and the hot journal left behind...
        #expect(try Data(contentsOf: database) != before)
        #expect(FileManager.default.fileExists(atPath: journal.path))
        // ...and the next reader rolls it back: the same bytes, the same rows, nothing half-loaded.
        #expect(try Self.query(database, "PRAGMA integrity_check") == "integrity_check\nok\n")
        #expect(try Data(contentsOf: database) == before)
        #expect(try Self.query(database, "SELECT count(*) AS n FROM series") == "n\n2\n")

        // A database that did not exist is not created by a killed run.
        let fresh = temporary.file("fresh.db")
        let second = try CLIRunner.start([large.path, "--to", "sqlite", "-o", fresh.path])
        var started = false
        for _ in 0..<12_000 where second.isRunning {
            // The temporary database has received pages (the load is under way).
            let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.url.path)) ?? []
            if let name = names.first(where: { $0.hasPrefix(".fresh.db.usageconv-") }),
                let size = try? FileManager.default.attributesOfItem(atPath: temporary.file(name).path)[.size] as? Int, size > 1 << 20
            {
                started = true
                break
            }
            usleep(5_000)
        }
        kill(second.processIdentifier, SIGKILL)
        second.waitUntilExit()
        #expect(started)
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }
}
