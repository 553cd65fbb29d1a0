/// The flusher's reads (ep-engine's `getItemsForPersistence` and its backup persistence cursor).
/// Reading moves the persistence cursor before the batch is on disk; until the flusher says the
/// commit landed, a non-droppable backup cursor stays where the persistence cursor was, so that
/// neither checkpoint removal nor expel frees what disk does not yet hold. Without it a DCP
/// stream that re-registers after its cursor was dropped would be sent to a backfill of items
/// that are on neither (found by the soak workload with a full disk).
extension CheckpointManager {
    static let backupPersistenceCursor = "persistence-backup"

    /// Reads up to `limit` elements after cursor `name`, leaving the backup cursor at its old place.
    func getItemsForPersistence(name: String, limit: Int) -> [QueuedItem] {
        state.withLock { state in
            if state.cursors[Self.backupPersistenceCursor] == nil, let cursor = state.cursors[name] {
                state.cursors[Self.backupPersistenceCursor] = CheckpointCursor(
                    name: Self.backupPersistenceCursor, checkpointId: cursor.checkpointId, position: cursor.position, droppable: false)
                state.checkpoint(id: cursor.checkpointId).numCursors += 1
            }
            var items: [QueuedItem] = []
            state.advanceCursor(name: name, limit: limit) { items.append($0) }
            return items
        }
    }

    /// The batch read by `getItemsForPersistence` is on disk: what only it held may go.
    func persistenceCommitted() {
        removeCursor(name: Self.backupPersistenceCursor)
    }
}
