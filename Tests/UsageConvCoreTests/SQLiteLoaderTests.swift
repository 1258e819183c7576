import Foundation
import PropertyBased
import Testing
import UsageConvTestSupport

@testable import UsageConvCore

/// `--to sqlite` in process: the schema, exact round trips, idempotent appends, `--on-overlap`
/// against what the database holds, and transactions that leave the file as it was.
struct SQLiteLoaderTests {
    static func identity(_ resource: String = "all", unit: String = "bit/s", kind: Kind = .rate) -> SeriesIdentity {
        SeriesIdentity(
            source: "baishan",
            resource: resource,
            metric: "bandwidth",
            direction: "out",
            unit: unit,
            kind: kind,
            step: 300,
            absent: .zero
        )
    }

    static func series(_ identity: SeriesIdentity, _ points: [(Int64, Number)], labels: [String: [String]] = [:]) -> Series {
        Series(identity: identity, times: points.map(\.0), values: points.map(\.1), labels: labels)
    }

    static func decimal(_ text: String) -> Number { Number.parseText(text) ?? .zero }

    /// Loads and commits; the counts.
    @discardableResult
    static func load(_ series: [Series], into path: String, overlap: DuplicatePolicy = .last) throws -> SQLiteLoader.Counts {
        let loader = try SQLiteLoader(path: path)
        let counts = try loader.load(series, overlap: overlap)
        try loader.commit()
        return counts
    }

