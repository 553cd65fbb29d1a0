import CSQLite

/// The KVStore on SQLite: one database file in WAL mode, a `documents` table keyed by
/// (vbid, key) with a (vbid, seqno) index, and a `vbuckets` table holding persisted seqnos.
/// Two connections, each behind its own lock: the flusher writes through one while background
/// fetches and scans read through the other (WAL lets readers run beside the writer).
public final class SQLiteKVStore: KVStore {
    public let path: String
    private let writer: LockedSQLiteConnection
    private let reader: LockedSQLiteConnection

    /// SQLite's page cache per connection, in KiB: the storage library's buffer budget, which
    /// shows up in the Secondary domain.
    public static let defaultCacheKiB = 512

    public init(path: String, cacheKiB: Int = SQLiteKVStore.defaultCacheKiB) throws(StorageError) {
        self.path = path
        let writeConnection = try SQLiteConnection(path: path, cacheKiB: cacheKiB)
        try writeConnection.execute("""
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS documents(
                vbid INTEGER NOT NULL, key BLOB NOT NULL, seqno INTEGER NOT NULL, rev INTEGER NOT NULL,
                cas INTEGER NOT NULL, flags INTEGER NOT NULL, expiry INTEGER NOT NULL, deleted INTEGER NOT NULL,
                value BLOB, PRIMARY KEY (vbid, key)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS documents_by_seqno ON documents(vbid, seqno);
            CREATE TABLE IF NOT EXISTS vbuckets(vbid INTEGER PRIMARY KEY, persisted_seqno INTEGER NOT NULL);
            """)
        writer = LockedSQLiteConnection(writeConnection)
        reader = LockedSQLiteConnection(try SQLiteConnection(path: path, cacheKiB: cacheKiB))
    }

