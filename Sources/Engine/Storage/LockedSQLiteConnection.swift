import Locking
import Synchronization

/// A connection behind its lock, with what it holds in memory published after every use: the
/// bucket asks for the store's memory on the write path and from inside store callbacks (warmup
/// decides per document whether to load the value), where taking the connection's lock again
/// would deadlock. Any thread may call.
final class LockedSQLiteConnection: Sendable {
    private let connection: LockedValue<SQLiteConnection>
    private let memory: Atomic<Int>

    init(_ connection: SQLiteConnection) {
        memory = Atomic(connection.memoryUsed)
        self.connection = LockedValue(connection)
    }

    /// Runs `body` holding the connection, then publishes its memory figure.
    func withConnection<R>(_ body: (SQLiteConnection) throws(StorageError) -> R) throws(StorageError) -> R {
        try connection.withLock { (connection) throws(StorageError) -> R in
            defer { memory.store(connection.memoryUsed, ordering: .relaxed) }
            return try body(connection)
        }
    }

    /// The figure after the last use; never waits for the lock.
    var memoryUsed: Int { memory.load(ordering: .relaxed) }
}
