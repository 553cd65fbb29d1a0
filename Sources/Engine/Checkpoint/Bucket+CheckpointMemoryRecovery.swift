/// Checkpoint memory recovery (ep-engine's `CheckpointMemRecoveryTask`): once checkpoint memory
/// reaches the upper mark (a fraction of `quota × checkpoint_memory_ratio`), release memory down
/// to the lower mark, visiting vBuckets by decreasing checkpoint memory, with three strategies in
/// order: (1) close the open checkpoint and remove unreferenced ones, (2) expel, (3) drop the
/// slowest droppable cursors (their streams must go back to disk).
extension Bucket {
    func recoverCheckpointMemory() {
        let checkpointQuota = Double(checkpointQuota)
        guard Double(counters.checkpoint) >= checkpointQuota * quota.recoveryUpperMark else { return }
        let lower = checkpointQuota * quota.recoveryLowerMark
        func recovered() -> Bool { Double(counters.checkpoint) < lower }
        let ordered = allVBuckets
            .map { ($0, $0.checkpointManager.memory.total) }
            .sorted { $0.1 > $1.1 }
            .map(\.0)

        for vbucket in ordered {
            let removed = vbucket.checkpointManager.createNewCheckpointIfItHoldsMutations()
            stats.recoveryCheckpointsRemoved.add(removed, ordering: .relaxed)
            if recovered() { return }
        }
        // Checkpoints just closed go as soon as the flusher moves the persistence cursor past them.
        wakeFlusher()
        for vbucket in ordered {
            let expelled = vbucket.checkpointManager.expelUnreferencedCheckpointItems()
            stats.recoveryItemsExpelled.add(expelled.count, ordering: .relaxed)
            if recovered() { return }
        }
        for vbucket in ordered {
            while vbucket.checkpointManager.dropSlowestDroppableCursor() != nil {
                stats.recoveryCursorsDropped.add(1, ordering: .relaxed)
                if recovered() { return }
            }
        }
    }
}

extension CheckpointManager {
    /// Closes the open checkpoint if it holds a mutation, then removes what that frees.
    /// Returns how many checkpoints were removed.
    public func createNewCheckpointIfItHoldsMutations() -> Int {
        state.withLock { state in
            if state.openCheckpoint.numMutations > 0 { state.createNewCheckpoint() }
            return state.removeClosedUnreferencedCheckpoints()
        }
    }

    /// Removes the droppable cursor furthest behind (its reader must backfill from disk).
    /// Returns its name, or nil when no droppable cursor is left.
    public func dropSlowestDroppableCursor() -> String? {
        state.withLock { state in
            let slowest = state.cursors.values.filter(\.droppable)
                .min { ($0.checkpointId, $0.position) < ($1.checkpointId, $1.position) }
            guard let slowest else { return nil }
            state.cursors[slowest.name] = nil
            state.checkpoint(id: slowest.checkpointId).numCursors -= 1
            state.removeClosedUnreferencedCheckpoints()
            return slowest.name
        }
    }
}