    public func commit(vbid: UInt16, documents: [QueuedItem], persistedSeqno: Int64) throws(StorageError) {
        try writer.withConnection { (connection) throws(StorageError) in
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StorageError) {
                let upsert = try connection.statement("""
                    INSERT INTO documents(vbid, key, seqno, rev, cas, flags, expiry, deleted, value)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                    ON CONFLICT(vbid, key) DO UPDATE SET seqno = ?3, rev = ?4, cas = ?5, flags = ?6, expiry = ?7,
                    deleted = ?8, value = ?9
                    """)
                for item in documents {
                    sqlite3_reset(upsert)
                    sqlite3_bind_int64(upsert, 1, Int64(vbid))
                    bindText(upsert, 2, item.key)
                    sqlite3_bind_int64(upsert, 3, item.bySeqno)
                    sqlite3_bind_int64(upsert, 4, Int64(bitPattern: item.revSeqno))
                    sqlite3_bind_int64(upsert, 5, Int64(bitPattern: item.cas))
                    sqlite3_bind_int64(upsert, 6, Int64(item.flags))
                    sqlite3_bind_int64(upsert, 7, Int64(item.expiry))
                    sqlite3_bind_int64(upsert, 8, item.operation == .deletion ? 1 : 0)
                    // The value is bound without a copy (SQLITE_STATIC, nil destructor) for the
                    // duration of the step, and unbound right after so the statement keeps nothing.
                    let rc: Int32
                    if let value = item.value, item.operation != .deletion {
                        rc = value.withUnsafeBytes { bytes in
                            sqlite3_bind_blob(upsert, 9, bytes.baseAddress, Int32(bytes.count), nil)
                            return sqlite3_step(upsert)
                        }
                    } else {
                        sqlite3_bind_null(upsert, 9)
                        rc = sqlite3_step(upsert)
                    }
                    sqlite3_clear_bindings(upsert)
                    try connection.check(rc, expect: SQLITE_DONE, "write document")
                }
                let state = try connection.statement("INSERT INTO vbuckets(vbid, persisted_seqno) VALUES (?1, ?2) ON CONFLICT(vbid) DO UPDATE SET persisted_seqno = ?2")
                sqlite3_reset(state)
                sqlite3_bind_int64(state, 1, Int64(vbid))
                sqlite3_bind_int64(state, 2, persistedSeqno)
                try connection.check(sqlite3_step(state), expect: SQLITE_DONE, "write vbucket state")
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func get<R>(vbid: UInt16, key: String, _ body: (DiskDocument?) -> R) throws(StorageError) -> R {
        try reader.withConnection { (connection) throws(StorageError) -> R in
            let select = try connection.statement("SELECT key, value, seqno, rev, cas, flags, expiry, deleted FROM documents WHERE vbid = ?1 AND key = ?2")
            sqlite3_reset(select)
            sqlite3_bind_int64(select, 1, Int64(vbid))
            bindText(select, 2, key)
            let rc = sqlite3_step(select)
            if rc == SQLITE_DONE { return body(nil) }
            try connection.check(rc, expect: SQLITE_ROW, "get")
            let result = body(document(select))
            sqlite3_reset(select)
            return result
        }
    }

    @discardableResult
    public func scan(vbid: UInt16, from: Int64, to: Int64, _ body: (DiskDocument) -> Bool) throws(StorageError) -> Int {
        try reader.withConnection { (connection) throws(StorageError) -> Int in
            let select = try connection.statement("""
                SELECT key, value, seqno, rev, cas, flags, expiry, deleted FROM documents
                WHERE vbid = ?1 AND seqno BETWEEN ?2 AND ?3 ORDER BY seqno
                """)
            sqlite3_reset(select)
            sqlite3_bind_int64(select, 1, Int64(vbid))
            sqlite3_bind_int64(select, 2, from)
            sqlite3_bind_int64(select, 3, to)
            defer { sqlite3_reset(select) }
            var visited = 0
            while true {
                let rc = sqlite3_step(select)
                if rc == SQLITE_DONE { break }
                try connection.check(rc, expect: SQLITE_ROW, "scan")
                visited += 1
                if !body(document(select)) { break }
            }
            return visited
        }
    }

    /// Page cache, schema and prepared statements of both connections (`sqlite3_db_status`) as
    /// of their last use: this store's share, unlike the process-wide `sqlite3_memory_used`.
    public var memoryUsed: Int { writer.memoryUsed + reader.memoryUsed }

    public func persistedSeqno(vbid: UInt16) throws(StorageError) -> Int64 {
        try reader.withConnection { (connection) throws(StorageError) -> Int64 in
            let select = try connection.statement("SELECT persisted_seqno FROM vbuckets WHERE vbid = ?1")
            sqlite3_reset(select)
            sqlite3_bind_int64(select, 1, Int64(vbid))
            defer { sqlite3_reset(select) }
            let rc = sqlite3_step(select)
            if rc == SQLITE_DONE { return 0 }
            try connection.check(rc, expect: SQLITE_ROW, "read vbucket state")
            return sqlite3_column_int64(select, 0)
        }
    }

    /// Keys are small: SQLite copies them (SQLITE_TRANSIENT) and frees the copy on the next bind.
    private func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), kvb_sqlite_transient())
        }
    }

    private func document(_ row: OpaquePointer) -> DiskDocument {
        func blob(_ column: Int32) -> UnsafeRawBufferPointer {
            let count = Int(sqlite3_column_bytes(row, column))
            return UnsafeRawBufferPointer(start: sqlite3_column_blob(row, column), count: count)
        }
        return DiskDocument(key: blob(0), value: blob(1), bySeqno: sqlite3_column_int64(row, 2),
                            revSeqno: UInt64(bitPattern: sqlite3_column_int64(row, 3)),
                            cas: UInt64(bitPattern: sqlite3_column_int64(row, 4)),
                            flags: UInt32(truncatingIfNeeded: sqlite3_column_int64(row, 5)),
                            expiry: UInt32(truncatingIfNeeded: sqlite3_column_int64(row, 6)),
                            isDeleted: sqlite3_column_int64(row, 7) != 0)
    }
}
