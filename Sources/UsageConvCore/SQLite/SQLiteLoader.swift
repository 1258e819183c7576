/// Loads series into a SQLite database (`--to sqlite -o usage.db`), appending idempotently.
///
/// The schema (version `schemaVersion`, kept in `PRAGMA user_version`):
/// - `series`: one row per series identity, `id INTEGER PRIMARY KEY`, the identity unique.
/// - `points`: `(series, time)` primary key, `WITHOUT ROWID` (the key is the table's order, so a
///   series' points are stored together, by time); `value` REAL for arithmetic and `value_text`,
///   the exact decimal exactly as the CSV prints it (money exact: SQLite's `decimal_sum` sums it).
/// - `point_labels`: per-point labels (SurferCloud `billed`), keyed `(series, time, name)`.
/// - the `usage` view: the CSV's columns in the CSV's order and text (ISO times, exact values),
///   one column per label name, then `kind`, `absent`, `epoch` and `value_real`.
///
/// A whole load is one transaction: nothing is visible, and after a crash or `SIGKILL` SQLite's
/// rollback journal restores the database, until `commit()`. A database that does not exist yet is
/// built in a temporary file beside it and renamed into place, as every other output is.
public final class SQLiteLoader {
    /// The schema version this usageconv writes and appends to (`PRAGMA user_version`).
    public static let schemaVersion: Int64 = 1

    /// What a load did to the points it was given.
    public struct Counts: Sendable, Hashable {
        /// Points the database did not have.
        public var added = 0
        /// Points the database had with another value, replaced by the new one (`last`, `max`).
        public var replaced = 0
        /// Points the database already had, identical (re-loading a dump).
        public var unchanged = 0
        /// Points the database had with another value and kept (`first`, `max`).
        public var kept = 0

        /// Creates zero counts.
        public init() {}
    }

    /// The database's path, as given.
    public let path: String
    private var connection: SQLiteConnection?
    /// The temporary file a new database is built in; nil when appending to an existing one.
    private let newFile: AtomicFile?
    private var transactionOpen = false

