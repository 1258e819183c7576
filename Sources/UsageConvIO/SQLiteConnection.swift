import CSQLite
import UsageConvDiagnostics

// The only file that calls libsqlite3 (Debian libsqlite3-dev, through the CSQLite system library
// target). Everything else speaks to SQLite through these two small classes, so pointers and C
// result codes stay here. C API reference: https://sqlite.org/c3ref/intro.html

/// A failed SQLite call: the result code and SQLite's own message.
package struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (`SQLITE_NOTADB` is 26, `SQLITE_BUSY` 5, ...).
    package var code: Int32
    /// `sqlite3_errmsg` at the time of the failure.
    package var message: String

    /// A failure with `code` and SQLite's message for it (the loader raises its own, such as "closed").
    package init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// Whether the file is not a SQLite database (or is encrypted, or its header is damaged).
    package var isNotADatabase: Bool { code & 0xFF == SQLITE_NOTADB || code & 0xFF == SQLITE_CORRUPT }

    /// Whether another connection holds the lock.
    package var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }

    /// SQLite's message.
    package var description: String { message }
}

/// One open database file.
package final class SQLiteConnection {
    private var handle: OpaquePointer?

    /// Opens `path` for reading and writing; with `create`, a missing file is created.
    ///
    /// SQLite reads nothing yet: a file that is not a database fails at the first statement.
    package init(path: String, create: Bool) throws(SQLiteError) {
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        var opened: OpaquePointer?
        let status = FileName.withCString(path) { sqlite3_open_v2($0, &opened, flags, nil) }
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(opened)
            throw SQLiteError(code: status, message: message)
        }
        handle = opened
        sqlite3_extended_result_codes(opened, 1)
        // Another writer (a second usageconv on the same file) holds the lock briefly: wait for it.
        sqlite3_busy_timeout(opened, 10_000)
    }

    deinit { close() }

    /// Closes the connection (unfinished statements are finalized by their own deinit first).
    package func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more statements that return no rows.
    package func execute(_ sql: String) throws(SQLiteError) {
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        if status != SQLITE_OK { throw error(status) }
    }

    /// Compiles one statement.
    package func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status) }
        return SQLiteStatement(statement, connection: self)
    }

    /// The first column of the first row of `sql` as an integer (`PRAGMA user_version`, counts).
    package func integer(_ sql: String) throws(SQLiteError) -> Int64 {
        let statement = try prepare(sql)
        return try statement.step() ? statement.int64(0) : 0
    }

    /// The error for `status`, with the connection's message.
    fileprivate func error(_ status: Int32) -> SQLiteError {
        SQLiteError(code: status, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status)))
    }
}

/// A compiled statement, reused across rows: bind, `step`, `reset`.
package final class SQLiteStatement {
    private let statement: OpaquePointer
    // Keeps the connection open while the statement lives (finalize comes before close).
    private let connection: SQLiteConnection

    fileprivate init(_ statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds an integer to parameter `index` (1-based).
    package func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(statement, index, value)
    }

    /// Binds a double to parameter `index`.
    package func bind(_ index: Int32, _ value: Double) {
        sqlite3_bind_double(statement, index, value)
    }

    /// Binds UTF-8 text to parameter `index` (copied by SQLite; empty text stays text, not NULL).
    package func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bind(index, utf8: $0) }
    }

    /// Binds UTF-8 bytes as text to parameter `index`.
    package func bind(_ index: Int32, utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bind(index, utf8: $0) }
    }

    private func bind(_ index: Int32, utf8 buffer: UnsafeBufferPointer<UInt8>) {
        // A nil pointer would bind NULL: an empty buffer (which may have none) binds "" instead.
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            sqlite3_bind_text(statement, index, "", 0, csqlite_transient())
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            _ = sqlite3_bind_text(statement, index, $0, Int32(buffer.count), csqlite_transient())
        }
    }

    /// Advances: true when a row is ready, false when the statement is done.
    package func step() throws(SQLiteError) -> Bool {
        let status = sqlite3_step(statement)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let failure = connection.error(status)
            sqlite3_reset(statement)
            throw failure
        }
    }

    /// Runs the statement to its end, then readies it for new bindings.
    package func run() throws(SQLiteError) {
        defer { reset() }
        while try step() {}
    }

    /// Readies the statement to run again (bindings are kept until rebound).
    package func reset() {
        sqlite3_reset(statement)
    }

    /// Column `index` (0-based) of the current row as an integer.
    package func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(statement, index)
    }

    /// Column `index` of the current row as text; nil when it is NULL.
    package func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(statement, index) != SQLITE_NULL, let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
