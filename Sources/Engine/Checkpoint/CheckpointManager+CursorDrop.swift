/// Cursor dropping, recovery's last resort (ep-engine's `getListOfCursorsToDrop` and the
/// stream's `handleSlowStream`): a dropped cursor's stream must backfill from disk.
extension CheckpointManager {
    /// Droppable cursors whose removal can free whole checkpoints: those in checkpoints older
    /// than the oldest one holding a cursor that cannot be dropped (the persistence cursor and its
    /// backup: nothing from their checkpoint on can go), or — without such a cursor — in closed
    /// checkpoints. Never one in the open checkpoint. Slowest first.
    public func cursorsToDrop() -> [String] {
        state.withLock { state in
            let limit = state.cursors.values.filter { !$0.droppable }.map(\.checkpointId).min() ?? state.openCheckpoint.id
            return state.cursors.values.filter { $0.droppable && $0.checkpointId < limit }
                .sorted { ($0.checkpointId, $0.position, $0.name) < ($1.checkpointId, $1.position, $1.name) }
                .map(\.name)
        }
    }

    /// Drops cursor `name` and removes the checkpoints that leaves unreferenced; nil when there
    /// was no such cursor.
    public func dropCursor(name: String, by strategy: CheckpointRecoveryStats.Strategy? = nil) -> CheckpointRemoval? {
        state.withLock { state in
            guard let cursor = state.cursors.removeValue(forKey: name) else { return nil }
            state.checkpoint(id: cursor.checkpointId).numCursors -= 1
            return state.removeClosedUnreferencedCheckpoints(by: strategy)
        }
    }
}
