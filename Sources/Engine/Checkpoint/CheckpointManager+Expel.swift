/// Item expel (ep-engine's `expelUnreferencedCheckpointItems`).
extension CheckpointManager {
    /// Expels, from the oldest checkpoint, the items from just after `checkpoint_start` up to and
    /// including the one the lowest cursor stands on. Nothing goes when the lowest cursor is on
    /// the dummy or on `checkpoint_start`, or when there is no cursor. Cursors that stood on the
    /// last expelled item move to `checkpoint_start`.
    public func expelUnreferencedCheckpointItems() -> ExpelResult {
        state.withLock { $0.expel() }
    }
}

extension CheckpointManager.State {
    mutating func expel() -> ExpelResult {
        guard let lowest = lowestCursor, lowest.position > 1 else { return ExpelResult() }
        let oldest = checkpoints[0]
        guard lowest.checkpointId == oldest.id else { return ExpelResult() }
        let result = oldest.expel(through: lowest.position)
        for (name, cursor) in cursors where cursor.checkpointId == oldest.id && cursor.position == lowest.position {
            cursors[name]?.position = 1
        }
        return result
    }
}
