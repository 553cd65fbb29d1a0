import CSQLite
import MemoryTracking

/// One SQLite connection and its prepared statements. Not thread-safe: the store keeps each
/// behind a lock.
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, cacheKiB: Int) throws(StorageError) {
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close(db) }
            throw StorageError(operation: "open \(path)", code: rc, message: message)
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
        try execute("PRAGMA cache_size=-\(cacheKiB)")
    }

    /// SQLite frees its caches here: in the Secondary domain that allocated them, whichever
    /// thread lets go of the store last.
    deinit {
        DomainGuard.run(.secondary) {
            for statement in statements.values { sqlite3_finalize(statement) }
            sqlite3_close(handle)
        }
    }

    var memoryUsed: Int {
        [SQLITE_DBSTATUS_CACHE_USED, SQLITE_DBSTATUS_SCHEMA_USED, SQLITE_DBSTATUS_STMT_USED].reduce(0) { total, option in
            var current: Int32 = 0
            var highest: Int32 = 0
            return sqlite3_db_status(handle, option, &current, &highest, 0) == SQLITE_OK ? total + Int(current) : total
        }
    }

    func execute(_ sql: String) throws(StorageError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil), expect: SQLITE_OK, sql.prefix(40).description)
    }

    /// A cached prepared statement for `sql`.
    func statement(_ sql: String) throws(StorageError) -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        try check(sqlite3_prepare_v2(handle, sql, -1, &statement, nil), expect: SQLITE_OK, "prepare")
        statements[sql] = statement!
        return statement!
    }

    func check(_ rc: Int32, expect: Int32, _ operation: String) throws(StorageError) {
        guard rc == expect else {
            throw StorageError(operation: operation, code: rc, message: String(cString: sqlite3_errmsg(handle)))
        }
    }
}