    /// Every point back from the database, as series in output order.
    static func readBack(_ path: String) throws -> [Series] {
        let connection = try SQLiteConnection(path: path, create: false)
        let rows = try connection.prepare(
            """
            SELECT s.source, s.resource, s.metric, s.direction, s.unit, s.kind, s.step, s.absent, p.time, p.value_text, p.quality,
                (SELECT group_concat(l.name || '=' || l.value, ';') FROM point_labels AS l WHERE l.series = p.series AND l.time = p.time)
            FROM points AS p JOIN series AS s ON s.id = p.series ORDER BY s.id, p.time
            """
        )
        var result: [Series] = []
        while try rows.step() {
            let identity = SeriesIdentity(
                source: rows.text(0) ?? "",
                resource: rows.text(1) ?? "",
                metric: rows.text(2) ?? "",
                direction: rows.text(3) ?? "",
                unit: rows.text(4) ?? "",
                kind: Kind(rawValue: rows.text(5) ?? "") ?? .rate,
                step: rows.int64(6),
                absent: Absent(rawValue: rows.text(7) ?? "") ?? .zero
            )
            if result.last?.identity != identity { result.append(Series(identity: identity)) }
            let quality = Quality.allCases.first { $0.name == rows.text(10) } ?? .measured
            result[result.count - 1].append(time: rows.int64(8), value: decimal(rows.text(9) ?? ""), quality: quality)
            let count = result[result.count - 1].count
            for pair in (rows.text(11) ?? "").split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                var column = result[result.count - 1].labels[parts[0]] ?? [String](repeating: "", count: count)
                column[count - 1] = parts[1]
                result[result.count - 1].labels[parts[0]] = column
            }
        }
        return result.sorted { $0.identity < $1.identity }
    }

    static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    // MARK: - Round trips and schema

    @Test func aLoadReadsBackExactlyWhatWasLoaded() async throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let units = ["bit/s", "B", "USD"]
        await propertyCheck(
            input: Gen.int64(in: 0...500).array(of: 1...40),
            Gen.int64(in: -999_999_999_999_999_999...999_999_999_999_999_999).array(of: 1...6),
            Gen.int(in: 0...18),
            Gen.int(in: 0...2)
        ) { slots, significands, scale, unit in
            let path = folder.appendingPathComponent("\(UUID().uuidString).db").path
            let times = Array(Set(slots)).sorted().map { 1_700_000_000 + $0 * 300 }
            let values = times.indices.map { Number(significand: significands[$0 % significands.count], exponent: -scale) }
            let first = Self.series(Self.identity(unit: units[unit]), Array(zip(times, values)))
            let second = Self.series(
                Self.identity("eip-1", unit: "GB", kind: .amount),
                Array(zip(times, values.reversed())),
                labels: ["billed": times.map { $0 % 600 == 0 ? "Yes" : "" }]
            )
            let loaded = [first, second].sorted { $0.identity < $1.identity }
            try Self.load(loaded, into: path)
            let back = try Self.readBack(path)
            #expect(back == loaded)
            // The exact text is the CSV's: digit for digit, 18 significant digits and all.
            #expect(back.flatMap { $0.values.map(\.description) } == loaded.flatMap { $0.values.map(\.description) })
        }
    }

    @Test func theSchemaIsVersionedKeyedAndWithoutRowid() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.file("u.db").path
        try Self.load([Self.series(Self.identity(), [(1_700_000_000, Self.decimal("1.5"))])], into: path)
        let connection = try SQLiteConnection(path: path, create: false)
        #expect(try connection.integer("PRAGMA user_version") == SQLiteLoader.schemaVersion)
        let tables = try connection.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var sql: [String: String] = [:]
        while try tables.step() { sql[tables.text(0) ?? ""] = tables.text(1) }
        #expect(Set(sql.keys) == ["point_labels", "points", "series"])
        #expect(sql["points"]?.contains("PRIMARY KEY (series, time)") == true)
        #expect(sql["points"]?.hasSuffix("WITHOUT ROWID") == true)
        let view = try connection.prepare("SELECT time, value, quality, epoch, value_real FROM usage")
        #expect(try view.step())
        #expect(view.text(0) == "2023-11-14T22:13:20Z")
        #expect(view.text(1) == "1.5")
        #expect(view.text(2) == "measured")
        #expect(view.int64(3) == 1_700_000_000)
    }

    // MARK: - Appending

    @Test func reloadingTheSameSeriesChangesNotOneByte() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.file("u.db").path
        let s = Self.series(
            Self.identity(),
            (0..<500).map { (1_700_000_000 + Int64($0) * 300, Number(Int64($0 * 7))) },
            labels: ["billed": Array(repeating: "No", count: 500)]
        )
        let first = try Self.load([s], into: path)
        #expect(first.added == 500)
        let before = Self.bytes(path)
        let again = try Self.load([s], into: path)
        #expect(
            again
                == {
                    var c = SQLiteLoader.Counts(); c.unchanged = 500; return c
                }()
        )
        #expect(Self.bytes(path) == before)
    }

    @Test func appendingInOverlappingPartsEqualsOneLoad() async throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        await propertyCheck(input: Gen.int64(in: 0...300).array(of: 2...60), Gen.int(in: 0...100), Gen.int(in: 0...100)) {
            slots,
            cut,
            overlap in
            let times = Array(Set(slots)).sorted().map { 1_700_000_000 + $0 * 300 }
            let points = times.map { ($0, Number(significand: $0 % 9973, exponent: -2)) }
            let whole = Self.series(Self.identity(), points)
            let split = points.count * cut / 100
            let back = max(0, split - points.count * overlap / 200)
            let once = folder.appendingPathComponent("\(UUID().uuidString).db").path
            let parts = folder.appendingPathComponent("\(UUID().uuidString).db").path
            try Self.load([whole], into: once)
            // Later part first: order of loading does not matter for agreeing dumps.
            try Self.load([Self.series(Self.identity(), Array(points[back...]))], into: parts)
            try Self.load([Self.series(Self.identity(), Array(points[..<split]))], into: parts)
            #expect(try Self.readBack(parts) == Self.readBack(once))
        }
    }

    @Test(arguments: [DuplicatePolicy.last, .first, .max])
    func differingPointsFollowTheOverlapPolicy(_ policy: DuplicatePolicy) throws {
        let temporary = try TemporaryFolder()
        let path = temporary.file("u.db").path
        let t: Int64 = 1_700_000_000
        try Self.load(
            [Self.series(Self.identity(), [(t, Self.decimal("10")), (t + 300, Self.decimal("20")), (t + 600, Self.decimal("30"))])],
            into: path
        )
        let counts = try Self.load(
            [Self.series(Self.identity(), [(t + 300, Self.decimal("25")), (t + 600, Self.decimal("5")), (t + 900, Self.decimal("40"))])],
            into: path,
            overlap: policy
        )
        let values = try Self.readBack(path).first?.values.map(\.description)
        switch policy {
        case .last:
            #expect(values == ["10", "25", "5", "40"])
            #expect(counts.replaced == 2 && counts.added == 1)
        case .first:
            #expect(values == ["10", "20", "30", "40"])
            #expect(counts.kept == 2 && counts.added == 1)
        default:
            #expect(values == ["10", "25", "30", "40"])
            #expect(counts.replaced == 1 && counts.kept == 1 && counts.added == 1)
        }
    }

    @Test func anOverlapErrorRollsBackTheWholeLoad() throws {
        let temporary = try TemporaryFolder()
        let path = temporary.file("u.db").path
        let t: Int64 = 1_700_000_000
        try Self.load([Self.series(Self.identity(), [(t, Self.decimal("10"))])], into: path)
        let before = Self.bytes(path)
        // A new series and a new point come first, then the conflict: none of it may stay.
        let incoming = [
            Self.series(Self.identity(), [(t - 300, Self.decimal("1")), (t, Self.decimal("11"))]),
            Self.series(Self.identity("zz"), [(t, Self.decimal("3"))]),
        ]
        #expect {
            try Self.load(incoming, into: path, overlap: .error)
        } throws: { error in
            let diagnostic = error as? Diagnostic
            return diagnostic?.code == .duplicateTimestamp && diagnostic?.exitCode == 65
                && diagnostic?.message.contains("2023-11-14T22:13:20Z = 10, this load has 11") == true
        }
        #expect(Self.bytes(path) == before)
        #expect(try Self.readBack(path).map(\.count) == [1])
    }

    @Test func anAbortedLoadLeavesTheDatabaseAndCreatesNone() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let existing = folder.appendingPathComponent("u.db").path
        try Self.load([Self.series(Self.identity(), [(1_700_000_000, Number(Int64(1)))])], into: existing)
        let before = Self.bytes(existing)
        let loader = try SQLiteLoader(path: existing)
        _ = try loader.load([Self.series(Self.identity("other"), (0..<2000).map { (Int64($0) * 300, Number(Int64($0))) })], overlap: .last)
        loader.abort()
        #expect(Self.bytes(existing) == before)

        let fresh = folder.appendingPathComponent("new.db").path
        let newLoader = try SQLiteLoader(path: fresh)
        _ = try newLoader.load([Self.series(Self.identity(), [(0, Number(Int64(1)))])], overlap: .last)
        newLoader.abort()
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["u.db"])
    }

    // MARK: - Files it refuses

    @Test func filesThatAreNotItsDatabasesAreRefusedBeforeLoading() throws {
        let temporary = try TemporaryFolder()
        let folder = temporary.url
        let text = folder.appendingPathComponent("usage.csv").path
        try Data("time,source\n2025-01-01T00:00:00Z,baishan\n".utf8).write(to: URL(fileURLWithPath: text))
        let foreign = folder.appendingPathComponent("foreign.db").path
        try SQLiteConnection(path: foreign, create: true).execute("CREATE TABLE notes (body TEXT)")
        let newer = folder.appendingPathComponent("newer.db").path
        try SQLiteConnection(path: newer, create: true).execute("CREATE TABLE t (x); PRAGMA user_version = 9")
        let expectations = [
            (text, "this is not a SQLite database usageconv can load into (SQLite: file is not a database)"),
            (foreign, "this SQLite database has tables of its own (user_version 0), not usageconv schema version 1: load into a new file"),
            (newer, "this SQLite database has usageconv schema version 9, not usageconv schema version 1: load into a new file"),
        ]
        for (path, message) in expectations {
            let before = Self.bytes(path)
            #expect {
                try SQLiteLoader(path: path)
            } throws: { error in
                (error as? Diagnostic)?.message == message && (error as? Diagnostic)?.exitCode == 73
            }
            #expect(Self.bytes(path) == before)
        }
    }

    // MARK: - The real reader

    @Test(.enabled(if: TestTools.shouldRun(TestTools.executable("sqlite3") != nil)))
    func moneyStaysExactForTheSQLite3Shell() throws {
        let sqlite3 = try #require(TestTools.executable("sqlite3"))
        let temporary = try TemporaryFolder()
        let path = temporary.file("money.db").path
        let dimes = Self.series(
            Self.identity("vm:1", unit: "USD", kind: .amount),
            (0..<10).map { (Int64($0) * 3600, Self.decimal("0.10")) }
        )
        let large = Self.series(
            Self.identity("vm:2", unit: "USD", kind: .amount),
            [(0, Self.decimal("1234567890123456.78")), (3600, Self.decimal("999999999999999.999"))]
        )
        try Self.load([dimes, large], into: path)
        let query = """
            SELECT resource, decimal_sum(value), group_concat(value, ' ') FROM (SELECT * FROM usage ORDER BY epoch) GROUP BY resource ORDER BY resource;
            """
        let result = try TestTools.run(sqlite3, ["-batch", path, query])
        #expect(result.status == 0, "\(result.stderr)")
        // Summing the doubles would print 0.9999999999999999 and lose the last digits of the large ones.
        #expect(
            result.stdout
                == "vm:1|1.0|0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1 0.1\nvm:2|2234567890123456.779|1234567890123456.78 999999999999999.999\n"
        )
    }
}
