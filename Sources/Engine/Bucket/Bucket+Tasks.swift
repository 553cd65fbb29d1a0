/// Creation and waking of the bucket's background tasks. Task bodies hold the bucket weakly:
/// once the bucket is gone they return false and the executor retires them.
extension Bucket {
    /// How soon an idle flusher looks again without being woken.
    static let housekeepingInterval = 0.1
    /// How soon checkpoint-memory recovery, or the item pager, runs again when it fell short of its target.
    static let recoveryRetryInterval = 0.1

    func startTasks() {
        var created = BucketTasks()
        if store != nil {
            created.flushers = (0..<configuration.maxNumShards).map { shard in
                EngineTask(name: "Flusher[\(shard)]", pool: .writer) { [weak self] task in
                    guard let self else { return false }
                    // Cleared before the pass: a write during it sets the flag again and wakes us.
                    wakePending.flushers[shard].pending.store(false, ordering: .relaxed)
                    if !flushOnce(shard: shard) { task.snooze(Self.housekeepingInterval) }
                    return true
                }
            }
            created.backgroundFetcher = EngineTask(name: "BGFetcher", pool: .reader) { [weak self] task in
                guard let self else { return false }
                runBackgroundFetches()
                task.snooze(3600)
                return true
            }
        }
        created.itemPager = EngineTask(name: "ItemPager", pool: .nonIO) { [weak self] task in
            guard let self else { return false }
            wakePending.itemPager.store(false, ordering: .relaxed)
            runItemPager()
            // Still above the high watermark: another pass soon, as ep-engine's pager reschedules
            // itself while memory stays high; else it sleeps until woken or pager_sleep_time.
            task.snooze(memory.precise > quota.highWat ? Self.recoveryRetryInterval : configuration.pagerSleepTime)
            return true
        }
        created.checkpointRecovery = EngineTask(name: "CheckpointMemRecoveryTask", pool: .nonIO) { [weak self] task in
            guard let self else { return false }
            wakePending.checkpointRecovery.store(false, ordering: .relaxed)
            // Short of the target it tries again soon, as ep-engine's task snoozes 0.1 s.
            task.snooze(recoverCheckpointMemory() ? configuration.checkpointRemoverInterval : Self.recoveryRetryInterval)
            return true
        }
        tasks.withLock { $0 = created }
        if configuration.testRunCheckpointTasksManually {
            created.checkpointRecovery = nil
            tasks.withLock { $0 = created }
        } else {
            for destroyer in checkpointDestroyers { destroyer.start() }
        }
        for task in created.flushers + [created.backgroundFetcher, created.itemPager, created.checkpointRecovery].compactMap({ $0 }) {
            executor.schedule(task)
        }
    }

    /// Called on every write: the first write to a shard after its flusher went idle wakes it.
    func wakeFlusher(for vbid: UInt16) { wakeFlusher(shard: Int(vbid) % configuration.maxNumShards) }

    /// Wakes every flusher.
    func wakeFlushers() {
        for shard in 0..<configuration.maxNumShards { wakeFlusher(shard: shard) }
    }

    private func wakeFlusher(shard: Int) {
        guard !wakePending.flushers[shard].pending.exchange(true, ordering: .relaxed),
              let task = tasks.withLock({ $0.flushers.indices.contains(shard) ? $0.flushers[shard] : nil }) else { return }
        executor.wake(task)
    }

    func wakeItemPager() {
        guard !wakePending.itemPager.exchange(true, ordering: .relaxed),
              let task = tasks.withLock({ $0.itemPager }) else { return }
        executor.wake(task)
    }

    func wakeCheckpointRecovery() {
        guard !wakePending.checkpointRecovery.exchange(true, ordering: .relaxed),
              let task = tasks.withLock({ $0.checkpointRecovery }) else { return }
        executor.wake(task)
    }

    /// Statistics of every task the bucket's executor has run.
    public var taskStats: [TaskStats] { executor.stats }
}
