import Foundation
import Testing
import UsageConvCore
import UsageConvTestSupport

/// ``SQLiteLoader`` on every converting fixture (converted in-process), read back by the real
/// reader, Debian's `sqlite3` shell: the `usage` view holds the CSV golden's rows, values and order.
struct SQLiteReaderTests {
    static var hasSQLite3: Bool { TestTools.shouldRun(TestTools.executable("sqlite3") != nil) }

    /// The fixtures that convert (they have a golden CSV).
    static let convertible: [String] = FixtureGoldens.inputs.filter { FixtureGoldens.hasGolden(for: $0, "csv") }

    /// `sqlite3 -csv -header DB QUERY`; fails the test when sqlite3 does.
    static func query(_ database: URL, _ sql: String) throws -> String {
        let sqlite3 = try #require(TestTools.executable("sqlite3"))
        let result = try TestTools.run(sqlite3, ["-batch", "-csv", "-header", database.path, sql])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
        return result.stdout
    }

    @Test(.enabled(if: hasSQLite3), arguments: convertible)
    func everyFixtureReadsInSQLite3AsItsCSV(_ input: String) throws {
        let temporary = try TemporaryFolder()
        let database = temporary.file("usage.db")
        let loaded = try FixtureGoldens.conversion(of: input).load()
        try #require(!loaded.nothingToWrite, "\(loaded.failures)")
        let loader = try SQLiteLoader(path: database.path)
        let counts = try loader.load(loaded.series, overlap: .last)
        try loader.commit()
        let csv = try String(contentsOf: TestPaths.root.appendingPathComponent(FixtureGoldens.golden(for: input, "csv")), encoding: .utf8)
        let expected = CSVTable.rows(csv)
        let header = try #require(expected.first)
        let columns = header.map { "\"\($0)\"" }.joined(separator: ", ")
        let read = CSVTable.rows(
            try Self.query(
                database,
                "SELECT \(columns) FROM usage ORDER BY source, resource, metric, direction, unit, step, kind, absent, epoch"
            )
        )
        // sqlite3 prints no header for no rows; the rows, values and their order are the CSV's.
        #expect(Array(read.dropFirst()) == Array(expected.dropFirst()))
        #expect(read.count == expected.count || (read.isEmpty && expected.count == 1))
        let count = try Self.query(database, "SELECT count(*) AS n FROM points")
        #expect(count == "n\n\(expected.count - 1)\n")
        #expect(counts.added == expected.count - 1 && counts.replaced == 0, "\(counts)")
    }
}
