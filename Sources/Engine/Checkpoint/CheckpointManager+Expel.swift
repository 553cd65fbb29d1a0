/// Item expel (ep-engine's `expelUnreferencedCheckpointItems`).
extension CheckpointManager {
    /// Expels, from the oldest checkpoint, the items from just after `checkpoint_start` up to and
    /// including the one the lowest cursor stands on — or, without cursors, up to the end of the
    /// checkpoint — stepping back over meta items and items that share their seqno with the next
    /// one, so that all of a seqno goes or none. Nothing goes when that leaves nothing past
    /// `checkpoint_start`, or when the oldest checkpoint is closed and unreferenced (removal frees
    /// it whole). Cursors on the last expelled item move to `checkpoint_start`; key-index entries
    /// stay (invalidated, not erased).
    public func expelUnreferencedCheckpointItems() -> ExpelResult {
        state.withLock { $0.expel() }
    }
}

extension CheckpointManager.State {
    mutating func expel() -> ExpelResult {
        let oldest = checkpoints[0]
        if oldest.numCursors == 0 && oldest.state == .closed { return ExpelResult() }
        guard oldest.numMutations > 0 else { return ExpelResult() }
        var last: Int
        if let lowest = lowestCursor {
            guard lowest.checkpointId == oldest.id else { return ExpelResult() }
            last = lowest.position
        } else {
            last = oldest.lastPosition
        }
        while last > 1, oldest.item(at: last)?.isMetaItem ?? true || oldest.nextSharesSeqno(after: last) {
            last = oldest.position(before: last)
        }
        guard last > 1 else { return ExpelResult() }
        let result = oldest.expel(through: last)
        for (name, cursor) in cursors where cursor.checkpointId == oldest.id && cursor.position == last {
            cursors[name]?.position = 1
        }
        return result
    }
}
