import MemoryTracking

/// Checkpoint-memory recovery (ep-engine's `CheckpointMemRecoveryTask::runInner`). The memory
/// state counts what checkpoints hold plus what removed checkpoints hold until the destroyer
/// frees them; recovery starts at the upper mark and aims at the lower mark, less what the
/// destroyer is about to free. vBuckets are visited by decreasing checkpoint memory with three
/// strategies in order, stopping as soon as the reduction is met: (1) a new checkpoint where the
/// open one is full, caught-up cursors moving into it so the old one is removed; (2) expel, when
/// `chk_expel_enabled`; (3) dropping droppable cursors in checkpoints older than the persistence
/// cursor's (their streams go back to disk).
extension Bucket {
    /// ep-engine's `CheckpointMemoryState`.
    public enum CheckpointMemoryState: Sendable, Equatable {
        /// Below the recovery upper mark.
        case available
        /// At or above the upper mark: recovery runs.
        case needsRecovery
        /// At or above the checkpoint quota: writes are refused until recovery or the destroyer frees memory.
        case full
    }

    /// Checkpoint memory as the memory state counts it: checkpoints, and removed ones not yet destroyed.
    var checkpointMemoryInUse: Int { counters.checkpoint + counters.checkpointPendingDestruction }

    public var checkpointMemoryState: CheckpointMemoryState {
        let usage = Double(checkpointMemoryInUse)
        if usage >= Double(checkpointQuota) { return .full }
        return usage >= Double(checkpointQuota) * quota.recoveryUpperMark ? .needsRecovery : .available
    }

    /// ep-engine's `getRequiredCMMemoryReduction`: nothing below the upper mark; above it, what
    /// brings usage down to the lower mark beyond what the destroyer will free anyway.
    public var requiredCheckpointMemoryReduction: Int {
        let usage = Double(checkpointMemoryInUse)
        let checkpointQuota = Double(checkpointQuota)
        guard usage >= checkpointQuota * quota.recoveryUpperMark else { return 0 }
        return max(0, Int(usage - checkpointQuota * quota.recoveryLowerMark) - counters.checkpointPendingDestruction)
    }

    /// One run of the recovery task now, on the calling thread (tests with
    /// `testRunCheckpointTasksManually`); returns whether the reduction was met.
    @_spi(Testing) public func runCheckpointMemoryRecovery() -> Bool {
        DomainGuard.run(.primary) { recoverCheckpointMemory() }
    }

    /// One run; returns whether the reduction was met (else the task runs again in 0.1 s).
    func recoverCheckpointMemory() -> Bool {
        guard requiredCheckpointMemoryReduction > 0 else { return true }
        let recovery = stats.recovery
        let ordered = allVBuckets.map { ($0, $0.checkpointManager.memory.total) }.sorted { $0.1 > $1.1 }.map(\.0)
        for vbucket in ordered {
            let removed = vbucket.checkpointManager.createNewCheckpointIfFull(by: .checkpointRemoval)
            recovery.record(.checkpointRemoval, count: removed.checkpoints, engineBytes: removed.memory)
            if requiredCheckpointMemoryReduction == 0 { return true }
        }
        if configuration.chkExpelEnabled {
            for vbucket in ordered {
                let before = ThreadAllocations.current
                let expelled = vbucket.checkpointManager.expelUnreferencedCheckpointItems()
                recovery.record(.itemExpel, count: expelled.count, engineBytes: expelled.memory)
                recovery.recordAllocatorFreed(.itemExpel, Int(ThreadAllocations.current.freed(since: before)))
                if requiredCheckpointMemoryReduction == 0 { return true }
            }
        }
        for vbucket in ordered {
            for name in vbucket.checkpointManager.cursorsToDrop() {
                guard let removed = vbucket.checkpointManager.dropCursor(name: name, by: .cursorDrop) else { continue }
                recovery.record(.cursorDrop, count: 1, engineBytes: removed.memory)
                recovery.recordCheckpointsRemovedByCursorDrop(removed.checkpoints)
                if requiredCheckpointMemoryReduction == 0 { return true }
            }
        }
        return false
    }
}
