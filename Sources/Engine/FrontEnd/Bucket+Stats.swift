/// `stats checkpoint` / `stats dcp`-style groups, collected by a background task into the
/// cookie's buffer and written by the front-end thread when the command resumes.
extension Bucket {
    public enum StatsGroup: String, Sendable {
        case checkpoint
        case dcp
        case memory
        case tasks
    }

    /// Starts collecting `group` on a nonIO task; always *would block*: the command completes on
    /// `cookie.notifyIOComplete()`.
    public func collectStats(_ group: StatsGroup, cookie: Cookie) {
        let task = EngineTask(name: "StatsTask[\(group.rawValue)]", pool: .nonIO) { [weak self] _ in
            let stats = self?.statsGroup(group) ?? []
            cookie.result.withLock { $0 = stats }
            cookie.notifyIOComplete()
            return false
        }
        executor.schedule(task)
    }

    func statsGroup(_ group: StatsGroup) -> [(String, String)] {
        switch group {
        case .checkpoint:
            return allVBuckets.flatMap { vbucket -> [(String, String)] in
                let manager = vbucket.checkpointManager
                let prefix = "vb_\(vbucket.id):"
                return [
                    (prefix + "open_checkpoint_id", String(manager.openCheckpointId)),
                    (prefix + "num_checkpoints", String(manager.numCheckpoints)),
                    (prefix + "num_checkpoint_items", String(manager.numItems)),
                    (prefix + "mem_usage", String(manager.memory.total)),
                    (prefix + "num_cursors", String(manager.cursorNames.count)),
                    (prefix + "persisted_seqno", String(vbucket.persistedSeqno)),
                    (prefix + "high_seqno", String(manager.highSeqno)),
                ]
            }
        case .dcp:
            return dcpProducers.flatMap { producer -> [(String, String)] in
                let prefix = "eq_dcpq:\(producer.name):"
                let backfill = producer.backfillStats
                return [
                    (prefix + "items_sent", String(producer.itemsSent)),
                    (prefix + "unacked_bytes", String(producer.unackedBytes)),
                    (prefix + "num_streams", String(producer.streamCount)),
                    (prefix + "backfill_items", String(backfill.items)),
                    (prefix + "backfill_runs", String(backfill.runs)),
                    (prefix + "backfill_buffer_full", String(producer.backfillBufferFullEvents)),
                ]
            }
        case .memory:
            let snapshot = stats.snapshot
            return [
                ("mem_used", String(memory.precise)), ("ep_max_size", String(quota.maxSize)),
                ("ep_mem_high_wat", String(quota.highWat)), ("ep_mem_low_wat", String(quota.lowWat)),
                ("ep_checkpoint_memory", String(counters.checkpoint)),
                ("ep_checkpoint_memory_pending_destruction", String(counters.checkpointPendingDestruction)),
                ("ep_tmp_oom_errors", String(snapshot.tmpOOMErrors)), ("ep_oom_errors", String(snapshot.oomErrors)),
            ]
        case .tasks:
            return executor.stats.map { ("\($0.pool.rawValue):\($0.name)", "runs=\($0.runs) runtime=\($0.totalRuntime)") }
        }
    }
}
