import CSQLite
import Foundation

/// Why the result index could not be opened, read or written. The directories stay the source
/// of truth, so callers can always say how to get a good index back (`kvbench index rebuild`).
public struct IndexError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String

    public var description: String { "\(path): \(message)" }
}

/// One SQLite connection to the index file, used from one thread. The index is derived data:
/// `synchronous=NORMAL` under WAL can lose the last transactions on power loss, never corrupt
/// the file, and a lost update is found again by the next synchronization with the directories.
final class IndexDatabase {
    let path: String
    private let handle: OpaquePointer

    init(path: String, readOnly: Bool = false) throws(IndexError) {
        self.path = path
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw IndexError(path: path, message: message)
        }
        handle = db
        // Another kvbench publishing into the same root holds the write lock briefly.
        sqlite3_busy_timeout(db, 30_000)
    }

    deinit { sqlite3_close_v2(handle) }

    func execute(_ sql: String) throws(IndexError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw IndexError(path: path, message: text)
        }
    }

    func prepare(_ sql: String) throws(IndexError) -> IndexStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw IndexError(path: path, message: "\(lastError) in \(sql.prefix(60))")
        }
        return IndexStatement(statement, database: self)
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`: a writer waits for another at
    /// the start rather than failing halfway); rolled back when it throws.
    func transaction<R>(_ body: () throws(IndexError) -> R) throws(IndexError) -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    var lastInsertedRow: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A value bound to a statement parameter.
enum IndexValue {
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Doubles stored as their bytes in this machine's order (repetition values); the index is
    /// rebuilt, never copied, between machines.
    case reals([Double])
    case null
}

/// A prepared statement: bind, step through rows, read columns. Finalized when released.
final class IndexStatement {
    private let statement: OpaquePointer
    private let database: IndexDatabase

    init(_ statement: OpaquePointer, database: IndexDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    /// Resets the statement and binds `values` to its parameters in order.
    @discardableResult
    func bind(_ values: [IndexValue]) throws(IndexError) -> IndexStatement {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let number): rc = sqlite3_bind_int64(statement, index, number)
            case .real(let number): rc = number.isFinite ? sqlite3_bind_double(statement, index, number) : sqlite3_bind_null(statement, index)
            case .text(let text): rc = sqlite3_bind_text(statement, index, text, -1, kvb_sqlite_transient())
            case .reals(let numbers):
                rc = numbers.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), kvb_sqlite_transient()) }
            case .null: rc = sqlite3_bind_null(statement, index)
            }
            guard rc == SQLITE_OK else { throw IndexError(path: database.path, message: database.lastError) }
        }
        return self
    }

    /// Advances to the next row: true while there is one.
    func step() throws(IndexError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw IndexError(path: database.path, message: database.lastError)
        }
    }

    /// Ends the current step (a statement left on a row keeps its table locked for this connection).
    func reset() { sqlite3_reset(statement) }

    /// Runs a statement that returns no rows.
    func run(_ values: [IndexValue]) throws(IndexError) {
        try bind(values)
        while try step() {}
    }

    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func real(_ column: Int32) -> Double? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : sqlite3_column_double(statement, column)
    }

    func text(_ column: Int32) -> String {
        sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
    }

    func optionalText(_ column: Int32) -> String? {
        sqlite3_column_type(statement, column) == SQLITE_NULL ? nil : text(column)
    }

    func reals(_ column: Int32) -> [Double] {
        let count = Int(sqlite3_column_bytes(statement, column)) / MemoryLayout<Double>.size
        guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return [] }
        // SQLite does not align blobs: copy the bytes rather than reading them as doubles in place.
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            memcpy(buffer.baseAddress!, bytes, count * MemoryLayout<Double>.size)
            initialized = count
        }
    }
}