    /// Opens (or prepares to create) the database at `path` and checks that it is one usageconv
    /// can append to, so a wrong file fails before any input is decoded.
    ///
    /// - Throws: `Diagnostic` `.cannotCreateOutput` (exit 73) when the file is not a SQLite
    ///   database, holds another schema, or cannot be created.
    public init(path: String) throws {
        self.path = path
        if FileByteSource.size(of: path) != nil {
            newFile = nil
            connection = try Self.open(path, create: false, shown: path)
            _ = try schemaState()
        } else {
            let file = try AtomicFile(path: path)
            newFile = file
            let connection = try Self.open(file.temporaryPath, create: true, shown: path)
            self.connection = connection
            // A new database is private until renamed into place; a crash leaves only the temporary
            // file (removed on SIGINT/SIGTERM), so it needs no journal and no syncs of its own:
            // `commit()` syncs the finished file once before the rename.
            try run { try connection.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;") }
        }
    }

    deinit { abort() }

    /// Adds `series` to the database inside one transaction, ended by `commit()` or `abort()`.
    ///
    /// A point the database already has at the same series and time is left alone when
    /// it is identical (value, quality and labels); otherwise `overlap` decides, with the database
    /// counting as the earlier dump: `last` takes this load's point, `first` keeps the database's,
    /// `max` the larger value, `error` fails the load (`sum` adds them).
    ///
    /// - Throws: `Diagnostic` `.duplicateTimestamp` (exit 65) for `error` overlaps, `.ioFailure`
    ///   (exit 74) when SQLite fails (disk full, locked by another writer).
    public func load(_ series: [Series], overlap: DuplicatePolicy) throws -> Counts {
        guard let connection else { throw failure(SQLiteError(code: 21, message: "the database is closed")) }
        var counts = Counts()
        try run {
            try connection.execute(newFile == nil ? "BEGIN IMMEDIATE" : "BEGIN")
            transactionOpen = true
            // Checked again under the write lock: another process may have created it meanwhile.
            if try schemaState() == .empty { try connection.execute(Self.schema) }
        }
        let statements = try run { try Statements(connection) }
        for s in series {
            try run { try load(s, overlap: overlap, statements: statements, counts: &counts) }
        }
        try run { try updateView(connection) }
        return counts
    }

    /// Ends the transaction and makes the load durable (a new database is synced and renamed into
    /// place).
    ///
    /// - Throws: `Diagnostic` `.ioFailure` (exit 74); the database is then as it was before.
    public func commit() throws {
        guard let connection else { return }
        if transactionOpen {
            try run { try connection.execute("COMMIT") }
            transactionOpen = false
        }
        connection.close()
        self.connection = nil
        try newFile?.commit()
    }

    /// Rolls back and closes; an existing database is as it was, a new one is not created.
    public func abort() {
        if transactionOpen, let connection { try? connection.execute("ROLLBACK") }
        transactionOpen = false
        connection?.close()
        connection = nil
        newFile?.abort()
    }

    // MARK: - Schema

    private enum SchemaState { case empty, current }

    /// The tables, the view and the version.
    ///
    /// `value_text` is the canonical decimal text the CSV
    /// prints (`Number.description`): exact for money and for integers past 2^53.
    static let schema = """
        CREATE TABLE series (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            resource TEXT NOT NULL,
            metric TEXT NOT NULL,
            direction TEXT NOT NULL,
            unit TEXT NOT NULL,
            step INTEGER NOT NULL,
            kind TEXT NOT NULL,
            absent TEXT NOT NULL,
            UNIQUE (source, resource, metric, direction, unit, step, kind, absent)
        );
        CREATE TABLE points (
            series INTEGER NOT NULL REFERENCES series (id),
            time INTEGER NOT NULL,
            value REAL NOT NULL,
            value_text TEXT NOT NULL,
            quality TEXT NOT NULL,
            PRIMARY KEY (series, time)
        ) WITHOUT ROWID;
        CREATE TABLE point_labels (
            series INTEGER NOT NULL,
            time INTEGER NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (series, time, name),
            FOREIGN KEY (series, time) REFERENCES points (series, time)
        ) WITHOUT ROWID;
        \(viewSQL(labels: []));
        PRAGMA user_version = \(schemaVersion);
        """

    /// The `usage` view for the label names the database holds (sorted, as the CSV's columns are).
    static func viewSQL(labels: [String]) -> String {
        let labelColumns = labels.map { name in
            "(SELECT l.value FROM point_labels AS l WHERE l.series = p.series AND l.time = p.time AND l.name = "
                + quoted(name, "'") + ") AS " + quoted(name, "\"") + ",\n    "
        }
        return """
            CREATE VIEW usage AS SELECT
                strftime('%Y-%m-%dT%H:%M:%SZ', p.time, 'unixepoch') AS time,
                s.source, s.resource, s.metric, s.direction, s.unit, s.step,
                p.value_text AS value, p.quality,
                \(labelColumns.joined())s.kind, s.absent, p.time AS epoch, p.value AS value_real
            FROM points AS p JOIN series AS s ON s.id = p.series
            """
    }

    /// An SQL literal (`'`) or identifier (`"`), the quote doubled inside.
    private static func quoted(_ text: String, _ quote: Character) -> String {
        String(quote) + text.replacing(String(quote), with: String(quote) + String(quote)) + String(quote)
    }

    private func schemaState() throws -> SchemaState {
        guard let connection else { return .empty }
        let (version, objects) = try run {
            (try connection.integer("PRAGMA user_version"), try connection.integer("SELECT count(*) FROM sqlite_master"))
        }
        if version == Self.schemaVersion { return .current }
        if version == 0 && objects == 0 { return .empty }
        let found = version == 0 ? "tables of its own (user_version 0)" : "usageconv schema version \(version)"
        throw Diagnostic.error(
            .cannotCreateOutput,
            "this SQLite database has \(found), not usageconv schema version \(Self.schemaVersion): load into a new file",
            at: SourceLocation(file: path)
        )
    }

    /// Recreates the view when labels appeared that it lacks (unchanged otherwise, so a re-load
    /// leaves the schema, and the file, as they were).
    private func updateView(_ connection: SQLiteConnection) throws(SQLiteError) {
        let names = try connection.prepare("SELECT DISTINCT name FROM point_labels ORDER BY name")
        var labels: [String] = []
        while try names.step() { labels.append(names.text(0) ?? "") }
        let wanted = Self.viewSQL(labels: labels)
        let current = try connection.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = 'usage'")
        let existing = try current.step() ? current.text(0) : nil
        current.reset()
        if existing != wanted {
            try connection.execute("DROP VIEW IF EXISTS usage; " + wanted)
        }
    }

    // MARK: - Loading

    /// The statements a load reuses for every point.
    private struct Statements {
        let findSeries: SQLiteStatement
        let insertSeries: SQLiteStatement
        let findPoint: SQLiteStatement
        let insertPoint: SQLiteStatement
        let updatePoint: SQLiteStatement
        let findLabels: SQLiteStatement
        let deleteLabels: SQLiteStatement
        let insertLabel: SQLiteStatement

        init(_ c: SQLiteConnection) throws(SQLiteError) {
            let identity =
                "source = ?1 AND resource = ?2 AND metric = ?3 AND direction = ?4 AND unit = ?5 AND step = ?6 AND kind = ?7 AND absent = ?8"
            findSeries = try c.prepare("SELECT id FROM series WHERE \(identity)")
            insertSeries = try c.prepare(
                "INSERT INTO series (source, resource, metric, direction, unit, step, kind, absent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id"
            )
            findPoint = try c.prepare("SELECT value_text, quality FROM points WHERE series = ?1 AND time = ?2")
            insertPoint = try c.prepare("INSERT INTO points (series, time, value, value_text, quality) VALUES (?1, ?2, ?3, ?4, ?5)")
            updatePoint = try c.prepare("UPDATE points SET value = ?3, value_text = ?4, quality = ?5 WHERE series = ?1 AND time = ?2")
            findLabels = try c.prepare("SELECT name, value FROM point_labels WHERE series = ?1 AND time = ?2 ORDER BY name")
            deleteLabels = try c.prepare("DELETE FROM point_labels WHERE series = ?1 AND time = ?2")
            insertLabel = try c.prepare("INSERT INTO point_labels (series, time, name, value) VALUES (?1, ?2, ?3, ?4)")
        }
    }

    /// The series' id, inserting the identity when the database lacks it (`isNew`).
    private func seriesID(_ identity: SeriesIdentity, _ statements: Statements) throws(SQLiteError) -> (id: Int64, isNew: Bool) {
        for statement in [statements.findSeries, statements.insertSeries] {
            statement.bind(1, identity.source)
            statement.bind(2, identity.resource)
            statement.bind(3, identity.metric)
            statement.bind(4, identity.direction)
            statement.bind(5, identity.unit)
            statement.bind(6, identity.step)
            statement.bind(7, identity.kind.rawValue)
            statement.bind(8, identity.absent.rawValue)
            defer { statement.reset() }
            if try statement.step() { return (statement.int64(0), statement === statements.insertSeries) }
        }
        throw SQLiteError(code: 1, message: "inserting a series returned no id")
    }

    private func load(_ s: Series, overlap: DuplicatePolicy, statements: Statements, counts: inout Counts) throws {
        let (id, isNew) = try seriesID(s.identity, statements)
        let labelNames = s.labels.keys.sorted()
        var text: [UInt8] = []
        text.reserveCapacity(32)
        // Each label's column once per series, not a dictionary look-up per label per point.
        let labelColumns = labelNames.map { ($0, s.labels[$0]) }
        for i in 0..<s.count {
            let time = s.times[i]
            let value = s.values[i]
            let quality = s.qualities[i].name
            text.removeAll(keepingCapacity: true)
            value.write(to: &text)
            let labels = labelColumns.isEmpty ? [] : labelColumns.map { ($0.0, $0.1?[i] ?? "") }
            // A new series cannot have the point yet: skip the look-up (the first load's fast path).
            if !isNew, let existing = try existingPoint(id, time, statements) {
                let existingText = existing.text
                if existingText.utf8.elementsEqual(text) && existing.quality == quality && existing.labels.elementsEqual(labels, by: ==) {
                    counts.unchanged += 1
                    continue
                }
                let old = Number.parseText(existingText)
                var replacement = value
                switch overlap {
                case .first:
                    counts.kept += 1
                    continue
                case .last:
                    break
                case .max:
                    guard let old, old < value else {
                        counts.kept += 1
                        continue
                    }
                case .sum:
                    if let old { replacement = old + value }
                case .error:
                    throw Diagnostic.error(
                        .duplicateTimestamp,
                        "the database already has \(Self.describe(s.identity)) at \(UnixTime.iso8601(time)) = \(existingText), this load has \(value) "
                            + "(--on-overlap error; last, first or max choose one)",
                        at: SourceLocation(file: path)
                    )
                }
                text.removeAll(keepingCapacity: true)
                replacement.write(to: &text)
                try write(statements.updatePoint, id, time, replacement, text, quality)
                statements.deleteLabels.bind(1, id)
                statements.deleteLabels.bind(2, time)
                try statements.deleteLabels.run()
                try insertLabels(labels, id, time, statements)
                counts.replaced += 1
                continue
            }
            try write(statements.insertPoint, id, time, value, text, quality)
            if !labels.isEmpty { try insertLabels(labels, id, time, statements) }
            counts.added += 1
        }
    }

    private func existingPoint(
        _ id: Int64,
        _ time: Int64,
        _ statements: Statements
    ) throws(SQLiteError) -> (text: String, quality: String, labels: [(String, String)])? {
        let find = statements.findPoint
        find.bind(1, id)
        find.bind(2, time)
        defer { find.reset() }
        guard try find.step() else { return nil }
        let found = (find.text(0) ?? "", find.text(1) ?? "")
        let labelRows = statements.findLabels
        labelRows.bind(1, id)
        labelRows.bind(2, time)
        defer { labelRows.reset() }
        var labels: [(String, String)] = []
        while try labelRows.step() { labels.append((labelRows.text(0) ?? "", labelRows.text(1) ?? "")) }
        return (found.0, found.1, labels)
    }

    private func write(
        _ statement: SQLiteStatement,
        _ id: Int64,
        _ time: Int64,
        _ value: Number,
        _ text: [UInt8],
        _ quality: String
    ) throws(SQLiteError) {
        statement.bind(1, id)
        statement.bind(2, time)
        statement.bind(3, value.doubleValue)
        statement.bind(4, utf8: text)
        statement.bind(5, quality)
        try statement.run()
    }

    private func insertLabels(_ labels: [(String, String)], _ id: Int64, _ time: Int64, _ statements: Statements) throws(SQLiteError) {
        for (name, value) in labels {
            statements.insertLabel.bind(1, id)
            statements.insertLabel.bind(2, time)
            statements.insertLabel.bind(3, name)
            statements.insertLabel.bind(4, value)
            try statements.insertLabel.run()
        }
    }

    /// `baishan all bandwidth out bit/s step 300`, for messages.
    private static func describe(_ identity: SeriesIdentity) -> String {
        let parts = [identity.source, identity.resource, identity.metric, identity.direction, identity.unit].filter { !$0.isEmpty }
        return "series " + parts.joined(separator: " ") + " (step \(identity.step))"
    }

    // MARK: - Errors

    private static func open(_ file: String, create: Bool, shown: String) throws -> SQLiteConnection {
        do {
            return try SQLiteConnection(path: file, create: create)
        } catch {
            throw Diagnostic.error(
                .cannotCreateOutput,
                "cannot open the SQLite database: \(error.message)",
                at: SourceLocation(file: shown)
            )
        }
    }

    /// Runs SQLite calls, turning their failures into located diagnostics.
    private func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw failure(error)
        }
    }

    private func failure(_ error: SQLiteError) -> Diagnostic {
        if error.isNotADatabase {
            return .error(
                .cannotCreateOutput,
                "this is not a SQLite database usageconv can load into (SQLite: \(error.message))",
                at: SourceLocation(file: path)
            )
        }
        let hint = error.isBusy ? " (another program is writing to it)" : ""
        return .error(.ioFailure, "SQLite failed\(hint): \(error.message)", at: SourceLocation(file: path))
    }
}
